"""One gateway written two ways in two stacks' manifests (`2001:db8::5` and `2001:0db8::5`,
`10.0.0.5:8080` and `10.0.0.5:08080`, `10.0.0.5` and `::ffff:10.0.0.5`, ...) passed `validate`
unwarned, as the warning compared the text: both applies then wrote their settings over the
other's, each exiting 0. Compared as the address the client reaches, it is warned about."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.two_stacks_at_one_host import validated_at, warning_about


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
    assert validated_at(one, other).startswith(warning_about(said))


@pytest.mark.parametrize(
    ("one", "other"),
    [("10.0.0.5", "10.0.0.6"), ("10.0.0.5:8080", "10.0.0.5:8081"), ("http://gw.site1", "https://gw.site1")],
)
def test_two_gateways_are_not_warned_about(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, one: str, other: str
) -> None:
    monkeypatch.chdir(tmp_path)
    assert "edge.host" not in validated_at(one, other)
