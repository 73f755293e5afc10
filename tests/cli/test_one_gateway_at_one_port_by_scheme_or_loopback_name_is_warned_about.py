"""One gateway written with two schemes at one port (`http://gw.site1:8404` and
`https://gw.site1:8404`: one port is one listener), or at one loopback port by name and by address
(`localhost:8404`, `127.0.0.1:8404`, `[::1]:8404`), passed `validate` unwarned in two stacks'
manifests, as the warning compared the scheme and the name as written: both applies then wrote their
gateway settings over the other's, each exiting 0. Two ports of one host stay two gateways
(test_one_gateway_written_two_ways_is_warned_about.py), so `http://gw` and `https://gw` (80 and 443)
are not warned about."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.two_stacks_at_one_host import validated_at, warning_about


@pytest.mark.parametrize(
    ("one", "other", "said"),
    [
        ("http://gw.site1:8404", "https://gw.site1:8404", "gw.site1:8404"),
        ("https://gw.site1", "http://GW.site1.:443", "https://gw.site1"),
        ("localhost:8404", "127.0.0.1:8404", "localhost:8404"),
        ("127.0.0.1:8404", "[::1]:8404", "127.0.0.1:8404"),
        ("[::1]:8404", "http://LocalHost.:8404/", "[::1]:8404"),
        ("::ffff:127.0.0.1", "localhost", "127.0.0.1"),
    ],
)
def test_one_gateway_at_one_port_by_scheme_or_loopback_name_is_warned_about(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, one: str, other: str, said: str
) -> None:
    monkeypatch.chdir(tmp_path)
    assert validated_at(one, other).startswith(warning_about(said))


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("localhost:8404", "127.0.0.1:8405"),
        ("127.0.0.1:8404", "127.0.0.2:8404"),
        ("localhost:8404", "gw.localhost:8404"),
        ("http://gw.site1", "https://gw.site1"),
    ],
)
def test_two_gateways_are_still_not_warned_about(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, one: str, other: str
) -> None:
    monkeypatch.chdir(tmp_path)
    assert "edge.host" not in validated_at(one, other)
