"""Ctrl-C (or SIGTERM) during apply: what was applied, in flight and not started is reported, exit 130
(143), and a rerun converges without duplicates; a second Ctrl-C waits for that report; at the
prompt, the first stops at once."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from iotplan.cli.aio import TOLD
from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace
from tests.served import seed_with_gateway_ports, served

SITES = ("examples/multi-site/site.yaml.j2", "--sites", "examples/multi-site/sites.csv")
AUTH = {"Authorization": "ApiKey demo-key"}


def api_connections(url: str) -> int:
    nodes = httpx.get(f"{url}/api/nodes/all", params={"projectIds": PROJECT, "pageSize": 1000}, headers=AUTH)
    return sum(node["id"].startswith("/api/") for node in nodes.json())


# iotplan, its interrupted apply a second longer to make its report (a large fleet's).
SLOW_REPORT = """
import time
from iotplan.commands import apply
made = apply.interrupted
apply.interrupted = lambda result: (time.sleep(1), made(result))[1]
from iotplan.cli.main import main
main()
"""


def apply(
    url: str, root: Path, iotplan: tuple[str, ...] = ("-m", "iotplan"), *, json_report: bool = False
) -> subprocess.Popen[str]:
    command = [sys.executable, *iotplan, "apply", *SITES, "--endpoint", url, "--auto-approve"]
    command += ["--parallelism", "2", *(["--format", "json"] if json_report else [])]
    environment = {**os.environ, "IOTPLAN_API_KEY": "demo-key", "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        command, cwd=root, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


@pytest.mark.usefixtures("python_sigint_handler")
@pytest.mark.parametrize(
    ("stop", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["ctrl-c", "sigterm"]
)
def test_ctrl_c_or_sigterm_reports_what_was_done_and_a_rerun_converges(
    tmp_path: Path, stop: signal.Signals, code: int
) -> None:
    root = Path(__file__).resolve().parents[2]
    with served(seed_with_gateway_ports(tmp_path)) as url:
        httpx.post(f"{url}/_sim/faults", json={"latency_ms": 150}).raise_for_status()
        process = apply(url, root)
        deadline = time.monotonic() + 60
        while api_connections(url) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        process.send_signal(stop)
        stdout, stderr = process.communicate(timeout=60)
        assert process.returncode == code, (stdout, stderr)
        assert "Apply interrupted:" in stdout and "not started" in stdout
        assert "interrupted:" in stderr and "run it again to converge" in stderr
        httpx.post(f"{url}/_sim/faults", json={}).raise_for_status()
        rerun = apply(url, root)
        out, err = rerun.communicate(timeout=120)
        assert rerun.returncode == 0, (out, err)
        assert api_connections(url) == 50  # every site once: nothing doubled


def interrupted_midway(url: str, root: Path, iotplan: tuple[str, ...]) -> subprocess.Popen[str]:
    """An apply of the multi-site example, sent Ctrl-C once two connections are made."""
    httpx.post(f"{url}/_sim/faults", json={"latency_ms": 150}).raise_for_status()
    process = apply(url, root, iotplan)
    deadline = time.monotonic() + 60
    while api_connections(url) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    return process


@pytest.mark.usefixtures("python_sigint_handler")
def test_a_second_ctrl_c_while_the_report_is_made_is_told_and_the_report_kept(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    with served(seed_with_gateway_ports(tmp_path)) as url:
        process = interrupted_midway(url, root, ("-c", SLOW_REPORT))
        time.sleep(0.3)  # within the second the report takes
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, (stdout, stderr)
    assert "Apply interrupted:" in stdout and "not started" in stdout
    assert TOLD in stderr and "run it again to converge" in stderr
    assert "Traceback" not in stderr and "unhandled exception" not in stderr


def readable(stream: Any, seconds: float) -> bool:
    """poll, not select: select refuses a descriptor past 1023, which a long test session reaches."""
    poller = select.poll()
    poller.register(stream, select.POLLIN)
    return bool(poller.poll(seconds * 1000))


def prompted(process: subprocess.Popen[bytes]) -> bytes:
    """What the apply wrote on stderr up to its confirmation prompt."""
    assert process.stderr is not None
    said, deadline = b"", time.monotonic() + 60
    while b"Do you want to perform these actions?" not in said:
        assert process.poll() is None and time.monotonic() < deadline, said
        if readable(process.stderr, 0.1):
            said += os.read(process.stderr.fileno(), 4096)
    return said


def reading_the_answer(process: subprocess.Popen[bytes]) -> None:
    """Until the prompted process sleeps in its read of the answer. The prompt is written before
    input() reads: a signal in between is handled once the read returns (Python runs handlers
    between bytecodes, and a read that began after the signal is not interrupted by it)."""
    deadline = time.monotonic() + 30
    while Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "S":
        assert time.monotonic() < deadline
        time.sleep(0.01)


@pytest.mark.usefixtures("python_sigint_handler", "default_sigterm_handler")
@pytest.mark.parametrize(
    ("stop", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["ctrl-c", "sigterm"]
)
def test_ctrl_c_or_sigterm_at_the_prompt_stops_at_once_and_writes_nothing(
    workspace: Workspace, stop: signal.Signals, code: int
) -> None:
    controller, terminal = pty.openpty()  # the prompt asks only on a terminal
    command = [sys.executable, "-m", "iotplan", "apply", QUICKSTART]
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    process = subprocess.Popen(command, cwd=workspace.path, stdin=terminal, **pipes)
    os.close(terminal)
    try:
        said = prompted(process)
        reading_the_answer(process)
        process.send_signal(stop)
        stdout, stderr = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:  # a signal that only cancelled the task waits for the answer
        process.kill()
        process.communicate()
        pytest.fail("the prompt went on waiting after the signal")
    finally:
        os.close(controller)
    assert process.returncode == code, (stdout, said + stderr)
    assert (
        (said + stderr)
        .decode()
        .endswith("Only 'yes' will be accepted: \nInterrupted before the first write: nothing was written.\n")
    )
    assert b"Apply" not in stdout
    planned = [line for line in stdout.decode().splitlines() if line.startswith("Plan: ")]
    assert planned and planned[0] in workspace.run("plan", QUICKSTART).stdout  # nothing was written
