"""One IPv6 gateway written bare in one stack's manifest (`2001:db8::5`) and bracketed in another's
(`http://[2001:DB8::5]:80/`) is one gateway: warned about as two stacks declaring it, as an IPv4 one
written two ways is (test_shared_gateways.py)."""

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
        "host: 127.0.0.1:8404", f"host: {host}"
    )
    Path(name).write_text(text)
    return name


def test_one_ipv6_gateway_written_bare_and_bracketed_is_warned_about(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    bare = _site("a.yaml", "north", "6C7D8E", "'2001:db8::5'")
    bracketed = _site("b.yaml", "south", "6C7D8F", "'http://[2001:DB8::5]:80/'")
    result = CliRunner().invoke(cli, ["validate", bare, bracketed])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(
        "Warning: a.yaml (stack 'north') and b.yaml (stack 'south') both declare the gateway at edge.host "
        "[2001:db8::5]: a THREAD has no refId"
    )
