"""A live refId of this stack's prefix that holds a credential: no manifest key holds one, so
iotplan never made it, and it is not the stack's (unmanaged, addressed by its id); every view and
refusal that quotes it shows the credential masked."""

from __future__ import annotations

import pytest

from iotplan.errors import PlanError
from iotplan.live import LiveConnection, LiveEntity
from iotplan.plan.drift_entries import drift_entries
from iotplan.plan.model import Action, Change, Plan
from iotplan.render import render_text
from tests.plan.livebuilder import applied, find, first_connection
from tests.plan.test_diff import MANIFEST, PROJECT, load, plan_for

WITH_TOKEN = "site:dam-a/logger-1/old?token=t-0123456789"


def _add_sensor(live, serial: str, short_id: str) -> None:
    device = find(live, "site:dam-a/logger-1")
    connection = first_connection(live)
    connection.sensors[device.id].append(
        LiveEntity(f"{device.id}/{short_id}/sensor", {"SERIAL_NO": serial}, device.id)
    )


def _removals(plan: Plan) -> dict[str, Change]:
    return {change.address: change for change in plan.changes if change.action is Action.REMOVE}


def test_a_ref_id_of_the_stacks_prefix_holding_a_credential_is_not_the_stacks_and_shown_masked() -> None:
    """No manifest key holds `?`, `=` or `@`: iotplan never made it, so it is left alone, by its id."""
    live = applied(load())
    _add_sensor(live, WITH_TOKEN, "C0FFEE")
    plan = plan_for(load(), live)
    assert _removals(plan) == {}
    [unmanaged] = [change for change in plan.changes if change.action is Action.UNMANAGED]
    assert unmanaged.address == "dam-a/logger-1/#C0FFEE"
    assert "SERIAL_NO 'site:dam-a/logger-1/old?token=(sensitive)'" in unmanaged.reason
    assert unmanaged.live_ref_id == WITH_TOKEN
    assert "t-0123456789" not in render_text(plan, color=False)


def test_a_connection_of_the_stacks_prefix_holding_a_credential_is_not_removed() -> None:
    live = applied(load())
    node = LiveEntity("/api/C0FFEE/node", {"SERIAL_NO": "site:https://op:pw-0123456@feed.example"})
    live.projects[PROJECT].connections[node.id] = LiveConnection(node, project_id=PROJECT)
    plan = plan_for(load(), live)
    assert _removals(plan) == {}
    assert "pw-0123456" not in render_text(plan, color=False)


def test_a_drift_report_names_it_by_its_id_and_masked() -> None:
    live = applied(load())
    _add_sensor(live, WITH_TOKEN, "C0FFEE")
    entries = drift_entries(plan_for(load(), live), "site.yaml")
    assert "dam-a/logger-1/#C0FFEE" in [entry.address for entry in entries]
    assert "t-0123456789" not in repr(entries)


def test_a_replaced_device_names_the_undeclared_sensors_going_with_it_masked() -> None:
    before = MANIFEST.replace("name: Logger\n", "name: Logger\n            template: DEMO_DEVICE_SDE\n")
    live = applied(load(before))
    _add_sensor(live, WITH_TOKEN + "/x", "C0FFEE")
    after = before.replace("DEMO_DEVICE_SDE", "IMPORT_DEVICE_SDE")
    with pytest.raises(PlanError) as refused:
        plan_for(load(after), live)
    assert (
        "dam-a/logger-1/#C0FFEE (SERIAL_NO 'site:dam-a/logger-1/old?token=(sensitive)', "
        "an unknown number of observations)" in str(refused.value)
    )
    assert "t-0123456789" not in str(refused.value)
