"""Where a JSON-RPC `update*` carrying ZERO_DATE re-zeroes a logger even when the date is written as
it stands (`rpc-rewrite-rezeroes`; A14 assumes such a write changes nothing), a plain rename of a
logger holding history resends its ZERO_DATE, so the platform re-zeroes it at its latest reading and
computes its derived metrics again from there. iotplan cannot see that (the ZERO_DATE reads back as
it was): the apply says it verified the rename and exits 0. This shows current behaviour, not a fix."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.sim.backend import SimBackend
from iotplan.sim.rpc_backend import RpcBackend
from iotplan.sim.store import Store
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import IPI_LOGGER, SITE, rpc


def test_a_logger_with_history_renamed_where_a_zero_date_written_rezeroes_is_rezeroed_with_exit_0(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "rpc-rewrite-rezeroes")
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    store = Store(workspace.path / ".iotplan" / "sim.db")
    try:
        SimBackend(store).add_observations(f"{IPI_LOGGER}/tilt1/sensor", 40)  # its history
    finally:
        store.close()
    (made,) = rpc(workspace, "getDevices", {"devices": [IPI_LOGGER]})
    sent: list[tuple[str, Any, Any]] = []
    update = RpcBackend.update

    def recorded(backend: RpcBackend, kind: str, entity_id: Any, changes: Any, scope: Any) -> Any:
        sent.append((kind, entity_id, changes))
        return update(backend, kind, entity_id, changes, scope)

    monkeypatch.setattr(RpcBackend, "update", recorded)
    workspace.edit(SITE, "name: Section 3 IPI Chain", "name: Section 3 IPI Chain (north)")

    renamed = workspace.run("apply", SITE, "--auto-approve")

    assert renamed.exit_code == 0, renamed.output
    assert "Verified: a fresh read shows no changes." in renamed.output
    [(kind, entity_id, props)] = sent
    assert (kind, entity_id, props["NAME"]) == ("device", IPI_LOGGER, "Section 3 IPI Chain (north)")
    assert props["ZERO_DATE"] == made["props"]["ZERO_DATE"], "resent as it stands"
    (logger,) = rpc(workspace, "getDevices", {"devices": [IPI_LOGGER]})
    assert logger["props"]["ZERO_DATE"] == made["props"]["ZERO_DATE"]
    assert (made["props"]["ZERO_BASELINE"], logger["props"]["ZERO_BASELINE"]) == (0, 40), "re-zeroed"
