"""A removal answered with a server error (a 500 at once, before anything was written) that the
fresh read still shows was told as a platform that removes later or not at all, sent to
check-platform's A3 lines: more than is known. A server error says the platform failed; it may have
failed before removing, so the error says that, and to run it again."""

from __future__ import annotations

from typing import Any

import pytest

import iotplan.sim
from iotplan.sim import FaultConfig
from tests.e2e.conftest import QUICKSTART, Workspace

# Every integrate call answered 500 or 503 before the emulator's backend runs: nothing written.
WRITES_FAIL = FaultConfig(fail_rate=1.0, routes="*/integrate*", seed=1)


def test_a_removal_answered_with_a_server_error_is_told_as_such(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    text = (workspace.path / QUICKSTART).read_text()
    (workspace.path / QUICKSTART).write_text(text[: text.index("              - key: battery\n")])
    create_app = iotplan.sim.create_app

    def failing_writes(backend: Any) -> Any:
        return create_app(backend, faults=WRITES_FAIL)

    monkeypatch.setattr(iotplan.sim, "create_app", failing_writes)
    result = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")
    assert result.exit_code == 1, result.output
    said = " ".join(result.stderr.split())
    assert (
        "Error: apply did not finish: the removal of dam-a/weather/battery was answered with a server "
        "error (5xx), and a fresh read still shows it: it was not made, or not yet (the platform may have "
        "failed before removing it, or may remove it later), or not at all (a device with sensors, a "
        "connection with devices, which a platform may answer with a server error too). Run it again to "
        "send it again; if a fresh read still shows it after that, run `iotplan check-platform`: its A3 "
        "lines say which"
    ) in said
    assert "asynchronously" not in said
    assert workspace.live_entity("quickstart:dam-a/weather/battery")
