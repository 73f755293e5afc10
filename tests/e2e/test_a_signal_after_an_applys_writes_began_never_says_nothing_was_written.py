"""A signal that stops an apply once its writes may have begun, but outside its report (as its run
has ended and before the report starts), never says nothing was written, nor prints a `refused`
document: the apply wrote, and what it wrote is not reported, so the next step is to plan again."""

from __future__ import annotations

import signal
from collections.abc import Callable
from typing import Any

import pytest

from iotplan.cli import plan_commands
from tests.e2e.conftest import QUICKSTART, Workspace


@pytest.mark.usefixtures("default_sigterm_handler")
@pytest.mark.parametrize("output_format", ["text", "json"])
def test_a_signal_after_an_applys_writes_began_never_says_nothing_was_written(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, output_format: str
) -> None:
    opened = plan_commands.on_target

    def signalled_as_it_ends(options: Any, work: Callable[..., Any], **kept: Any) -> Any:
        result = opened(options, work, **kept)
        signal.raise_signal(signal.SIGTERM)  # its loop gone, its report not begun
        return result

    monkeypatch.setattr(plan_commands, "on_target", signalled_as_it_ends)
    result = workspace.run("apply", QUICKSTART, "--auto-approve", "--format", output_format)
    assert result.exit_code == 143, (result.stdout, result.stderr)
    assert "nothing was written" not in result.stderr
    assert "Interrupted once the apply's writes had begun, before its report" in result.stderr
    assert '"refused"' not in result.stdout
    monkeypatch.setattr(plan_commands, "on_target", opened)  # the plan below is not signalled
    planned_again = workspace.run("plan", QUICKSTART, "--detailed-exitcode")
    assert planned_again.exit_code == 0, planned_again.output  # it had written every entity
