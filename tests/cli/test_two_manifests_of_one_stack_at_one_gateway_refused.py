"""Two manifests of one stack, validated together, whose THREAD nodes' `edge.host` is one gateway (one
box and port, however written): a gateway is one box with one serial, so the second is refused at its
`host:`, naming the first file's node and line, as two such nodes of one manifest are (fx336)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.conftest import ROOT

THREAD_SITE = (ROOT / "examples" / "thread" / "site.yaml").read_text()


def test_two_manifests_of_one_stack_at_one_gateway_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text(THREAD_SITE)
    other = THREAD_SITE.replace("/fn/6C7D8E/node", "/fn/6C7D8F/node").replace(
        "host: 127.0.0.1:8404", "host: http://localhost:8404/"
    )
    Path("b.yaml").write_text(other)
    result = CliRunner().invoke(cli, ["validate", "a.yaml", "b.yaml"])
    assert result.exit_code == 1
    assert result.stdout.startswith("a.yaml: valid (stack tunnel)") and "b.yaml: valid" not in result.stdout
    assert (
        "b.yaml:47:17: tunnel-thread: edge.host 'http://localhost:8404/' is the gateway at 127.0.0.1:8404 "
        "that THREAD node tunnel-thread (/fn/6C7D8E/node) of a.yaml (stack 'tunnel') declares too (one box "
        "and port, however written): a THREAD gateway is one box with one serial, so it cannot be both "
        "nodes' THREAD, and plan would refuse one; correct the edge.host of the node whose gateway it is not "
        "(first written at a.yaml line 47)\n"
    ) in result.stderr
