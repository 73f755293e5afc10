"""SIGTERM or SIGHUP while `--out` files are written, after the command's asyncio loop, stops it
as Ctrl-C does: the hidden files staged beside them removed, "Interrupted." said, 128 + the
signal's number; the signal no longer kills it outright, leaving megabytes of `.NAME.XXXX.part`."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from iotplan.clients.target import TARGET_VARIABLES
from tests.conftest import ROOT

# iotplan, each --out file held half written until a signal comes; SIGTERM and SIGHUP as a fresh
# process meets them, whatever this test process inherited.
WRITING_SLOWLY = """
import signal, sys, time
from pathlib import Path
signal.signal(signal.SIGTERM, signal.SIG_DFL)
signal.signal(signal.SIGHUP, signal.SIG_DFL)
from iotplan.cli import out_files
write = out_files._write
def held(file, content):
    write(file, content)
    file.flush()
    Path("staged").touch()
    time.sleep(30)
out_files._write = held
from iotplan.cli.main import main
main()
"""


@pytest.mark.parametrize(
    ("stop", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)], ids=["sigterm", "sighup"]
)
def test_a_signal_while_out_files_are_written_removes_them_and_says_interrupted(
    tmp_path: Path, stop: signal.Signals, code: int
) -> None:
    shutil.copytree(ROOT / "examples" / "quickstart", tmp_path / "quickstart")
    environment = {name: value for name, value in os.environ.items() if name not in TARGET_VARIABLES}
    command = [sys.executable, "-c", WRITING_SLOWLY, "plan", "quickstart/site.yaml", "--out", "plan.json"]
    process = subprocess.Popen(
        command, cwd=tmp_path, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 60
    while not (tmp_path / "staged").exists():
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.02)
    assert [path.name for path in tmp_path.glob(".plan.json.*.part")]  # written, not yet in place
    process.send_signal(stop)
    stdout, stderr = process.communicate(timeout=20)
    assert process.returncode == code, (stdout, stderr)
    assert stderr.endswith("Interrupted.\n"), stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == [".iotplan", "quickstart", "staged"]
