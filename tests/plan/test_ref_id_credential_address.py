"""The address of this stack's entity whose live refId holds a credential: derived from the refId,
it would show the credential in every view; it is masked, unique by the entity's id, and the
entity is still found and removed by its refId as the platform holds it."""

from __future__ import annotations

import pytest

from iotplan.errors import PlanError
from iotplan.live import LiveConnection, LiveEntity
from iotplan.plan.drift_entries import drift_entries
from iotplan.plan.model import Action, Change, Plan
from iotplan.render import render_text
from tests.plan.livebuilder import applied, find
from tests.plan.test_diff import MANIFEST, PROJECT, load, plan_for

WITH_TOKEN = "site:dam-a/logger-1/old?token=t-0123456789"


def _add_sensor(live, serial: str, short_id: str) -> None:
    device = find(live, "site:dam-a/logger-1")
    connection = next(iter(next(iter(live.projects.values())).connections.values()))
    connection.sensors[device.id].append(
        LiveEntity(f"{device.id}/{short_id}/sensor", {"SERIAL_NO": serial}, device.id)
    )


def _removals(plan: Plan) -> dict[str, Change]:
    return {change.address: change for change in plan.changes if change.action is Action.REMOVE}


def test_a_credential_in_an_own_ref_id_is_masked_in_the_address_and_its_reason() -> None:
    live = applied(load())
    _add_sensor(live, WITH_TOKEN, "C0FFEE")
    plan = plan_for(load(), live)
    [(address, change)] = _removals(plan).items()
    assert address == "dam-a/logger-1/(sensitive)#C0FFEE"
    assert "as dam-a/logger-1/old?token=(sensitive)" in change.reason
    assert change.live_ref_id == WITH_TOKEN  # removed by the refId the platform holds
    assert "t-0123456789" not in render_text(plan, color=False)


def test_two_ref_ids_that_differ_in_their_credential_alone_are_two_removals() -> None:
    live = applied(load())
    _add_sensor(live, WITH_TOKEN, "C0FFEE")
    _add_sensor(live, WITH_TOKEN.replace("t-0123", "t-9876"), "BEEF00")
    assert set(_removals(plan_for(load(), live))) == {
        "dam-a/logger-1/(sensitive)#C0FFEE",
        "dam-a/logger-1/(sensitive)#BEEF00",
    }


def test_a_key_that_masking_leaves_whole_keeps_its_address() -> None:
    live = applied(load())
    _add_sensor(live, "site:dam-a/logger-1/https://op:pw-0123456@feed.example/x9", "C0FFEE")
    [(address, change)] = _removals(plan_for(load(), live)).items()
    assert address == "dam-a/logger-1/x9"
    assert "as dam-a/logger-1/https://(sensitive)@feed.example/x9" in change.reason
    assert "pw-0123456" not in change.reason


def test_an_own_connection_holding_a_credential_is_addressed_masked() -> None:
    live = applied(load())
    node = LiveEntity("/api/C0FFEE/node", {"SERIAL_NO": "site:https://op:pw-0123456@feed.example"})
    live.projects[PROJECT].connections[node.id] = LiveConnection(node, project_id=PROJECT)
    plan = plan_for(load(), live)
    assert list(_removals(plan)) == ["(sensitive)#C0FFEE"]
    assert "pw-0123456" not in render_text(plan, color=False)


def test_a_drift_report_names_it_masked() -> None:
    live = applied(load())
    _add_sensor(live, WITH_TOKEN, "C0FFEE")
    entries = drift_entries(plan_for(load(), live), "site.yaml")
    assert "dam-a/logger-1/(sensitive)#C0FFEE" in [entry.address for entry in entries]


def test_a_refusal_naming_the_parent_its_ref_id_names_shows_it_masked() -> None:
    """This stack's sensor where one is to be created, its refId naming another parent: likely that
    parent renamed without `moved`; the refusal quotes the refId and that parent."""
    live = applied(load())
    _add_sensor(live, "site:dam-a/logger-1?token=t-0123456789/pz-new", "C0FFEE")
    text = MANIFEST + "              - key: pz-new\n                template: TEMPERATURE_SDE\n"
    with pytest.raises(PlanError) as refused:
        plan_for(load(text), live)
    assert "likely dam-a/logger-1?token=(sensitive) was renamed" in str(refused.value)
    assert "t-0123456789" not in str(refused.value)


def test_a_replaced_device_names_the_undeclared_sensors_going_with_it_masked() -> None:
    before = MANIFEST.replace("name: Logger\n", "name: Logger\n            template: DEMO_DEVICE_SDE\n")
    live = applied(load(before))
    _add_sensor(live, WITH_TOKEN + "/x", "C0FFEE")
    after = before.replace("DEMO_DEVICE_SDE", "IMPORT_DEVICE_SDE")
    [replaced] = [c for c in plan_for(load(after), live).changes if c.action is Action.REPLACE]
    assert "goes with it: site:dam-a/logger-1/old?token=(sensitive)" in replaced.reason
    assert "t-0123456789" not in replaced.reason
