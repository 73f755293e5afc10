"""One gateway written two ways in two stacks' manifests (`2001:db8::5` and `2001:0db8::5`,
`10.0.0.5:8080` and `10.0.0.5:08080`, `10.0.0.5` and `::ffff:10.0.0.5`, ...) passed `validate`
unwarned, as the warning compared the text: both applies then wrote their settings over the
other's, each exiting 0. Compared as the address the client reaches, it is warned about."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.conftest import ROOT

THREAD_SITE = (ROOT / "examples" / "thread" / "site.yaml").read_text()


def _site(name: str, stack: str, serial: str, host: str) -> str:
    text = THREAD_SITE.replace("stack: tunnel", f"stack: {stack}")
    text = text.replace("/fn/6C7D8E/node", f"/fn/{serial}/node").replace(
        "host: 127.0.0.1:8404", f"host: '{host}'"
    )
    Path(name).write_text(text)
    return name


@pytest.mark.parametrize(
    ("one", "other", "said"),
    [
        ("2001:db8::5", "[2001:0db8:0000::5]", "[2001:db8::5]"),
        ("2001:db8::5", "http://[2001:db8:0:0:0:0:0:5]:80", "[2001:db8::5]"),
        ("10.0.0.5:8080", "10.0.0.5:08080", "10.0.0.5:8080"),
        ("10.0.0.5", "::ffff:10.0.0.5", "10.0.0.5"),
        ("10.0.0.5:8404", "[::ffff:a00:5]:8404", "10.0.0.5:8404"),
        ("GW.Site1:80", "http://gw.site1.", "gw.site1"),
        ("https://gw.site1", "https://gw.site1:443/", "https://gw.site1"),
    ],
)
def test_one_gateway_written_two_ways_is_warned_about(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, one: str, other: str, said: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        cli, ["validate", _site("a.yaml", "north", "6C7D8E", one), _site("b.yaml", "south", "6C7D8F", other)]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(
        "Warning: a.yaml (stack 'north') and b.yaml (stack 'south') both declare the gateway at edge.host "
        f"{said}: a THREAD has no refId"
    )


@pytest.mark.parametrize(
    ("one", "other"),
    [("10.0.0.5", "10.0.0.6"), ("10.0.0.5:8080", "10.0.0.5:8081"), ("http://gw.site1", "https://gw.site1")],
)
def test_two_gateways_are_not_warned_about(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, one: str, other: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        cli, ["validate", _site("a.yaml", "north", "6C7D8E", one), _site("b.yaml", "south", "6C7D8F", other)]
    )
    assert result.exit_code == 0, result.output
    assert "edge.host" not in result.stderr
