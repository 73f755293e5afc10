"""An IPv6 `edge.host` shows in the plan as written, in text and JSON: the gateway it names, never
masked as a secret (its colons are no `user:password`). The embedded platform serves no gateway
there, so the node's edge is pending, naming it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.conftest import ROOT

HOST = "[2001:db8:85a3::8a2e:370:7334]:8404"


def test_an_ipv6_gateway_address_shows_as_written_in_the_plan(tmp_path: Path) -> None:
    site = tmp_path / "site.yaml"
    text = (ROOT / "examples" / "thread" / "site.yaml").read_text()
    site.write_text(text.replace("host: 127.0.0.1:8404", f"host: '{HOST}'"))
    sim = ["--sim-db", str(tmp_path / "sim.db")]
    shown = CliRunner().invoke(cli, ["plan", str(site), *sim])
    saved = CliRunner().invoke(cli, ["plan", "--format", "json", str(site), *sim])
    assert f"tunnel-thread/edge: unreadable: {HOST} answered" in shown.stdout, shown.output
    [edge] = [
        change for change in json.loads(saved.stdout)["changes"] if change["address"] == "tunnel-thread/edge"
    ]
    assert edge["reason"].startswith(f"unreadable: {HOST} answered")
    assert "(sensitive)" not in shown.stdout + saved.stdout
