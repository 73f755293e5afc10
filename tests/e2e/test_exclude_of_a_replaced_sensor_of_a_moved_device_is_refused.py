"""An `--exclude` of a sensor of a device a `moved` entry renames, where the sensor's template
changes too: its change is a replacement (`-/+`), not a rename, yet fenced off it stays, its refId
naming the old device key, which the device no longer has. Refused as a renamed sensor excluded is
(cr111)."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.moved_device import move_device


def test_a_replaced_sensor_of_a_moved_device_excluded_is_refused(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    move_device(workspace, "dam-a", "weather", "weather-2")
    workspace.edit(QUICKSTART, "template: BATTERY_CHARGE_SDE\n", "template: TEMPERATURE_SDE\n")
    refused = workspace.run("apply", QUICKSTART, "--exclude", "dam-a/weather-2/battery", "--auto-approve")
    assert refused.exit_code == 1, refused.output
    assert (
        "dam-a/weather-2: its move from dam-a/weather rewrites the refIds of dam-a/weather-2/battery too, "
        "which --exclude leaves out"
    ) in refused.stderr
    assert "exclude dam-a/weather-2 too, or narrow the exclusion" in refused.stderr
    assert workspace.live_entity("quickstart:dam-a/weather")  # nothing was moved
