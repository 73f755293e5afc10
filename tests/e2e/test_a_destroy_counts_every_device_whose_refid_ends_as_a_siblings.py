"""A connection of the stack holds, beside its declared dam-a/logger-1, a device carrying the stack's
refId `quickstart:dam-z/logger-1` written under it behind iotplan's back, with a sensor of its own
holding observations (fx375). Both devices were at the plan address dam-a/logger-1 (the refId's last
part), and their sensors pz-1 both at dam-a/logger-1/pz-1: what --destroy said the connection takes
with it counted one of each, 7 of its 3 devices and 6 sensors. Now each is at an address of its own,
and every one is counted."""

from __future__ import annotations

import json

from tests.e2e.another_tools_connection import another_device_beside
from tests.e2e.conftest import QUICKSTART, Workspace


def test_a_destroy_counts_every_device_whose_refid_ends_as_a_siblings(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    stray = "quickstart:dam-z/logger-1"
    another_device_beside(workspace, stray, f"{stray}/pz-1", 70, connection_ref_id="quickstart:dam-a")

    planned = workspace.run("plan", QUICKSTART, "--destroy", "--out", "plan.json")

    assert planned.exit_code == 0, planned.output
    assert "with 3 devices and 6 sensors" in planned.output
    assert "(9 more destroyed with them)" in planned.output, planned.output
    plan = json.loads((workspace.path / "plan.json").read_text())
    (removal,) = [change for change in plan["changes"] if change["action"] == "remove"]
    assert len(set(removal["collateral"])) == 9, removal["collateral"]
