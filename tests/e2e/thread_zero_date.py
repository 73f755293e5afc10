"""What the e2e tests of a THREAD logger's ZERO_DATE through a rename share: the thread example applied
and a logger given history, or another writer clearing a logger's ZERO_DATE just after iotplan's update."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.sim.backend import SimBackend
from iotplan.sim.rpc_backend import RpcBackend
from iotplan.sim.store import Store
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import IPI_LOGGER, SITE, VW_LOGGER, rpc


def ipi_logger_with_history(workspace: Workspace, monkeypatch: pytest.MonkeyPatch, variants: str) -> Any:
    """The thread example applied under the emulator's `variants` and 40 observations written under the
    IPI chain logger; that logger as `getDevices` reads it then."""
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", variants)
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    store = Store(workspace.path / ".iotplan" / "sim.db")
    try:
        SimBackend(store).add_observations(f"{IPI_LOGGER}/tilt1/sensor", 40)
    finally:
        store.close()
    (made,) = rpc(workspace, "getDevices", {"devices": [IPI_LOGGER]})
    return made


def rename_ipi_logger(workspace: Workspace) -> None:
    workspace.edit(SITE, "name: Section 3 IPI Chain", "name: Section 3 IPI Chain (north)")


def vw_logger_renamed_while_another_writer_clears_its_zero_date(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, zero: str
) -> None:
    """The thread example applied, the VW logger given the ZERO_DATE `zero` and renamed in the manifest;
    each update of it that does not set NOTES is followed by another writer's clearing its ZERO_DATE (and
    setting NOTES)."""
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    rpc(workspace, "updateDevice", {"device": VW_LOGGER, "props": {"ZERO_DATE": zero}})
    update = RpcBackend.update

    def then_another_writer(backend: RpcBackend, kind: str, entity_id: Any, changes: Any, scope: Any) -> Any:
        answer = update(backend, kind, entity_id, changes, scope)
        if entity_id == VW_LOGGER and "NOTES" not in changes:
            update(backend, kind, entity_id, {"ZERO_DATE": None, "NOTES": "zero cleared"}, scope)
        return answer

    monkeypatch.setattr(RpcBackend, "update", then_another_writer)
    workspace.edit(SITE, "name: Section 3 VW Logger", "name: Section 3 VW Logger (north)")
