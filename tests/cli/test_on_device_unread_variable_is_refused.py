"""`IOTPLAN_DEVICE_URL=http://thread-7 iotplan plan --on-device site.yaml` read whatever THREAD
answered at the default gateway, http://localhost: iotplan does not read IOTPLAN_DEVICE_URL. It is
refused before any request, saying which THREAD the run would have gone to."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.cli.requests_refused import requests_sent
from tests.conftest import ROOT

SITE = str(ROOT / "examples" / "thread" / "site.yaml")


def test_an_unread_variable_is_refused_on_device(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    sent = requests_sent(monkeypatch)
    result = CliRunner().invoke(
        cli, ["plan", SITE, "--on-device"], env={"IOTPLAN_DEVICE_URL": "http://127.0.0.1:9"}
    )
    assert result.exit_code == 1, result.output
    assert result.stderr.strip().splitlines() == [
        "Error: IOTPLAN_DEVICE_URL is set, but iotplan reads no such variable, so with no gateway URL given "
        "the run would go to the THREAD at http://localhost: rename it, or unset it if it is not meant for "
        "iotplan, or name it without the IOTPLAN_ prefix (`unset IOTPLAN_DEVICE_URL`)"
    ]
    assert sent == []
