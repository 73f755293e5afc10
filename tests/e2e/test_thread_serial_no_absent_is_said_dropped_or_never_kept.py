"""A THREAD sensor (or node) the platform shows without a SERIAL_NO: another tool's update may have
dropped it, or the platform never kept it; nothing iotplan reads tells which. Its note said "iotplan
writes no SERIAL_NO back ... set its SERIAL_NO back to", as if the platform surely had it once; it now
says both causes and asks to set it, never "back"."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import IPI_LOGGER, SITE, rpc


def test_a_sensor_without_its_serial_no_is_said_dropped_or_never_kept(workspace: Workspace) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    rpc(workspace, "updateSensor", {"sensor": f"{IPI_LOGGER}/tilt4/sensor", "props": {"SERIAL_NO": None}})

    drift = workspace.run("drift", SITE)

    said = " ".join(drift.stdout.split())
    assert drift.exit_code == 2, said
    assert "or the platform never kept it; iotplan cannot tell which" in said, said
    assert "set its SERIAL_NO to '032434'" in said, said
    assert "SERIAL_NO back" not in said, said
