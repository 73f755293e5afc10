"""A measured child reports its own figures, however large the harness that started it."""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks.child import run_child


def test_a_small_child_of_a_large_harness_reports_its_own_peak_memory(tmp_path: Path) -> None:
    ballast = bytearray(300 * 1024 * 1024)  # the harness holds 300 MiB, touched
    ballast[::4096] = b"x" * len(ballast[::4096])
    run = run_child([sys.executable, "-c", "pass"], tmp_path, "small")
    assert run.exit_code == 0
    assert run.peak_rss_mib < 100
    del ballast


def test_a_childs_exit_code_and_cpu_time_are_its_own(tmp_path: Path) -> None:
    busy = "import sys, time\nend = time.process_time() + 0.2\nwhile time.process_time() < end: pass\n"
    busy += "sys.exit(3)"
    run = run_child([sys.executable, "-c", busy], tmp_path, "busy")
    assert run.exit_code == 3
    assert run.cpu_s >= 0.2 and run.wall_s >= run.cpu_s * 0.9
