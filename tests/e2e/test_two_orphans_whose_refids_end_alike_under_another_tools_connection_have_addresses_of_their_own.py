"""Another tool's connection holds two devices carrying the stack's refIds
`quickstart:dam-z/logger-1` and `quickstart:dam-q/logger-1` (the stack's orphans), each with a sensor
(fx375). The plan gave both the address #…/logger-1 (the refId's last part), so `--target` at it
took both removals, and each one's sensor was at #…/logger-1/pz-1. Now each device has an address
of its own, which selects it alone."""

from __future__ import annotations

import json

from tests.e2e.another_tools_connection import another_device_beside, another_tool_holds
from tests.e2e.conftest import QUICKSTART, Workspace


def _removals(workspace: Workspace, *options: str) -> dict[str, dict[str, object]]:
    planned = workspace.run("plan", QUICKSTART, *options, "--out", "plan.json")
    assert planned.exit_code == 0, planned.output
    plan = json.loads((workspace.path / "plan.json").read_text())
    return {change["address"]: change for change in plan["changes"] if change["action"] == "remove"}


def test_two_orphans_whose_refids_end_alike_under_another_tools_connection_have_addresses_of_their_own(
    workspace: Workspace,
) -> None:
    another_tool_holds(workspace, "quickstart:dam-z/logger-1", "quickstart:dam-z/logger-1/pz-1")
    another_device_beside(workspace, "quickstart:dam-q/logger-1", "quickstart:dam-q/logger-1/pz-1", 70)

    removals = _removals(workspace)

    assert len(removals) == 2, list(removals)  # two addresses, not one
    for address, removal in removals.items():
        assert removal["collateral"] == [f"{address}/pz-1"], removal
        (only,) = _removals(workspace, "--target", address).values()
        assert only["live_id"] == removal["live_id"]
