"""`iotplan apply examples/quickstart/site.yaml` run with stdin a terminal and stdout as a test gives it:
what stderr said up to the question (answered `no` where it is asked), and the exit code."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import threading
from pathlib import Path

from tests.conftest import ROOT

QUESTION = b"Do you want to perform these actions?"


def ask(stdout: int | None, tmp_path: Path, *extra: str) -> tuple[bytes, int]:
    """`stdout` None: the terminal the question is answered on (stdin's; stderr is read here)."""
    terminal, answers = pty.openpty()
    if stdout is None:
        stdout = answers
        threading.Thread(target=drain, args=(terminal,), daemon=True).start()  # the screen
    env = {k: v for k, v in os.environ.items() if not k.startswith("IOTPLAN_")} | {"PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "iotplan", "apply", "examples/quickstart/site.yaml", "--no-color",
         "--sim-db", str(tmp_path / "sim.db"), *extra],
        cwd=ROOT, env=env, stdin=answers, stdout=stdout, stderr=subprocess.PIPE,
    )  # fmt: skip
    os.close(answers)
    assert process.stderr is not None
    said = b""
    while QUESTION not in said:  # up to the question, or to the end where none is asked
        chunk = process.stderr.read1(65536)
        if not chunk:
            break
        said += chunk
    os.write(terminal, b"no\n")  # a question asked is answered, so that a failing run ends
    _, rest = process.communicate(timeout=120)
    os.close(terminal)
    return said + rest, process.returncode


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
