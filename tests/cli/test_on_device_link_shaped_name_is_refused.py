"""`IOTPLAN_GATEWAY_NAME=http://thread-7 iotplan plan --on-device` read the THREAD at
http://localhost: a first cut took the name, shaped like a Docker link's, for one whatever it held.
Refused before any request, as any variable iotplan does not read."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.cli.requests_refused import requests_sent
from tests.conftest import ROOT

SITE = str(ROOT / "examples" / "thread" / "site.yaml")


def test_a_link_shaped_name_is_refused_on_device(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    sent = requests_sent(monkeypatch)
    result = CliRunner().invoke(
        cli, ["plan", SITE, "--on-device"], env={"IOTPLAN_GATEWAY_NAME": "http://127.0.0.1:9"}
    )
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(
        "Error: IOTPLAN_GATEWAY_NAME (did you mean IOTPLAN_GATEWAY_URL?) is set, but iotplan reads no such "
        "variable, so with no gateway URL given the run would go to the THREAD at http://localhost: "
    )
    assert sent == []
