"""The quickstart runs with one command on a developer's machine, whose shell holds other tools'
credentials and names of the platform that hold none: neither is taken for the platform's
credential."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.clients.target import TargetOptions, choose_target


def test_other_credentials_leave_the_demo_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    environ = {
        "GITHUB_TOKEN": "ghp-token-1234",
        "AWS_SECRET_ACCESS_KEY": "aws-secret-1234",
        "NPM_TOKEN": "npm-token-1234",
        "SSH_AUTH_SOCK": "/tmp/ssh-agent.sock",
        "ITWIN_ID": "4f6a0c1e-0000-0000-0000-000000000000",
        "BENTLEY_HOME": "/opt/bentley",
    }
    choice = choose_target(TargetOptions(), environ)
    assert choice.url is None and choice.sim_db == Path(".iotplan/sim.db")
