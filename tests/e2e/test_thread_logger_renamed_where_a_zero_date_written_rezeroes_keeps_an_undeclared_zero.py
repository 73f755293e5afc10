"""Where a JSON-RPC `update*` carrying ZERO_DATE re-zeroes a logger even when the date is written as
it stands (`rpc-rewrite-rezeroes`), a logger whose zero date the manifest no longer declares (set
once, then left to the platform), renamed, had it resent as it stood (KEPT), and was re-zeroed.
Now the rename writes NAME alone: the zero date the manifest leaves alone is left alone."""

from __future__ import annotations

import pytest

from iotplan.sim.backend import SimBackend
from iotplan.sim.store import Store
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import IPI_LOGGER, SITE, rpc


def test_a_logger_renamed_whose_zero_date_is_undeclared_is_not_rezeroed(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "rpc-rewrite-rezeroes")
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    store = Store(workspace.path / ".iotplan" / "sim.db")
    try:
        SimBackend(store).add_observations(f"{IPI_LOGGER}/tilt2/sensor", 25)
    finally:
        store.close()
    workspace.edit(SITE, '            zero_date: "2026-03-01T00:00:00Z"\n', "")
    workspace.edit(SITE, "name: Section 3 IPI Chain", "name: Section 3 IPI Chain (north)")

    renamed = workspace.run("apply", SITE, "--auto-approve")

    assert renamed.exit_code == 0, renamed.output
    (logger,) = rpc(workspace, "getDevices", {"devices": [IPI_LOGGER]})
    assert logger["props"]["NAME"] == "Section 3 IPI Chain (north)"
    assert logger["props"]["ZERO_DATE"] == "2026-03-01T00:00:00Z"
    assert logger["props"]["ZERO_BASELINE"] == 0, "not re-zeroed"
