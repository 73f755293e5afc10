"""A signal that comes once an apply's work has ended (while what is left running is let go, up to
2 s) keeps the run's own error: its message is said, then the run exits with the signal's code. The
error was dropped for a bare "Interrupted.", and with it what the apply had left undone."""

from __future__ import annotations

import asyncio
import signal

import pytest

from iotplan.cli import aio
from tests.e2e.conftest import Workspace

EDGE = "examples/edge/site.yaml"


@pytest.mark.usefixtures("default_sigterm_handler")
def test_a_signal_after_the_work_ended_keeps_the_apply_error(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace.api("POST", "/_sim/gateways/8A9B0C", json={"status": "unreachable"})  # left pending
    let_go = aio._let_go

    def signalled_first(loop: asyncio.AbstractEventLoop) -> None:
        signal.raise_signal(signal.SIGTERM)
        let_go(loop)

    monkeypatch.setattr(aio, "_let_go", signalled_first)
    result = workspace.run("apply", EDGE, "--auto-approve")
    assert result.exit_code == 143, (result.stdout, result.stderr)
    assert "Error: apply is incomplete" in result.stderr, result.stderr
