"""--gateway-url (or IOTPLAN_GATEWAY_URL) took a zone id (`http://[fe80::1%25eth0]`) that an
`edge.host` refuses, and told `http://fe80::1` "its port is not a number" without the brackets an
IPv6 address in a URL needs. It is checked as an `edge.host` is, in the same words, before any
request."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.cli.requests_refused import requests_sent
from tests.conftest import ROOT

SITE = str(ROOT / "examples" / "thread" / "site.yaml")


@pytest.mark.parametrize(
    ("url", "said"),
    [
        (
            "http://[fe80::1%25eth0]:8404",
            "'http://[fe80::1%25eth0]:8404' has a zone id (%25eth0), which iotplan's HTTP client cannot "
            "connect through",
        ),
        ("http://2001:db8::5", "an IPv6 address in a URL goes in brackets: http://[2001:db8::5]"),
        ("http://[fe80::1]", "'fe80::1' is a link-local IPv6 address (fe80::/10)"),
        ("http://0x0a.0.0.5", "'0x0a.0.0.5' writes a number in hex (0x0a)"),
    ],
)
@pytest.mark.parametrize("named", ["--gateway-url", "IOTPLAN_GATEWAY_URL"])
def test_a_gateway_url_is_checked_as_an_edge_host_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str, said: str, named: str
) -> None:
    monkeypatch.chdir(tmp_path)
    sent = requests_sent(monkeypatch)
    flags, environ = (["--gateway-url", url], {}) if named == "--gateway-url" else ([], {named: url})
    result = CliRunner().invoke(cli, ["plan", SITE, "--on-device", *flags], env=environ)
    assert result.exit_code == 1, result.output
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: {named}: ")
    assert said in line
    assert sent == []
