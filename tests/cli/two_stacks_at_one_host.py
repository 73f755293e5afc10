"""What the tests of a THREAD gateway declared in two stacks' manifests share: the thread example
written as stack north's `a.yaml` and stack south's `b.yaml`, each at the gateway host given, and the
two validated together."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.conftest import ROOT

THREAD_SITE = (ROOT / "examples" / "thread" / "site.yaml").read_text()


def validated_at(one: str, other: str) -> str:
    """North at host `one` and south at `other`, written in the working directory and validated;
    asserts validate passed; what it warned on stderr."""
    north = _site("a.yaml", "north", "6C7D8E", one)
    south = _site("b.yaml", "south", "6C7D8F", other)
    result = CliRunner().invoke(cli, ["validate", north, south])
    assert result.exit_code == 0, result.output
    return str(result.stderr)


def warning_about(host: str) -> str:
    """How the warning of both stacks declaring the gateway at `host` (as it is said) begins."""
    return (
        "Warning: a.yaml (stack 'north') and b.yaml (stack 'south') both declare the gateway at edge.host "
        f"{host}: a THREAD has no refId"
    )


def _site(name: str, stack: str, serial: str, host: str) -> str:
    text = THREAD_SITE.replace("stack: tunnel", f"stack: {stack}")
    text = text.replace("/fn/6C7D8E/node", f"/fn/{serial}/node").replace(
        "host: 127.0.0.1:8404", f"host: '{host}'"
    )
    Path(name).write_text(text)
    return name
