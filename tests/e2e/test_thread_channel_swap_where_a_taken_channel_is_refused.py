"""Where JSON-RPC refuses a MUX_INDEX another sensor of the logger holds (`rpc-channel-taken-refused`;
iotplan's ordering of a logger's moves assumes the platform accepts it for a moment), a swap of two
sensors' channels cannot be written: one of its moves goes first, onto the other's channel. Its
first move is refused, the THREAD's unit stops there, nothing else is sent, and apply exits 1, both
sensors still on their own channels. A rerun is refused alike, so apply never says to run it again:
it names the step that works, the sensor holding that channel moved to a free one by an apply of its
own, and following it finishes the swap."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.sim.rpc_backend import RpcBackend
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import SITE, VW_LOGGER, rpc

PZ1, PZ2 = f"{VW_LOGGER}/pz-1/sensor", f"{VW_LOGGER}/pz-2/sensor"
ADDRESS = {PZ1: "tunnel-thread/vw-logger/pz-1", PZ2: "tunnel-thread/vw-logger/pz-2"}
PZ1_LINE, PZ2_LINE = (
    "(crown), type: VW_PIEZOMETER, mux_index: {}}}",
    "(left wall), type: VW_PIEZOMETER, mux_index: {}}}",
)
LINE = {PZ1: PZ1_LINE, PZ2: PZ2_LINE}


def channels(workspace: Workspace) -> dict[str, int]:
    sensors = rpc(workspace, "getSensors", {"sensors": [PZ1, PZ2]})
    return {sensor["id"]: int(sensor["props"]["MUX_INDEX"]) for sensor in sensors}


def declare(workspace: Workspace, sensor: str, was: int, now: int) -> None:
    workspace.edit(SITE, LINE[sensor].format(was), LINE[sensor].format(now))


def test_a_refused_channel_swap_names_the_step_through_a_free_channel_and_that_step_finishes_it(
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
    declare(workspace, PZ1, 1, 2)
    declare(workspace, PZ2, 2, 1)

    swapped = workspace.run("apply", SITE, "--auto-approve", "--allow-data-model-change")

    assert swapped.exit_code == 1, swapped.output
    [(first, onto)] = sent
    holder = PZ2 if first == PZ1 else PZ1
    assert (first, onto) in {(PZ1, 2), (PZ2, 1)}
    assert f"MUX_INDEX {onto} is held by the sensor" in swapped.output
    assert "1 write request sent" in swapped.output
    assert channels(workspace) == {PZ1: 1, PZ2: 2}
    # pz-3 is on channel 3 of the logger: 4 is the first channel no sensor of it is on.
    step = f"move {ADDRESS[holder]} to a free channel (mux_index: 4) in an apply of its own"
    assert step in swapped.output, swapped.output
    assert "run it again" not in swapped.output, swapped.output
    again = workspace.run("apply", SITE, "--auto-approve", "--allow-data-model-change")
    assert again.exit_code == 1 and channels(workspace) == {PZ1: 1, PZ2: 2}, "a rerun is refused alike"

    swapped_to = {PZ1: 2, PZ2: 1}[holder]
    declare(workspace, holder, swapped_to, 4)
    assert workspace.run("apply", SITE, "--auto-approve", "--allow-data-model-change").exit_code == 0
    declare(workspace, holder, 4, swapped_to)
    finished = workspace.run("apply", SITE, "--auto-approve", "--allow-data-model-change")
    assert finished.exit_code == 0, finished.output
    assert channels(workspace) == {PZ1: 2, PZ2: 1}
