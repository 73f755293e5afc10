"""A saved plan renames a crack meter and holds the piezometer beside it in sync; a unit of the
piezometer is then edited in the web app. The apply is refused naming the sensor and its metrics as
the platform's change unless the file was edited, and nothing is written."""

from __future__ import annotations

import re

from tests.e2e.conftest import Workspace
from tests.e2e.saved_write_turned_in_sync import PZ_1, plan_with_pz1_edited_since


def test_a_sensors_unit_edited_since_a_saved_plan_is_named_as_the_platforms_change(
    workspace: Workspace,
) -> None:
    units = {"0": "kPa_gauge", "1": "count"}
    plan_with_pz1_edited_since(workspace, {"UNKNOWN_UNITS": units})

    refused = workspace.run("apply", "plan.json")

    assert refused.exit_code == 1, refused.output
    (digest,) = re.findall(r"Applying the saved plan (\S+):", refused.stderr)
    assert refused.stderr.endswith(
        "Error: 1 entity the plan held in sync reads otherwise now than the plan file says the platform held "
        "(dam-a/logger-1/pz-1: its metrics): either the platform changed since the plan was made, in the "
        f"web app or by another writer, or the plan file was edited (compare the digest above, {digest}, "
        "with its review's): run iotplan plan again\n"
    ), refused.stderr
    assert workspace.live_entity("quickstart:dam-a/logger-1/crack-1")["props"]["NAME"] == "Crack meter CM-1"
    assert workspace.live_entity(PZ_1)["props"]["UNKNOWN_UNITS"] == units
