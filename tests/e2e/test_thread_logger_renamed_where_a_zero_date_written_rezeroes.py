"""Where a JSON-RPC `update*` carrying ZERO_DATE re-zeroes a logger even when the date is written as
it stands (`rpc-rewrite-rezeroes`; A14 once assumed such a write changes nothing), a plain rename of a
logger holding history resent its ZERO_DATE, so the platform re-zeroed it at its latest reading and
computed its derived metrics again from there, while the apply said it verified the rename, exit 0
(iotplan cannot see it: the ZERO_DATE reads back as it was). Now an update leaves out a ZERO_DATE it
does not change, then reads the logger back: the rename keeps the logger's zero where it was."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.sim.rpc_backend import RpcBackend
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import IPI_LOGGER, SITE, rpc
from tests.e2e.thread_zero_date import ipi_logger_with_history, rename_ipi_logger


def test_a_logger_with_history_renamed_where_a_zero_date_written_rezeroes_keeps_its_zero(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = ipi_logger_with_history(workspace, monkeypatch, "rpc-rewrite-rezeroes")
    sent: list[tuple[str, Any, Any]] = []
    update = RpcBackend.update

    def recorded(backend: RpcBackend, kind: str, entity_id: Any, changes: Any, scope: Any) -> Any:
        sent.append((kind, entity_id, changes))
        return update(backend, kind, entity_id, changes, scope)

    monkeypatch.setattr(RpcBackend, "update", recorded)
    rename_ipi_logger(workspace)

    renamed = workspace.run("apply", SITE, "--auto-approve")

    assert renamed.exit_code == 0, renamed.output
    assert "Verified: a fresh read shows no changes." in renamed.output
    [(kind, entity_id, props)] = sent
    assert (kind, entity_id, props["NAME"]) == ("device", IPI_LOGGER, "Section 3 IPI Chain (north)")
    assert "ZERO_DATE" not in props and props["MODE"] == made["props"]["MODE"], "all else resent"
    (logger,) = rpc(workspace, "getDevices", {"devices": [IPI_LOGGER]})
    assert logger["props"]["ZERO_DATE"] == made["props"]["ZERO_DATE"]
    assert (made["props"]["ZERO_BASELINE"], logger["props"]["ZERO_BASELINE"]) == (0, 0), "not re-zeroed"
    assert "written back" not in renamed.output
