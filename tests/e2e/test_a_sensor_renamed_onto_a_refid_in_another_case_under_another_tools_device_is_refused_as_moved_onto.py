"""A sensor renamed pz-1 → pz-9 with a `moved` entry while a sensor under another tool's device and
connection carries `QUICKSTART:dam-a/logger-1/PZ-9`, the new refId in another case (cr137 F2). The
project's lists keep that sensor without its device (whose refId the plan does not declare), and the
new refId's holders were looked for under the devices kept alone: the rename was refused as a write by
the OLD refId "which another live entity carries too ... remove the duplicate", which only pz-1 and its
3,000 observations carry. Now it is refused as a rename onto a live entity naming that sensor."""

from __future__ import annotations

from tests.e2e.another_tools_connection import another_tool_holds
from tests.e2e.conftest import Workspace
from tests.e2e.refused_rename import refused_rename


def test_a_sensor_renamed_onto_a_refid_in_another_case_under_another_tools_device_is_refused_as_moved_onto(
    workspace: Workspace,
) -> None:
    _, stray = another_tool_holds(workspace, "other:conn/device", "QUICKSTART:dam-a/logger-1/PZ-9")
    old, said = refused_rename(workspace, "dam-a/logger-1/pz-1", "dam-a/logger-1/pz-9")

    assert "dam-a/logger-1/pz-9: moved: both dam-a/logger-1/pz-1 and dam-a/logger-1/pz-9 exist" in said
    assert f"dam-a/logger-1/pz-1 ({old}) holds 3,000 observations" in said
    holder = f"sensor {stray} named 's' (SERIAL_NO 'QUICKSTART:dam-a/logger-1/PZ-9')"
    assert f"{holder}, at dam-a/logger-1/pz-9, holds 50 observations" in said
    assert "remove the duplicate" not in said
