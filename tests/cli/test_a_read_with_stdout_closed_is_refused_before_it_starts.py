"""`iotplan plan site.yaml >&-` (drift, import, check-platform alike): the view has nowhere to go, yet
the command read the whole platform (check-platform made its scratch writes) before it said so. Each
is refused before it opens the platform."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.e2e.conftest import PROJECT


@pytest.mark.parametrize(
    "command",
    [
        ("plan", "examples/quickstart/site.yaml"),
        ("drift", "examples/quickstart/site.yaml"),
        ("import", "--project", PROJECT),
        ("check-platform", "--project", PROJECT),
    ],
    ids=lambda command: command[0],
)
def test_a_closed_stdout_is_refused_before_the_platform_opens(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IOTPLAN_")} | {"PYTHONPATH": str(ROOT)}
    database = tmp_path / "sim.db"
    ended = subprocess.run(
        [sys.executable, "-m", "iotplan", *command, "--sim-db", str(database)],
        cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1),
        timeout=120,
    )  # fmt: skip
    said = ended.stderr.decode().splitlines()
    assert ended.returncode == 1 and len(said) == 1 and "stdout is closed" in said[0], said
    assert not database.exists()
