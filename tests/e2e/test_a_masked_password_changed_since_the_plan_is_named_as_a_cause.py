"""A saved plan shows a live `sa:pw@db.example` as `(sensitive)@db.example`, and its fingerprint leaves
the password out: another tool setting a new password since leaves every value the plan shows as it was,
yet the entity changed. The refusal names the masked password among what the plan does not show."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace

PZ_1 = "quickstart:dam-a/logger-1/pz-1"


def set_notes(workspace: Workspace, notes: str) -> None:
    device = {"changeState": "update", "refId": "quickstart:dam-a/logger-1", "props": {}}
    device["sensors"] = [{"changeState": "update", "refId": PZ_1, "props": {"NOTES": notes}}]
    workspace.integrate_under("quickstart:dam-a", [device])


def test_a_password_changed_behind_its_mask_is_named_in_the_refusal(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    set_notes(workspace, "sa:pw0rd1@db.example")
    assert workspace.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    set_notes(workspace, "sa:NEWpw@db.example")
    refused = workspace.run("apply", "plan.json")
    assert refused.exit_code == 1, refused.output
    assert (
        "the platform changed since the plan was made in what the plan does not show (a prop no manifest "
        "sets, a password the plan shows masked, or a change undone since): run iotplan plan again"
    ) in refused.stderr
    assert "pw0rd1" not in refused.output and "NEWpw" not in refused.output
    assert workspace.live_entity(PZ_1)["props"]["NOTES"] == "sa:NEWpw@db.example"
