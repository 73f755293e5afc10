"""`iotplan apply site.yaml --format json` at a terminal showed no plan (stdout holds the outcome's
document alone) yet asked `Do you want to perform these actions?`: a `yes` approved writes never
shown. As Terraform refuses -json without -auto-approve, the apply is refused before any read."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

QUESTION = b"Do you want to perform these actions?"


def test_apply_json_of_a_manifest_at_a_terminal_is_refused_not_asked(tmp_path: Path) -> None:
    terminal, answers = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("IOTPLAN_")} | {"PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "iotplan", "apply", "examples/quickstart/site.yaml", "--format", "json",
         "--sim-db", str(tmp_path / "sim.db")],
        cwd=ROOT, env=env, stdin=answers, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    os.close(answers)
    assert process.stderr is not None
    said = b""
    while QUESTION not in said:  # read up to the question, or to the end where none is asked
        chunk = process.stderr.read1(65536)
        if not chunk:
            break
        said += chunk
    os.write(terminal, b"no\n")  # a question asked is answered, so that a failing run ends
    stdout, _ = process.communicate(timeout=120)
    os.close(terminal)
    assert QUESTION not in said, said.decode()
    assert (process.returncode, json.loads(stdout)["status"]) == (1, "refused")
    assert "--auto-approve" in said.decode()
