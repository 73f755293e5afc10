"""A THREAD's channel swap over sensors holding observations is a data-model change, end to end:
the plan marks it, apply refuses it without --allow-data-model-change and writes nothing, and with
the flag it is applied."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import SITE, VW_LOGGER, rpc

PZ1, PZ2 = f"{VW_LOGGER}/pz-1/sensor", f"{VW_LOGGER}/pz-2/sensor"


def channels(workspace: Workspace) -> list[int]:
    return [sensor["props"]["MUX_INDEX"] for sensor in rpc(workspace, "getSensors", {"sensors": [PZ1, PZ2]})]


def test_a_channel_swap_over_history_needs_allow_data_model_change(workspace: Workspace) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    for sensor in (PZ1, PZ2):
        workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor, "count": 100})
    workspace.edit(SITE, "type: VW_PIEZOMETER, mux_index: 1}", "type: VW_PIEZOMETER, mux_index: 9}")
    workspace.edit(SITE, "type: VW_PIEZOMETER, mux_index: 2}", "type: VW_PIEZOMETER, mux_index: 1}")
    workspace.edit(SITE, "type: VW_PIEZOMETER, mux_index: 9}", "type: VW_PIEZOMETER, mux_index: 2}")
    planned = workspace.json("plan", SITE)
    assert planned["impact"]["data_model_changes"] == 2
    shown = "changes how 100 observations read (channel, zero date or mode of a THREAD entity with history)"
    text = workspace.run("plan", SITE).stdout
    assert shown in text
    assert (
        "2 sensors or loggers with history change what it means (metrics, units, or a THREAD's channel"
        in text
    )
    refused = workspace.run("apply", SITE, "--auto-approve")
    assert refused.exit_code == 1, refused.output
    assert "tunnel-thread/vw-logger/pz-1: 100 observations" in refused.output
    assert "--allow-data-model-change" in refused.output
    assert channels(workspace) == [1, 2]  # nothing written
    applied = workspace.run("apply", SITE, "--auto-approve", "--allow-data-model-change")
    assert applied.exit_code == 0, applied.output
    assert channels(workspace) == [2, 1]
