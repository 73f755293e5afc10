"""`iotplan schema >&-` (a cron job or daemon that closed stdout): Python makes sys.stdout None, and
the writer's first flush raised AttributeError: `Error: unexpected AttributeError: 'NoneType' object
has no attribute 'flush'`, then a chained traceback from the exit's own flush. The view cannot be
delivered: one error line, exit 1."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT


def test_a_closed_stdout_ends_with_one_error_line_and_exit_1() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IOTPLAN_")} | {"PYTHONPATH": str(ROOT)}
    ended = subprocess.run(
        [sys.executable, "-m", "iotplan", "schema"],
        cwd=ROOT, env=env, stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1), timeout=60,
    )  # fmt: skip
    said = ended.stderr.decode().splitlines()
    assert ended.returncode == 1 and len(said) == 1, said
    assert said[0].startswith("Error: ") and "unexpected" not in said[0], said
