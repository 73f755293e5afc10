"""Where JSON-RPC `update*` replaces props (`rpc-update-replaces`), a rename of a logger holding a
ZERO_DATE the manifest does not declare has it dropped; its write-back failing, the apply exits 1. The
warning on what the platform dropped and the closing error give one next step for it, the same one
(declare it, with --allow-data-model-change), not "set them again in the platform's web app" beside it."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.sim.errors import RpcError
from iotplan.sim.rpc_backend import RpcBackend
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import SITE, VW_LOGGER, rpc

ZERO = "2026-05-01T00:00:00Z"


def test_a_zero_date_whose_write_back_fails_is_given_one_next_step(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    rpc(workspace, "updateDevice", {"device": VW_LOGGER, "props": {"ZERO_DATE": ZERO}})
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "rpc-update-replaces")
    update = RpcBackend.update

    def write_back_refused(backend: RpcBackend, kind: str, entity_id: Any, changes: Any, scope: Any) -> Any:
        if "ZERO_DATE" in changes:
            raise RpcError(-32602, "Refused.", "InvalidParams")
        return update(backend, kind, entity_id, changes, scope)

    monkeypatch.setattr(RpcBackend, "update", write_back_refused)
    workspace.edit(SITE, "name: Section 3 VW Logger", "name: Section 3 VW Logger (north)")

    caplog.clear()
    renamed = workspace.run("apply", SITE, "--auto-approve", "--no-color")
    output = renamed.output + "\n".join(" ".join(record.getMessage().split()) for record in caplog.records)

    assert renamed.exit_code == 1, output
    step = (
        f'declare `zero_date: "{ZERO}"` on its entry in the manifest and apply again with `--allow-data-model'
    )
    told = [line for line in output.splitlines() if "ZERO_DATE" in line and "dropped" in line]
    assert told and all(step.lower() in line.lower() for line in told), output
    assert "set them again in the platform's web app" not in output, output
