"""A THREAD has no refId: manifests of different stacks that declare one THREAD, or one gateway, are
warned about by validate and drift, naming both files and the THREAD (fz11 #3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.conftest import ROOT

THREAD_SITE = (ROOT / "examples" / "thread" / "site.yaml").read_text()
WARNED = "a THREAD has no refId, so no stack owns it or its loggers and sensors"


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _site(name: str, stack: str, *edits: tuple[str, str]) -> str:
    text = THREAD_SITE.replace("stack: tunnel", f"stack: {stack}")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    Path(name).write_text(text)
    return name


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_two_stacks_declaring_one_thread_are_valid_and_warned_about() -> None:
    """A third stack's manifest, of another THREAD and gateway, is not named."""
    other = ("/fn/6C7D8E/node", "/fn/6C7D8F/node")
    host = ("host: 127.0.0.1:8404", "host: 127.0.0.1:8405")
    apart = _site("c.yaml", "east", other, host)
    result = run("validate", _site("a.yaml", "north"), _site("b.yaml", "south"), apart)
    assert result.exit_code == 0 and result.stdout.count(": valid") == 3
    assert result.stderr == (
        "Warning: a.yaml (stack 'north') and b.yaml (stack 'south') both declare THREAD /fn/6C7D8E/node and "
        f"the gateway at edge.host 127.0.0.1:8404: {WARNED}, and each apply (exit 0) writes its names and "
        "gateway settings over the other's. Declare it in one manifest.\n"
    )


def test_one_gateway_written_two_ways_under_two_threads_is_warned_about() -> None:
    other = ("/fn/6C7D8E/node", "/fn/6C7D8F/node")
    host = ("host: 127.0.0.1:8404", "host: http://127.0.0.1:8404/")
    result = run("validate", _site("a.yaml", "north"), _site("b.yaml", "south", other, host))
    assert result.exit_code == 0
    assert result.stderr.startswith(
        "Warning: a.yaml (stack 'north') and b.yaml (stack 'south') both declare the gateway at edge.host "
        f"127.0.0.1:8404: {WARNED}"
    )


def test_drift_of_two_stacks_declaring_one_thread_warns_and_still_reports(tmp_path: Path) -> None:
    a, b = _site("a.yaml", "north"), _site("b.yaml", "south")
    result = run("drift", a, b, "--sim-db", str(tmp_path / "sim.db"))
    assert result.exit_code == 2  # nothing applied: drift all the same
    assert result.stderr.startswith(
        "Warning: a.yaml (stack 'north') and b.yaml (stack 'south') both declare THREAD /fn/6C7D8E/node and "
        f"the gateway at edge.host 127.0.0.1:8404: {WARNED}"
    )
