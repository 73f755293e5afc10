"""On a merging platform, another writer clears a logger's ZERO_DATE (and sets NOTES) just after an
update that left it out: the read back shows the entity not as the update left it, so iotplan writes
nothing back. The warning on what the verifying read no longer shows says that (the entity changed
after the update, maybe by another writer; check it before declaring it), not that the platform
dropped it and iotplan could not write it back, which would undo that writer's clear."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.sim.rpc_backend import RpcBackend
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import SITE, VW_LOGGER, rpc

ZERO = "2026-05-01T00:00:00Z"


def test_a_zero_date_another_writer_cleared_is_not_said_dropped_by_the_platform(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    rpc(workspace, "updateDevice", {"device": VW_LOGGER, "props": {"ZERO_DATE": ZERO}})
    update = RpcBackend.update

    def then_another_writer(backend: RpcBackend, kind: str, entity_id: Any, changes: Any, scope: Any) -> Any:
        answer = update(backend, kind, entity_id, changes, scope)
        if entity_id == VW_LOGGER and "NOTES" not in changes:
            update(backend, kind, entity_id, {"ZERO_DATE": None, "NOTES": "zero cleared"}, scope)
        return answer

    monkeypatch.setattr(RpcBackend, "update", then_another_writer)
    workspace.edit(SITE, "name: Section 3 VW Logger", "name: Section 3 VW Logger (north)")

    caplog.clear()
    renamed = workspace.run("apply", SITE, "--auto-approve", "--no-color")
    warned = [" ".join(record.getMessage().split()) for record in caplog.records]
    output = renamed.output + "\n".join(warned)

    assert renamed.exit_code == 1, output
    told = [line for line in warned if line.startswith("tunnel-thread/vw-logger") and "ZERO_DATE" in line]
    assert told, output
    for line in told:
        assert "platform dropped" not in line and "could not write it back" not in line, line
        assert "another writer" in line and "check it in the platform's web app before" in line, line
        assert f'zero_date: "{ZERO}"' in line, line
