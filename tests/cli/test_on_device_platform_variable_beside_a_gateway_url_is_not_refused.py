"""On a THREAD whose pipeline sets IOTPLAN_ENDPOINT for its platform jobs, `--on-device` with the
gateway URL given goes to that THREAD: the platform's variable changes nothing there."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.cli.requests_refused import requests_sent
from tests.conftest import ROOT

SITE = str(ROOT / "examples" / "thread" / "site.yaml")


def test_a_platform_variable_beside_a_gateway_url_is_not_refused_on_device(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    sent = requests_sent(monkeypatch)
    result = CliRunner().invoke(
        cli,
        ["plan", SITE, "--on-device", "--gateway-url", "http://127.0.0.1:9"],
        env={"IOTPLAN_ENDPOINT": "https://iiot.example.invalid"},
    )
    assert "Target: the THREAD at http://127.0.0.1:9 (on-device)\n" in result.stderr
    assert set(sent) == {"http://127.0.0.1:9/api/serialNumber"}  # asked, and again after no answer
