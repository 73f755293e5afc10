"""`IOTPLAN_ENDPOINT=http://thread-7... iotplan plan --on-device` read the THREAD at
http://localhost: --on-device reads no platform variable. With no gateway URL given, a platform's
address variable holding a value is refused, saying the variable --on-device reads, before any
request."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.cli.requests_refused import requests_sent
from tests.conftest import ROOT

SITE = str(ROOT / "examples" / "thread" / "site.yaml")


@pytest.mark.parametrize("name", ["IOTPLAN_ENDPOINT", "IOTPLAN_RPC_ENDPOINT", "IOTPLAN_TOKEN_URL"])
def test_a_platform_variable_with_no_gateway_url_is_refused_on_device(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    sent = requests_sent(monkeypatch)
    result = CliRunner().invoke(cli, ["plan", SITE, "--on-device"], env={name: "http://127.0.0.1:9"})
    assert result.exit_code == 1, result.output
    assert result.stderr.strip().splitlines() == [
        f"Error: {name} is set, but --on-device does not read it, so with no gateway URL given the run "
        "would go to the THREAD at http://localhost: give the THREAD's URL as IOTPLAN_GATEWAY_URL or "
        f"--gateway-url (http://localhost itself if it is meant), or unset it (`unset {name}`)"
    ]
    assert sent == []
