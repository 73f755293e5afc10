"""`iotplan apply examples/quickstart/site.yaml` run with stdin a terminal and stdout as a test gives it:
what stderr said up to the question (answered `no` where it is asked), and the exit code. The run's
stdout is buffered, Python's default: without PYTHONUNBUFFERED, nor the shell's IOTPLAN_*."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import threading
from pathlib import Path

from tests.conftest import ROOT

QUESTION = b"Do you want to perform these actions?"


def ask(stdout: int | None, tmp_path: Path, *extra: str, stderr: int = subprocess.PIPE) -> tuple[bytes, int]:
    """`stdout` None: the terminal the question is answered on (stdin's; stderr is read here).
    `stdout` subprocess.PIPE and `stderr` subprocess.STDOUT: both read here, one stream as written."""
    terminal, answers = pty.openpty()
    if stdout is None:
        stdout = answers
        threading.Thread(target=drain, args=(terminal,), daemon=True).start()  # the screen
    env = {k: v for k, v in os.environ.items() if not k.startswith("IOTPLAN_") and k != "PYTHONUNBUFFERED"}
    process = subprocess.Popen(
        [sys.executable, "-m", "iotplan", "apply", "examples/quickstart/site.yaml", "--no-color",
         "--sim-db", str(tmp_path / "sim.db"), *extra],
        cwd=ROOT, env=env | {"PYTHONPATH": str(ROOT)}, stdin=answers, stdout=stdout, stderr=stderr,
    )  # fmt: skip
    os.close(answers)
    read = process.stderr or process.stdout
    assert read is not None
    said = b""
    while QUESTION not in said:  # up to the question, or to the end where none is asked
        chunk = read.read1(65536)
        if not chunk:
            break
        said += chunk
    os.write(terminal, b"no\n")  # a question asked is answered, so that a failing run ends
    out, err = process.communicate(timeout=120)
    os.close(terminal)
    return said + (err if process.stderr else out), process.returncode


def before_the_question(said: bytes) -> list[str]:
    """The lines stderr said before the question."""
    assert QUESTION in said, said.decode(errors="replace")
    return said.partition(QUESTION)[0].decode(errors="replace").splitlines()


def drain(terminal: int) -> None:
    """What a terminal shows, read until it closes: a terminal nobody reads fills and stops the run."""
    while True:
        try:
            os.read(terminal, 65536)
        except OSError:  # closed: the test is over
            return
