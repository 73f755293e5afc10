"""A THREAD's unit stops at its first refused write, yet iotplan can tell which of the writes left
unsent would be refused the same way: every update resending the props the platform refused
(`rpc-update-identity-refused`), every other swap of a logger's channels (`rpc-channel-taken-refused`).
The closing step names them all at once, then says to apply again for what waits behind them (a
gateway's setting). Before, it named the first only: following it, the next apply was refused over
the next one, and nothing said the setting waiting behind needed another apply."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import IPI_LOGGER, SITE, VW_LOGGER, rpc


def _closing(result: object) -> str:
    stderr = str(getattr(result, "stderr", ""))
    return " ".join(stderr[stderr.index("Error: ") :].split())


def test_every_update_refused_over_a_resent_prop_is_named_then_apply_again(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "rpc-update-identity-refused")
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    workspace.edit(SITE, "name: Section 3 IPI Chain", "name: IPI renamed")
    workspace.edit(SITE, "name: Piezometer PZ-1 (crown)", "name: PZ-1 renamed")
    workspace.edit(SITE, "power: 12V", "power: 15V")

    applied = workspace.run("apply", SITE, "--auto-approve")

    assert applied.exit_code == 1, applied.output
    closing = _closing(applied)
    assert "tunnel-thread/ipi-chain" in closing and "tunnel-thread/vw-logger/pz-1" in closing, closing
    assert "in the platform's web app" in closing
    assert "then apply again" in closing, closing
    assert "run it again" not in closing

    # Followed: both renamed in the web app (JSON-RPC, their props alone), one apply does the rest.
    rpc(workspace, "updateDevice", {"device": IPI_LOGGER, "props": {"NAME": "IPI renamed"}})
    rpc(workspace, "updateSensor", {"sensor": f"{VW_LOGGER}/pz-1/sensor", "props": {"NAME": "PZ-1 renamed"}})
    again = workspace.run("apply", SITE, "--auto-approve")
    assert again.exit_code == 0, again.output


def test_two_swaps_on_two_loggers_are_both_named_each_through_its_own_free_channel(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "rpc-channel-taken-refused")
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    for address, was, now in (("vw-logger/pz-1", 1, 2), ("vw-logger/pz-2", 2, 1), ("ipi-chain/tilt1", 1, 2)):
        _declare(workspace, address, was, now)
    _declare(workspace, "ipi-chain/tilt2", 2, 1)

    applied = workspace.run("apply", SITE, "--auto-approve", "--allow-data-model-change")

    assert applied.exit_code == 1, applied.output
    closing = _closing(applied)
    # pz-3 holds 3 of the VW logger (4 is free); tilt3 and tilt4 hold 3 and 4 of the IPI chain (5 is).
    assert re.search(r"tunnel-thread/vw-logger/pz-[12] to a free channel \(mux_index: 4\)", closing), closing
    assert re.search(r"tunnel-thread/ipi-chain/tilt[12] to a free channel \(mux_index: 5\)", closing), closing
    assert "run it again" not in closing

    # Followed: the holders to their free channels in one apply, then back, and both swaps are made.
    holders = re.findall(r"tunnel-thread/([a-z-]+/[a-z0-9-]+) to a free channel \(mux_index: (\d)\)", closing)
    swapped = {address: 2 if address.endswith("1") else 1 for address, _ in holders}
    for address, free in holders:
        _declare(workspace, address, swapped[address], int(free))
    assert workspace.run("apply", SITE, "--auto-approve", "--allow-data-model-change").exit_code == 0
    for address, free in holders:
        _declare(workspace, address, int(free), swapped[address])
    finished = workspace.run("apply", SITE, "--auto-approve", "--allow-data-model-change")
    assert finished.exit_code == 0, finished.output


LINES = {
    "vw-logger/pz-1": "(crown), type: VW_PIEZOMETER",
    "vw-logger/pz-2": "(left wall), type: VW_PIEZOMETER",
    "ipi-chain/tilt1": "(-2 m), type: TILT_BIAXIAL_DGSI",
    "ipi-chain/tilt2": "(-4 m), type: TILT_BIAXIAL_DGSI",
}


def _declare(workspace: Workspace, address: str, was: int, now: int) -> None:
    workspace.edit(SITE, f"{LINES[address]}, mux_index: {was}}}", f"{LINES[address]}, mux_index: {now}}}")
