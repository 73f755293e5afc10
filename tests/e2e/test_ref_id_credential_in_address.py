"""A live refId with this stack's prefix and a credential in it (made before such refIds were
refused, or by another tool): the address a plan derives from it is shown masked in every view
and in the saved plan, and the plan still removes exactly that entity."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace

TOKEN = "abc123456789"
PASSWORD = "hunter2-secret"
WITH_TOKEN = f"quickstart:dam-a/old?token={TOKEN}"
WITH_PASSWORD = f"quickstart:dam-a/https://admin:{PASSWORD}@feed.example"


@pytest.fixture
def leaky(workspace: Workspace) -> Workspace:
    """The quickstart applied, then two devices of its stack made behind its back, one holding a sensor."""
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    sensor = {
        "changeState": "new",
        "refId": f"{WITH_TOKEN}/t1",
        "props": {"INTEGRATION_ID": "TEMPERATURE_SDE"},
    }
    devices = [
        {
            "changeState": "new",
            "refId": ref_id,
            "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE"},
            "sensors": [],
        }
        for ref_id in (WITH_TOKEN, WITH_PASSWORD)
    ]
    devices[0]["sensors"] = [sensor]
    workspace.integrate_under("quickstart:dam-a", devices)
    return workspace


def _in_clear(text: str) -> bool:
    return TOKEN in text or PASSWORD in text


@pytest.mark.parametrize("output_format", ["text", "json", "markdown"])
def test_a_plan_shows_no_credential_of_a_live_ref_id(leaky: Workspace, output_format: str) -> None:
    planned = leaky.run("plan", QUICKSTART, "--format", output_format)
    assert planned.exit_code == 0, planned.output
    assert not _in_clear(planned.output)
    assert "dam-a/(sensitive)#" in planned.stdout


def test_the_text_plan_names_the_entity_masked_by_the_address_its_ref_id_names(leaky: Workspace) -> None:
    planned = leaky.run("plan", QUICKSTART).stdout
    assert "as dam-a/old?token=(sensitive), with 1 sensor" in planned
    assert "as dam-a/https://(sensitive)@feed.example" in planned


def test_the_json_plan_addresses_each_such_entity_apart(leaky: Workspace) -> None:
    """Two refIds may differ in their credential alone: each address ends in its entity's own id."""
    changes = leaky.json("plan", QUICKSTART)["changes"]
    removed = {c["address"]: c["live_id"] for c in changes if c["action"] == "remove"}
    assert len(removed) == 2
    for address, live_id in removed.items():
        assert address.startswith("dam-a/(sensitive)#") and address.rsplit("#", 1)[1] in live_id


@pytest.mark.parametrize("output_format", ["text", "json", "markdown", "junit", "html"])
def test_a_drift_report_shows_no_credential_of_a_live_ref_id(leaky: Workspace, output_format: str) -> None:
    drift = leaky.run("drift", QUICKSTART, "--format", output_format)
    assert drift.exit_code == 2, drift.output
    assert not _in_clear(drift.output)
    assert "(sensitive)#" in drift.stdout


def test_a_saved_plan_holds_no_credential_and_its_apply_removes_exactly_those_entities(
    leaky: Workspace,
) -> None:
    assert leaky.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    saved = (leaky.path / "plan.json").read_text()
    assert not _in_clear(saved)
    applied = leaky.run("apply", "plan.json")
    assert applied.exit_code == 0, applied.output
    assert not _in_clear(applied.output)
    for ref_id in (WITH_TOKEN, f"{WITH_TOKEN}/t1", WITH_PASSWORD):
        with pytest.raises(KeyError):
            leaky.live_entity(ref_id)
    assert leaky.live_entity("quickstart:dam-a/logger-1/pz-1")  # and nothing else of the stack's


def test_a_saved_removal_whose_entity_was_made_again_is_refused_as_stale(leaky: Workspace) -> None:
    """Same refId, another entity: its address (by its id) is not the one reviewed."""
    assert leaky.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    node = leaky.live_entity("quickstart:dam-a")
    again = {"changeState": "new", "refId": WITH_PASSWORD, "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE"}}
    gone = {"changeState": "remove", "refId": WITH_PASSWORD}
    leaky.integrate({"integration": {"nodeId": node["id"], "devices": [gone]}})
    leaky.integrate({"integration": {"nodeId": node["id"], "devices": [again]}})
    refused = leaky.run("apply", "plan.json")
    assert refused.exit_code == 1, refused.output
    assert "run iotplan plan again" in refused.stderr
    assert not _in_clear(refused.output)
    assert leaky.live_entity(WITH_PASSWORD)
