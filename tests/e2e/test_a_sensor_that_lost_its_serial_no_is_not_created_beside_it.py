"""Where the platform replaces props on update (`update-replaces`, A2), the web app renaming sensor
pz-1 (5,000 observations) sends its NAME only, and the sensor loses its SERIAL_NO. `apply` created a
new pz-1 beside it, exit 0, "Verified": the feed wrote to the new one, the history stayed on the old
(fz103). No sensor's refIds prove which sensor it is, as a device's do, so the creation is refused,
naming the serial-less sensor of pz-1's template and the SERIAL_NO to set back on it if it is pz-1."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.moved_history import applied_with_observations


def test_a_sensor_that_lost_its_serial_no_is_not_created_beside_it(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    sensor_id = applied_with_observations(workspace, "dam-a/logger-1/pz-1", 5000)
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "update-replaces")
    logger = workspace.live_entity("quickstart:dam-a/logger-1")
    whole = {key: logger["props"][key] for key in ("NAME", "SERIAL_NO", "LOCATION")}
    renamed = {
        "changeState": "update",
        "refId": "quickstart:dam-a/logger-1/pz-1",
        "props": {"NAME": "PZ-1 (web)"},
    }
    device = {"changeState": "update", "refId": whole["SERIAL_NO"], "props": whole, "sensors": [renamed]}
    workspace.integrate_under("quickstart:dam-a", [device])
    with pytest.raises(KeyError):
        workspace.live_entity("quickstart:dam-a/logger-1/pz-1")  # the rename cleared its SERIAL_NO
    applied = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert applied.exit_code == 1, applied.output
    said = " ".join(applied.output.split())
    assert f"sensor {sensor_id} named 'PZ-1 (web)'" in said, said
    assert "5,000 observations" in said, said
    assert "set its SERIAL_NO to 'quickstart:dam-a/logger-1/pz-1' in the platform's web app" in said, said
    assert "give it a SERIAL_NO of its own" in said, said
    with pytest.raises(KeyError):
        workspace.live_entity("quickstart:dam-a/logger-1/pz-1")  # nothing created beside it
