"""A sensor renamed pz-1 → pz-9 with a `moved` entry while a sensor under another tool's device and
connection carries `QUICKSTART:dam-a/logger-1/PZ-9`, the new refId in another case (cr137 F2). The
project's lists keep that sensor without its device (whose refId the plan does not declare), and the
new refId's holders were looked for under the devices kept alone: the rename was refused as a write by
the OLD refId "which another live entity carries too ... remove the duplicate", which only pz-1 and its
3,000 observations carry. Now it is refused as a rename onto a live entity naming that sensor."""

from __future__ import annotations

from tests.e2e.another_tools_connection import pz_1_renamed_onto_the_sensor_carrying
from tests.e2e.conftest import Workspace


def test_a_sensor_renamed_onto_a_refid_in_another_case_under_another_tools_device_is_refused_as_moved_onto(
    workspace: Workspace,
) -> None:
    pz_1_renamed_onto_the_sensor_carrying(workspace, "QUICKSTART:dam-a/logger-1/PZ-9")
