"""The real entry point leaves without taking the interpreter apart (cli/main.py `_leave`: freeing a
large plan's objects one by one cost a third of a second), and nothing is lost to it: a plan piped
on, which Python buffers, reaches its reader whole, its --out files are whole, and its exit code
is the command's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from iotplan.cli.exit_codes import ExitCode
from tests.conftest import ROOT


def planned_into_a_pipe(folder: Path) -> subprocess.CompletedProcess[str]:
    """stdout a pipe and Python's own buffering: no PYTHONUNBUFFERED, nor the shell's IOTPLAN_*."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("IOTPLAN_") and k != "PYTHONUNBUFFERED"}
    return subprocess.run(
        [sys.executable, "-m", "iotplan", "plan", "examples/quickstart/site.yaml", "--no-color",
         "--sim-db", str(folder / "sim.db"), "--out", str(folder / "plan.json"),
         "--out", str(folder / "plan.txt"), "--detailed-exitcode"],
        cwd=ROOT, env=env | {"PYTHONPATH": str(ROOT)}, stdin=subprocess.DEVNULL, capture_output=True,
        text=True, timeout=300,
    )  # fmt: skip


def test_a_piped_plan_reaches_its_reader_whole_with_its_files_and_exit_code(tmp_path: Path) -> None:
    done = planned_into_a_pipe(tmp_path)
    assert done.returncode == ExitCode.CHANGES, done.stderr  # an empty platform: every entity to add
    assert done.stdout.endswith("Plan: 8 to add, 0 to change, 0 to destroy.\n")
    assert done.stdout == (tmp_path / "plan.txt").read_text(encoding="utf-8")  # the text view, as shown
    saved = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    assert len(saved["changes"]) == 8
    assert done.stderr.rstrip("\n").splitlines()[-1].startswith(f"Saved the plan to {tmp_path / 'plan.json'}")
