"""Where JSON-RPC `update*` replaces props (`rpc-update-replaces`), a logger whose MODE and
ZERO_DATE the manifest does not declare (set once, then left out), and a sensor whose MUX_INDEX it
does not, renamed, lost them with exit 0: the update resent only SERIAL_NO, NODE_ID and NAME as
they stood, so the history recorded read otherwise (fz82, fx239). Now an update resends, as they
stand, the props that say what history means or where data comes from, and the rename keeps them."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import IPI_LOGGER, SITE, rpc

TILT1 = f"{IPI_LOGGER}/tilt1/sensor"


def test_a_logger_and_sensor_renamed_where_updates_replace_keep_their_mode_zero_date_and_channel(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
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
    renamed = workspace.run("apply", SITE, "--auto-approve")
    assert renamed.exit_code == 0, renamed.output
    (logger,) = rpc(workspace, "getDevices", {"devices": [IPI_LOGGER]})
    (tilt,) = rpc(workspace, "getSensors", {"sensors": [TILT1]})
    assert (logger["props"]["NAME"], tilt["props"]["NAME"]) == ("Section 3 IPI Chain (north)", "IPI Tilt 1")
    assert logger["props"]["MODE"] == made["props"]["MODE"] == "IPI_BIAXIAL"
    assert logger["props"]["ZERO_DATE"] == made["props"]["ZERO_DATE"]
    assert tilt["props"]["MUX_INDEX"] == 1
