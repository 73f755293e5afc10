"""Run the iotplan CLI (or a baseline script) as a child process and measure it: wall time, CPU time
and its own peak RSS.

benchmarks/launcher.py runs it and reads its rusage with `os.wait4`: that one process's, so the
emulator (another child) never counts.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.emulator import API_KEY

LAUNCHER = Path(__file__).with_name("launcher.py")
SUMMARY = re.compile(r'"summary": (\{[^{}]*\})')
TEXT_SUMMARY = re.compile(r"^Plan: (\d+) to add, (\d+) to change, (\d+) to destroy\.", re.MULTILINE)
DIFFERENCES = re.compile(r"^(\d+) differences$", re.MULTILINE)


@dataclass(frozen=True)
class ChildRun:
    command: list[str]
    exit_code: int
    wall_s: float
    cpu_s: float
    peak_rss_mib: float
    stdout: Path
    stderr: Path

    def error_tail(self, lines: int = 15) -> str:
        return "\n".join(self.stderr.read_text(errors="replace").splitlines()[-lines:])

    def plan_summary(self) -> dict[str, Any] | None:
        """The summary of a `--format json` plan, read from its head: the whole plan can be 100 MB."""
        with self.stdout.open(encoding="utf-8", errors="replace") as text:
            match = SUMMARY.search(text.read(4096))
        return json.loads(match.group(1)) if match else None

    def text_plan_summary(self) -> dict[str, int] | None:
        """The pinned last line of a text plan: `Plan: X to add, Y to change, Z to destroy.`"""
        found = TEXT_SUMMARY.findall(self.stdout.read_text(errors="replace"))
        return dict(zip(("add", "change", "destroy"), map(int, found[-1]), strict=True)) if found else None

    def differences(self) -> int | None:
        """The count the per-connection script prints last: `N differences`."""
        found = DIFFERENCES.findall(self.stdout.read_text(errors="replace"))
        return int(found[-1]) if found else None

    def last_json_line(self) -> dict[str, Any] | None:
        lines = self.stdout.read_text(errors="replace").strip().splitlines()
        try:
            return json.loads(lines[-1]) if lines else None
        except ValueError:
            return None

    def apply_report(self) -> dict[str, Any] | None:
        try:
            document = json.loads(self.stdout.read_text())
        except ValueError:
            return None
        outcomes = document.get("outcomes", [])
        return {
            "converged": document.get("converged"),
            "remaining": document.get("remaining"),
            "connections_written": len(outcomes),
            "integrate_calls_reported": sum(outcome.get("calls", 0) for outcome in outcomes),
        }


def run_iotplan(arguments: list[str], folder: Path, name: str, profile: Path | None = None) -> ChildRun:
    """`python -m iotplan ARGUMENTS` in `folder`, output kept in files named after `name`."""
    prefix = ["-m", "pyinstrument", "--outfile", str(profile)] if profile else []
    return run_child([sys.executable, *prefix, "-m", "iotplan", *arguments], folder, name)


def run_script(script: Path, arguments: list[str], folder: Path, name: str) -> ChildRun:
    """`python SCRIPT ARGUMENTS`: a baseline, measured exactly as iotplan is."""
    return run_child([sys.executable, str(script), *arguments], folder, name)


def run_child(command: list[str], folder: Path, name: str) -> ChildRun:
    """COMMAND in `folder`, with the benchmark's credential; output kept in files named after `name`.

    It runs under benchmarks/launcher.py, which measures it: the harness may have grown large,
    and Linux would report the harness's peak RSS for any child it forked."""
    stdout, stderr = folder / f"{name}.out", folder / f"{name}.err"
    figures_file = folder / f"{name}.figures.json"
    launched = [sys.executable, "-S", str(LAUNCHER), str(figures_file), "--", *command]
    with stdout.open("wb") as out, stderr.open("wb") as err:
        exit_code = subprocess.run(
            launched, stdout=out, stderr=err, cwd=folder, env=_environment()
        ).returncode
    figures = json.loads(figures_file.read_text())
    return ChildRun(
        command=command,
        exit_code=exit_code,
        wall_s=figures["wall_s"],
        cpu_s=figures["cpu_s"],
        peak_rss_mib=figures["peak_rss_kib"] / 1024,
        stdout=stdout,
        stderr=stderr,
    )


def _environment() -> dict[str, str]:
    """The caller's environment without any IOTPLAN_* setting but the benchmark's API key."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("IOTPLAN_")}
    return {**environment, "IOTPLAN_API_KEY": API_KEY, "NO_COLOR": "1"}
