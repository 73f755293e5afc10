"""Where JSON-RPC `update*` both replaces props (`rpc-update-replaces`) and re-zeroes on any ZERO_DATE
written (`rpc-rewrite-rezeroes`), a rename of a logger holding history cannot keep both its ZERO_DATE
and its zero: left out of the update, the ZERO_DATE is dropped; written back, it re-zeroes the logger at
its latest reading. iotplan cannot avoid both (docs/api-assumptions.md, A14): what the user sees is the
report's write-back warning naming the logger and its ZERO_DATE, with exit 0."""

from __future__ import annotations

import pytest

from iotplan.sim.backend import SimBackend
from iotplan.sim.store import Store
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import IPI_LOGGER, SITE, rpc


def test_a_logger_with_history_renamed_where_updates_replace_and_rezero_is_rezeroed_by_the_write_back(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "rpc-update-replaces,rpc-rewrite-rezeroes")
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    store = Store(workspace.path / ".iotplan" / "sim.db")
    try:
        SimBackend(store).add_observations(f"{IPI_LOGGER}/tilt1/sensor", 40)  # its history
    finally:
        store.close()
    (made,) = rpc(workspace, "getDevices", {"devices": [IPI_LOGGER]})
    workspace.edit(SITE, "name: Section 3 IPI Chain", "name: Section 3 IPI Chain (north)")

    renamed = workspace.run("apply", SITE, "--auto-approve", "--no-color")

    assert renamed.exit_code == 0, renamed.output
    zero = made["props"]["ZERO_DATE"]
    said = (
        f"tunnel-thread/ipi-chain: the platform dropped props not sent: its ZERO_DATE '{zero}' written back"
    )
    assert said in renamed.output
    (logger,) = rpc(workspace, "getDevices", {"devices": [IPI_LOGGER]})
    assert logger["props"]["ZERO_DATE"] == zero
    assert (made["props"]["ZERO_BASELINE"], logger["props"]["ZERO_BASELINE"]) == (0, 40), "re-zeroed"
