"""A live refId with this stack's prefix and a credential in it (made by another tool, or by hand):
no manifest key holds one, so it is not the stack's. Every view and the saved plan show it by its
id, its SERIAL_NO masked, and nothing removes it."""

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
    assert "dam-a/#" in planned.stdout


def test_the_text_plan_shows_them_unmanaged_with_their_serials_masked(leaky: Workspace) -> None:
    planned = leaky.run("plan", QUICKSTART).stdout
    assert "not owned by stack 'quickstart' (SERIAL_NO 'quickstart:dam-a/old?token=(sensitive)')" in planned
    assert "(SERIAL_NO '(sensitive)@feed.example')" in planned
    assert "Plan: 0 to add, 0 to change, 0 to destroy, 2 unmanaged." in planned
    assert "beneath it 1 unmanaged sensor, not listed one by one" in planned


@pytest.mark.parametrize("output_format", ["text", "json", "markdown", "junit", "html"])
def test_a_drift_report_shows_no_credential_of_a_live_ref_id(leaky: Workspace, output_format: str) -> None:
    drift = leaky.run("drift", QUICKSTART, "--format", output_format)
    assert drift.exit_code == 2, drift.output
    assert not _in_clear(drift.output)


def test_a_saved_plan_holds_no_credential_and_its_apply_removes_none_of_them(leaky: Workspace) -> None:
    assert leaky.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    saved = (leaky.path / "plan.json").read_text()
    assert not _in_clear(saved)
    applied = leaky.run("apply", "plan.json")
    assert applied.exit_code == 0, applied.output
    assert not _in_clear(applied.output)
    for ref_id in (WITH_TOKEN, f"{WITH_TOKEN}/t1", WITH_PASSWORD):
        assert leaky.live_entity(ref_id)
