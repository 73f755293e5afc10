"""Where JSON-RPC `update*` replaces props (`rpc-update-replaces`), a THREAD sensor whose
SAMPLING_RATE_MAX another tool set (the reference's sensor object carries one, as its logger's does)
lost it when renamed: an update resent a logger's sampling rate as it stood, not a sensor's, and apply
warned "the platform dropped SAMPLING_RATE_MAX" after the fact (cr99). Now a sensor's is resent too."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import IPI_LOGGER, SITE, rpc

TILT1 = f"{IPI_LOGGER}/tilt1/sensor"


def test_a_sensor_renamed_where_updates_replace_keeps_its_sampling_rate(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    rpc(workspace, "updateSensor", {"sensor": TILT1, "props": {"SAMPLING_RATE_MAX": 0.001}})
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "rpc-update-replaces")
    workspace.edit(SITE, "IPI Tilt 1 (-2 m)", "IPI Tilt 1")
    caplog.clear()
    renamed = workspace.run("apply", SITE, "--auto-approve")
    assert renamed.exit_code == 0, renamed.output
    (tilt,) = rpc(workspace, "getSensors", {"sensors": [TILT1]})
    assert tilt["props"]["NAME"] == "IPI Tilt 1"
    assert tilt["props"]["SAMPLING_RATE_MAX"] == 0.001
    assert "dropped" not in caplog.text
