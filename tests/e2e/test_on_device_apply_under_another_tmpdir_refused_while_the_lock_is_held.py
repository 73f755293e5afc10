"""The gateway's lock file was in `tempfile.gettempdir()`, which `$TMPDIR` moves: pam_tmpdir gives a
login shell (root's too) /tmp/user/<uid>, so a person's `apply --on-device` took another lock than the
timer's, and both wrote (cr92). Every run on the box takes the lock in one folder, whatever its
environment: a run under another TMPDIR is refused while the timer's run holds it."""

from __future__ import annotations

import fcntl
import tempfile
from pathlib import Path

import pytest

from iotplan.clients.gateway_lock import lock_file
from tests.e2e.conftest import Workspace

EDGE = "examples/edge/site.yaml"
SIM = ".iotplan/sim.db"


def under_tmpdir(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The environment of a run whose TMPDIR is `folder`, as tempfile reads it afresh in a new process."""
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)


def test_on_device_apply_under_another_tmpdir_refused_while_the_lock_is_held(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    workspace.api("POST", "/_sim/gateways/5D6E7F", json={"host": "localhost"})
    under_tmpdir(tmp_path / "cron", monkeypatch)
    held = lock_file("http://localhost", Path(SIM))

    with held.open("a") as timers_run:
        fcntl.flock(timers_run, fcntl.LOCK_EX | fcntl.LOCK_NB)
        under_tmpdir(tmp_path / "user-0", monkeypatch)
        result = workspace.run("apply", EDGE, "--on-device", "--sim-db", SIM, "--auto-approve")

    assert result.exit_code == 1, result.output
    assert f"another iotplan run holds the THREAD at http://localhost (lock file {held})" in result.stderr
