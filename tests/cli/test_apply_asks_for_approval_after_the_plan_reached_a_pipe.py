"""`iotplan apply site.yaml | tee apply.log` at a terminal: stdout is a pipe, so Python buffers it,
and a plan under 8 KiB waited in that buffer while the question (on stderr) asked for an answer:
approval was given to a plan not yet shown. A view is flushed as soon as it is written."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

QUICKSTART = "examples/quickstart/site.yaml"
QUESTION = b"Do you want to perform these actions?"


def test_apply_asks_for_approval_after_the_plan_reached_a_piped_stdout(tmp_path: Path) -> None:
    terminal, answers = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "iotplan", "apply", QUICKSTART, "--sim-db", str(tmp_path / "sim.db")],
        cwd=ROOT,
        env=_buffered_environment(),
        stdin=answers,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    os.close(answers)
    assert process.stdout is not None
    seen = b""
    while QUESTION not in seen:
        chunk = process.stdout.read1(65536)
        assert chunk, seen.decode()
        seen += chunk
    os.write(terminal, b"no\n")
    process.communicate(timeout=120)
    os.close(terminal)
    assert b"Plan: 8 to add" in seen.partition(QUESTION)[0], seen.decode()


def _buffered_environment() -> dict[str, str]:
    """Python's default, a buffered stdout: without PYTHONUNBUFFERED, nor the shell's IOTPLAN_*."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith("IOTPLAN_")}
    kept.pop("PYTHONUNBUFFERED", None)
    return kept | {"PYTHONPATH": str(ROOT)}
