"""One IPv6 gateway written bare in one stack's manifest (`2001:db8::5`) and bracketed in another's
(`http://[2001:DB8::5]:80/`) is one gateway: warned about as two stacks declaring it, as an IPv4 one
written two ways is (test_shared_gateways.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.two_stacks_at_one_host import validated_at, warning_about


def test_one_ipv6_gateway_written_bare_and_bracketed_is_warned_about(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    said = validated_at("2001:db8::5", "http://[2001:DB8::5]:80/")
    assert said.startswith(warning_about("[2001:db8::5]"))
