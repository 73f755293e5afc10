"""`iotplan apply site.yaml > apply.log` at a terminal: the plan went to the file and the question
came on the screen with nothing above it to approve. The question says where the plan is."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

QUESTION = b"Do you want to perform these actions?"


def test_the_question_names_the_file_stdout_is(tmp_path: Path) -> None:
    terminal, answers = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("IOTPLAN_")} | {"PYTHONPATH": str(ROOT)}
    log = tmp_path / "apply.log"
    with log.open("wb") as stdout:
        process = subprocess.Popen(
            [sys.executable, "-m", "iotplan", "apply", "examples/quickstart/site.yaml", "--no-color",
             "--sim-db", str(tmp_path / "sim.db")],
            cwd=ROOT, env=env, stdin=answers, stdout=stdout, stderr=subprocess.PIPE,
        )  # fmt: skip
    os.close(answers)
    assert process.stderr is not None
    said = b""
    while QUESTION not in said:
        chunk = process.stderr.read1(65536)
        assert chunk, said.decode()
        said += chunk
    os.write(terminal, b"no\n")
    process.communicate(timeout=120)
    os.close(terminal)
    assert b"Plan: 8 to add" in log.read_bytes()
    assert str(log).encode() in said.partition(QUESTION)[0].splitlines()[-1], said.decode()
