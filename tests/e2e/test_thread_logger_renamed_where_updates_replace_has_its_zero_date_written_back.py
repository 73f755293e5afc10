"""Where JSON-RPC `update*` replaces props (`rpc-update-replaces`), a rename of a logger holding a
ZERO_DATE leaves it out of the update (sent, it may re-zero the logger: `rpc-rewrite-rezeroes`), so
the platform drops it: read back once its update is answered, the logger is found without it and the
ZERO_DATE it held is written back at once, which the report says. The apply exits 0, and a plan
afterwards shows no changes."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.sim.rpc_backend import RpcBackend
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import IPI_LOGGER, SITE, rpc


def test_a_logger_renamed_where_updates_replace_has_its_zero_date_written_back_and_said(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "rpc-update-replaces")
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    (made,) = rpc(workspace, "getDevices", {"devices": [IPI_LOGGER]})
    sent: list[Any] = []
    update = RpcBackend.update

    def recorded(backend: RpcBackend, kind: str, entity_id: Any, changes: Any, scope: Any) -> Any:
        sent.append(dict(changes))
        return update(backend, kind, entity_id, changes, scope)

    monkeypatch.setattr(RpcBackend, "update", recorded)
    workspace.edit(SITE, "name: Section 3 IPI Chain", "name: Section 3 IPI Chain (north)")

    renamed = workspace.run("apply", SITE, "--auto-approve", "--no-color")

    assert renamed.exit_code == 0, renamed.output
    zero = made["props"]["ZERO_DATE"]
    assert [("ZERO_DATE" in props) for props in sent] == [False, True] and sent[1]["ZERO_DATE"] == zero
    said = f"the platform dropped props not sent: its ZERO_DATE '{zero}' written back"
    assert f"tunnel-thread/ipi-chain: {said}" in renamed.output, renamed.output
    assert "Verified: a fresh read shows no changes." in renamed.output
    (logger,) = rpc(workspace, "getDevices", {"devices": [IPI_LOGGER]})
    assert (logger["props"]["NAME"], logger["props"]["ZERO_DATE"]) == ("Section 3 IPI Chain (north)", zero)
    planned = workspace.run("plan", SITE, "--detailed-exitcode")
    assert planned.exit_code == 0 and "No changes" in planned.output, planned.output
