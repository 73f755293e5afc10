"""Where JSON-RPC `update*` replaces props (`rpc-update-replaces`), a logger whose MODE and
ZERO_DATE the manifest does not declare (set once, then left out), and a sensor whose MUX_INDEX it
does not, renamed, lost them with exit 0 (fz82), then kept them by having every update resend them
as they stood (fx239), which re-zeroes a platform that acts on a ZERO_DATE written. Now the run's
first update (the logger's, the probe) writes the name alone; its read at once finds what the platform
dropped, iotplan writes that back as it was read before and says so on stderr, once in the run; the
sensor's rename after it resends what the sensor holds, and both keep them."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import IPI_LOGGER, SITE, rpc

TILT1 = f"{IPI_LOGGER}/tilt1/sensor"


def test_a_logger_and_sensor_renamed_where_updates_replace_keep_their_mode_zero_date_and_channel(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "rpc-update-replaces")
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    (made,) = rpc(workspace, "getDevices", {"devices": [IPI_LOGGER]})
    workspace.edit(SITE, "            mode: IPI_BIAXIAL\n", "")
    workspace.edit(SITE, '            zero_date: "2026-03-01T00:00:00Z"\n', "")
    workspace.edit(SITE, "name: Section 3 IPI Chain", "name: Section 3 IPI Chain (north)")
    workspace.edit(
        SITE,
        "IPI Tilt 1 (-2 m), type: TILT_BIAXIAL_DGSI, mux_index: 1",
        "IPI Tilt 1, type: TILT_BIAXIAL_DGSI",
    )
    caplog.clear()

    renamed = workspace.run("apply", SITE, "--auto-approve")

    assert renamed.exit_code == 0, renamed.output
    (logger,) = rpc(workspace, "getDevices", {"devices": [IPI_LOGGER]})
    (tilt,) = rpc(workspace, "getSensors", {"sensors": [TILT1]})
    assert (logger["props"]["NAME"], tilt["props"]["NAME"]) == ("Section 3 IPI Chain (north)", "IPI Tilt 1")
    assert logger["props"]["MODE"] == made["props"]["MODE"] == "IPI_BIAXIAL"
    assert logger["props"]["ZERO_DATE"] == made["props"]["ZERO_DATE"]
    assert logger["props"]["EXTERNAL_PORT"] == made["props"]["EXTERNAL_PORT"] == 2
    assert tilt["props"]["MUX_INDEX"] == 1
    said = " ".join(caplog.text.split())
    logger_said = [line for line in caplog.messages if line.startswith("tunnel-thread/ipi-chain: ")]
    assert len(logger_said) == 1, caplog.messages  # one line for the logger
    assert "EXTERNAL_PORT, MODE" in logger_said[0] and "ZERO_DATE" in logger_said[0]
    assert "back as they were" in logger_said[0] and "each update of this run resends" in logger_said[0]
    assert said.count("replaces props does") == 1  # once in the run: the sensor's update resent its channel
    assert workspace.run("plan", SITE, "--detailed-exitcode").exit_code == 0
