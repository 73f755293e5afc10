"""SIGHUP (the ssh session dropped, the terminal closed) during apply: the report of what was
applied, in flight and not started, as after Ctrl-C, then exit 129; a report the gone terminal
cannot take ends the run with 129 all the same, and one redirected to a file is written whole."""

from __future__ import annotations

import json
import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any

import httpx

from tests.e2e.test_interrupt import SITES, api_connections
from tests.served import seed_with_gateway_ports, served

ROOT = Path(__file__).resolve().parents[2]
# SIGHUP as a terminal's session meets it, whatever this test process inherited (`nohup pytest`).
IOTPLAN = """
import signal
signal.signal(signal.SIGHUP, signal.SIG_DFL)
from iotplan.cli.main import main
main()
"""


def apply(url: str, stdout: IO[Any] | int, stderr: IO[Any] | int, *options: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-c", IOTPLAN, "apply", *SITES, "--endpoint", url, "--auto-approve"]
    environment = {**os.environ, "IOTPLAN_API_KEY": "demo-key", "PYTHONUNBUFFERED": "1"}
    command += ["--parallelism", "2", *options]
    return subprocess.Popen(command, cwd=ROOT, env=environment, stdout=stdout, stderr=stderr)


def hang_up_midway(url: str, process: subprocess.Popen[bytes], terminal: int | None = None) -> None:
    """SIGHUP once two connections are written; `terminal`, the controlling side of the pty the
    apply writes to, is closed first, as the ssh session's is (reading it meanwhile, so no write
    waits for room)."""
    deadline = time.monotonic() + 60
    while api_connections(url) < 2 and time.monotonic() < deadline:
        while terminal is not None and select.select([terminal], [], [], 0)[0]:
            os.read(terminal, 65536)
        time.sleep(0.05)
    if terminal is not None:
        os.close(terminal)
    process.send_signal(signal.SIGHUP)


def test_sighup_reports_what_was_done_and_exits_129(tmp_path: Path) -> None:
    with served(seed_with_gateway_ports(tmp_path)) as url:
        httpx.post(f"{url}/_sim/faults", json={"latency_ms": 150}).raise_for_status()
        process = apply(url, subprocess.PIPE, subprocess.PIPE)
        hang_up_midway(url, process)
        stdout, stderr = (text.decode() for text in process.communicate(timeout=60))
    assert process.returncode == 129, (stdout, stderr)
    assert "Apply interrupted:" in stdout and "not started" in stdout
    assert "Error: interrupted:" in stderr and "Traceback" not in stderr


def test_sighup_with_the_terminal_gone_still_writes_the_json_report_redirected_to_a_file(
    tmp_path: Path,
) -> None:
    terminal, gone = pty.openpty()
    report = tmp_path / "report.json"
    with served(seed_with_gateway_ports(tmp_path)) as url, report.open("wb") as redirected:
        httpx.post(f"{url}/_sim/faults", json={"latency_ms": 150}).raise_for_status()
        process = apply(url, redirected, gone, "--format", "json")
        os.close(gone)
        hang_up_midway(url, process, terminal)
        process.wait(timeout=60)
    assert process.returncode == 129
    document = json.loads(report.read_text())  # one document, whole
    assert document["stopped"] == "interrupted", document
    statuses = {outcome["status"] for outcome in document["outcomes"]}
    assert {"applied", "not started"} <= statuses


def test_sighup_with_the_terminal_gone_for_the_text_report_too_exits_129(tmp_path: Path) -> None:
    terminal, gone = pty.openpty()
    with served(seed_with_gateway_ports(tmp_path)) as url:
        httpx.post(f"{url}/_sim/faults", json={"latency_ms": 150}).raise_for_status()
        process = apply(url, gone, gone)
        os.close(gone)
        hang_up_midway(url, process, terminal)
        process.wait(timeout=60)
    assert process.returncode == 129  # not 1 for the report that could not be written, nor 120
