"""A signal while the report of a finished apply is written (a slow pipe's reader, a big report)
does not make the apply read as stopped before its first write: the report is finished whole, the
JSON one the only document on stdout, and the run ends with the signal's code saying the apply had
finished. It said "Interrupted before the first write: nothing was written." and appended a `refused`
document after the real one, of an apply that had created every entity."""

from __future__ import annotations

import json
import signal

import pytest

from iotplan.cli import plan_commands
from tests.e2e.conftest import QUICKSTART, Workspace

# What only the report of the apply says, in each format (the plan shown first does not).
REPORTED = {"text": "Apply complete: ", "json": '"outcomes"'}


@pytest.mark.usefixtures("default_sigterm_handler")
@pytest.mark.parametrize("output_format", ["text", "json"])
def test_a_signal_while_a_finished_apply_reports_keeps_its_report(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, output_format: str
) -> None:
    shown = plan_commands.write_view

    def signalled_halfway(text: str) -> None:
        if REPORTED[output_format] not in text:
            return shown(text)
        half = len(text) // 2
        shown(text[:half])
        signal.raise_signal(signal.SIGTERM)  # as a reader that had stopped reading is slow to go on
        return shown(text[half:])

    monkeypatch.setattr(plan_commands, "write_view", signalled_halfway)
    result = workspace.run("apply", QUICKSTART, "--auto-approve", "--format", output_format)
    assert result.exit_code == 143, (result.stdout, result.stderr)
    assert "nothing was written" not in result.stderr
    assert "Interrupted once the apply had finished: its report was written whole." in result.stderr
    if output_format == "json":
        report = json.loads(result.stdout)  # one document: a second one is extra data
        assert report["status"] != "refused" and report["applied_counts"]["add"] == 8, report
    else:
        assert "Apply complete: 8 changes applied" in result.stdout
        assert result.stdout.rstrip().endswith("Verified: a fresh read shows no changes.")
    planned_again = workspace.run("plan", QUICKSTART, "--detailed-exitcode")
    assert planned_again.exit_code == 0, planned_again.output  # every entity was created
