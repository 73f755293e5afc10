"""`--gateway-url http://iot_gw:8404` (or IOTPLAN_GATEWAY_URL), a Docker compose service's name, was
refused as "not a host name or IP" since the edge.host check was shared with it, though the HTTP
client connects to such a name: it is sent to. A port out of range is told so, not "not a host"."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.cli.requests_refused import requests_sent
from tests.conftest import ROOT

SITE = str(ROOT / "examples" / "thread" / "site.yaml")


@pytest.mark.parametrize("named", ["--gateway-url", "IOTPLAN_GATEWAY_URL"])
def test_a_gateway_url_with_an_underscore_is_sent_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, named: str
) -> None:
    monkeypatch.chdir(tmp_path)
    sent = requests_sent(monkeypatch)
    url = "http://proj_gw_1:8404"
    flags, environ = (["--gateway-url", url], {}) if named == "--gateway-url" else ([], {named: url})
    result = CliRunner().invoke(cli, ["plan", SITE, "--on-device", *flags], env=environ)
    assert "is not a host name" not in result.stderr
    assert sent and all(request.startswith(f"{url}/") for request in sent), (sent, result.output)


def test_a_gateway_url_port_out_of_range_is_told_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    sent = requests_sent(monkeypatch)
    result = CliRunner().invoke(cli, ["plan", SITE, "--on-device", "--gateway-url", "http://gw.lan:123456"])
    assert result.exit_code == 1, result.output
    assert "port 123456 in 'http://gw.lan:123456' is outside 1..65535" in result.stderr
    assert sent == []
