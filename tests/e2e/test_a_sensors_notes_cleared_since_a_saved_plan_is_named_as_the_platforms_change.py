"""A saved plan renames a crack meter and holds the piezometer beside it in sync; the piezometer's
notes are then cleared in the web app (NOTES set to null). The refusal fell back to "either the
platform changed there since the plan was made, or the plan file was edited or cut": only the
values the fresh read holds were compared, and it holds no notes (cr169 F2a). It names the sensor
and its notes, and nothing is written."""

from __future__ import annotations

import re

from tests.e2e.conftest import QUICKSTART, Workspace

PZ_1 = "quickstart:dam-a/logger-1/pz-1"


def test_a_sensors_notes_cleared_since_a_saved_plan_is_named_as_the_platforms_change(
    workspace: Workspace,
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, "name: Crack meter CM-1", "name: Crack meter CM-1b")
    assert workspace.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    pz_1 = {"changeState": "update", "refId": PZ_1, "props": {"NOTES": None}}
    logger = {"changeState": "update", "refId": "quickstart:dam-a/logger-1", "props": {}, "sensors": [pz_1]}
    workspace.integrate_under("quickstart:dam-a", [logger])

    refused = workspace.run("apply", "plan.json")

    assert refused.exit_code == 1, refused.output
    (digest,) = re.findall(r"Applying the saved plan (\S+):", refused.stderr)
    assert (
        "1 entity the plan held in sync reads otherwise now than the plan file says the platform held "
        "(dam-a/logger-1/pz-1: its notes): either the platform changed since the plan was made, in the "
        f"web app or by another writer, or the plan file was edited (compare the digest above, {digest}, "
        "with its review's): run iotplan plan again"
    ) in refused.stderr, refused.stderr
    assert workspace.live_entity("quickstart:dam-a/logger-1/crack-1")["props"]["NAME"] == "Crack meter CM-1"
    assert workspace.live_entity(PZ_1)["props"].get("NOTES") is None
