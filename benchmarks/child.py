"""Run the iotplan CLI as a child process and measure it: wall time, CPU time and its own peak RSS.

`os.wait4` returns the rusage of that one child, so the emulator (another child) never counts.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.emulator import API_KEY

SUMMARY = re.compile(r'"summary": (\{[^{}]*\})')


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
    command = [sys.executable, *prefix, "-m", "iotplan", *arguments]
    stdout, stderr = folder / f"{name}.out", folder / f"{name}.err"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=folder, env=_environment())
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    return ChildRun(
        command=command,
        exit_code=process.returncode,
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        peak_rss_mib=usage.ru_maxrss / 1024,  # kilobytes on Linux
        stdout=stdout,
        stderr=stderr,
    )


def _environment() -> dict[str, str]:
    """The caller's environment without any IOTPLAN_* setting but the benchmark's API key."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("IOTPLAN_")}
    return {**environment, "IOTPLAN_API_KEY": API_KEY, "NO_COLOR": "1"}
