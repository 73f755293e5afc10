"""`iotplan apply site.yaml --format json --auto-approve >&-` (a cron job): stdout closed is known at
start, yet the apply read the platform, wrote its 8 entities, then ended `Error: stdout is closed: the
view has nowhere to go`, exit 1, with nothing saying the writes were made. It is refused before any."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_a_closed_stdout_is_refused_before_any_write(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IOTPLAN_")} | {"PYTHONPATH": str(ROOT)}
    database = tmp_path / "sim.db"
    ended = subprocess.run(
        [sys.executable, "-m", "iotplan", "apply", "examples/quickstart/site.yaml", "--sim-db", str(database),
         "--format", "json", "--auto-approve"],
        cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1),
        timeout=120,
    )  # fmt: skip
    said = ended.stderr.decode().splitlines()
    assert ended.returncode == 1 and len(said) == 1 and "stdout is closed" in said[0], said
    assert not database.exists()  # the embedded platform never opened, so nothing written to it
