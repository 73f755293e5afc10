"""Another tool's connection holds two devices carrying the stack's refIds
`quickstart:dam-z/logger-1` and `quickstart:dam-q/logger-1` (the stack's orphans), each with a sensor
of its own holding observations (cr147). Both are at the plan address #…/logger-1 (the refId's last
part), and each refusal said "give #…/logger-1 another SERIAL_NO", not saying which of the two.
Now each names its device by its SERIAL_NO, as it names the sensor, at an address of its own
(#…/logger-1#<its short id>, fx375)."""

from __future__ import annotations

import re

from tests.e2e.another_tools_connection import another_device_beside, another_tool_holds
from tests.e2e.conftest import QUICKSTART, Workspace


def test_two_orphans_at_one_address_under_another_tools_connection_are_each_named(
    workspace: Workspace,
) -> None:
    another_tool_holds(workspace, "quickstart:dam-z/logger-1", "loose-1")
    another_device_beside(workspace, "quickstart:dam-q/logger-1", "loose-2", 70)

    planned = workspace.run("plan", QUICKSTART)

    assert planned.exit_code == 1, planned.output
    said = " ".join(planned.output.split())
    for serial, stays in (("dam-z", "their 50 observations stay"), ("dam-q", "their 70 observations stay")):
        named = rf"/logger-1#[0-9A-F]+ \(SERIAL_NO 'quickstart:{serial}/logger-1'\) a SERIAL_NO"
        named += " that does not start with 'quickstart:'"
        assert re.search(rf"{named} in the platform's web app \({stays}\)", said), said
