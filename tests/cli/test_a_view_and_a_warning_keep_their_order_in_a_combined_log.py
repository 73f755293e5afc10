"""`iotplan import ... 2>&1 > import.log`: the manifest (stdout, buffered in a pipe) is printed before
the warning after it (stderr, written at once), but reached the log after it. A view is flushed as
soon as it is written, so a combined log keeps the order things were said in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

PROJECT = "6ee68656-ce20-452c-a4e6-b6b3a3b55537"


def test_an_imported_manifest_comes_before_the_warning_after_it_in_a_combined_log(tmp_path: Path) -> None:
    database = str(tmp_path / "sim.db")
    _iotplan("apply", "examples/quickstart/site.yaml", "--sim-db", database, "--auto-approve")
    log = _iotplan("import", "--sim-db", database, "--project", PROJECT).decode()
    assert "Warning:" in log, log
    assert log.index("# Imported by") < log.index("Warning:"), log[:400]


def _iotplan(*arguments: str) -> bytes:
    """stdout and stderr into one pipe, stdout buffered as Python's default is."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith("IOTPLAN_")}
    kept.pop("PYTHONUNBUFFERED", None)
    return subprocess.run(
        [sys.executable, "-m", "iotplan", *arguments],
        cwd=ROOT,
        env=kept | {"PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        check=True,
        timeout=120,
    ).stdout
