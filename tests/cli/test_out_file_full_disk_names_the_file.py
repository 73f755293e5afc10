"""A write that fails for want of room (a full disk, a file-size limit) names the --out file, as a
folder that refuses the file does: the error a write raises names none."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.served import seed_with_gateway_ports, served


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_a_device_that_is_full_is_named(workspace: Workspace) -> None:
    result = workspace.run("plan", QUICKSTART, "--format", "json", "--out", "/dev/full")
    assert result.exit_code == 1
    assert "Error: /dev/full: No space left on device" in result.stderr


def at_most_4_kib_per_file() -> None:
    """In the child: a file grown past 4 KiB fails with EFBIG, as a write on a full disk fails."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_a_plan_file_that_cannot_be_written_whole_is_named_and_not_left_behind(
    workspace: Workspace, tmp_path: Path
) -> None:
    """The staged file beside plan.json fails: the error names plan.json, not the hidden one."""
    with served(seed_with_gateway_ports(tmp_path)) as url:
        planned = subprocess.run(
            [sys.executable, "-m", "iotplan", "plan", QUICKSTART, "--endpoint", url, "--out", "plan.json"],
            capture_output=True,
            text=True,
            env={**os.environ, "IOTPLAN_API_KEY": "demo-key"},
            preexec_fn=at_most_4_kib_per_file,
            check=False,
        )
    assert planned.returncode == 1, planned.stderr
    assert "Error: plan.json: File too large" in planned.stderr
    assert not [name for name in os.listdir(workspace.path) if "plan.json" in name]
