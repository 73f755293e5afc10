"""Where JSON-RPC refuses a MUX_INDEX another sensor of the logger holds (`rpc-channel-taken-refused`;
iotplan's ordering of a logger's moves assumes the platform accepts it for a moment), a swap of two
sensors' channels cannot be written: one of its moves goes first, onto the other's channel. Its
first move is refused, the THREAD's unit stops there, nothing else is sent, and apply exits 1 naming
the refusal, both sensors still on their own channels; a rerun is refused alike. Current behaviour,
not a fix."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.sim.rpc_backend import RpcBackend
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import SITE, VW_LOGGER, rpc

PZ1, PZ2 = f"{VW_LOGGER}/pz-1/sensor", f"{VW_LOGGER}/pz-2/sensor"


def channels(workspace: Workspace) -> dict[str, int]:
    sensors = rpc(workspace, "getSensors", {"sensors": [PZ1, PZ2]})
    return {sensor["id"]: int(sensor["props"]["MUX_INDEX"]) for sensor in sensors}


def test_a_channel_swap_where_a_taken_channel_is_refused_stops_at_its_first_move_and_changes_nothing(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "rpc-channel-taken-refused")
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    sent: list[tuple[str, Any]] = []
    update = RpcBackend.update

    def recorded(backend: RpcBackend, kind: str, entity_id: Any, changes: Any, scope: Any) -> Any:
        sent.append((entity_id, changes.get("MUX_INDEX")))
        return update(backend, kind, entity_id, changes, scope)

    monkeypatch.setattr(RpcBackend, "update", recorded)
    workspace.edit(
        SITE, "(crown), type: VW_PIEZOMETER, mux_index: 1}", "(crown), type: VW_PIEZOMETER, mux_index: 2}"
    )
    workspace.edit(
        SITE,
        "(left wall), type: VW_PIEZOMETER, mux_index: 2}",
        "(left wall), type: VW_PIEZOMETER, mux_index: 1}",
    )

    swapped = workspace.run("apply", SITE, "--auto-approve", "--allow-data-model-change")

    assert swapped.exit_code == 1, swapped.output
    [(first, onto)] = sent
    assert (first, onto) in {(PZ1, 2), (PZ2, 1)}
    assert f"MUX_INDEX {onto} is held by the sensor" in swapped.output
    assert "1 write request sent" in swapped.output
    assert channels(workspace) == {PZ1: 1, PZ2: 2}
    again = workspace.run("apply", SITE, "--auto-approve", "--allow-data-model-change")
    assert again.exit_code == 1 and channels(workspace) == {PZ1: 1, PZ2: 2}, "a rerun is refused alike"
