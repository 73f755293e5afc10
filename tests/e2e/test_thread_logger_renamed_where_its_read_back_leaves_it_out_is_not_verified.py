"""A rename of a logger holding a ZERO_DATE leaves the ZERO_DATE out of its update and reads the logger
back to confirm it kept it: where that read back does not answer the logger, iotplan cannot tell that
the ZERO_DATE survived (a platform whose update replaces props drops it, and the manifest does not
declare it here, so no plan compares it). The apply exits 1, never "Verified", naming the ZERO_DATE
the logger held and the one next step: declare it on the logger's entry and apply again."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.sim.rpc_backend import RpcBackend
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import IPI_LOGGER, SITE, rpc


def test_a_logger_renamed_whose_read_back_leaves_it_out_fails_naming_its_zero_date(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    (made,) = rpc(workspace, "getDevices", {"devices": [IPI_LOGGER]})
    zero = made["props"]["ZERO_DATE"]
    updated: list[Any] = []
    update, get = RpcBackend.update, RpcBackend.get

    def recorded(backend: RpcBackend, kind: str, entity_id: Any, changes: Any, scope: Any) -> Any:
        updated.append(entity_id)
        return update(backend, kind, entity_id, changes, scope)

    def read_back_without_it(backend: RpcBackend, kind: str, ids: list[str], scope: Any) -> Any:
        if kind == "device" and updated == [IPI_LOGGER]:  # the read back, once: the logger left out
            updated.append("read back")
            return []
        return get(backend, kind, ids, scope)

    monkeypatch.setattr(RpcBackend, "update", recorded)
    monkeypatch.setattr(RpcBackend, "get", read_back_without_it)
    workspace.edit(SITE, '            zero_date: "2026-03-01T00:00:00Z"\n', "")
    workspace.edit(SITE, "name: Section 3 IPI Chain", "name: Section 3 IPI Chain (north)")

    renamed = workspace.run("apply", SITE, "--auto-approve", "--no-color")

    assert renamed.exit_code == 1, renamed.output
    assert updated == [IPI_LOGGER, "read back"]
    assert "Verified" not in renamed.output
    assert f"nothing confirms that tunnel-thread/ipi-chain kept its ZERO_DATE '{zero}'" in renamed.output
    assert "JSON-RPC getDevices read back did not answer it" in renamed.output
    step = f'declare `zero_date: "{zero}"` on its entry in the manifest and apply again'
    assert f"for tunnel-thread/ipi-chain, {step}" in renamed.output
    assert "(ZERO_DATE possibly lost: tunnel-thread/ipi-chain)" in renamed.output
