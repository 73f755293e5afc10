"""`--rpc-endpoint` names half a target: alone, the REST half came from IOTPLAN_ENDPOINT (left over
from another platform) or https://iiot.bentley.com, and `apply --auto-approve` wrote to it with exit 0.
Every command taking the flag refuses it without `--endpoint`, before any request, naming the
endpoint it would have been paired with and the fix."""

from __future__ import annotations

from typing import Any

import click
import httpx
import pytest

from iotplan.cli.main import COMMANDS, subcommand
from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace

STAGING_RPC = "ws://127.0.0.1:9/"
PROD = "http://127.0.0.1:8"

ARGUMENTS = {
    "plan": [QUICKSTART],
    "apply": [QUICKSTART, "--auto-approve"],
    "drift": [QUICKSTART],
    "import": ["--project", PROJECT],
    "check-platform": ["--project", PROJECT],
}


def taking_the_flag() -> list[str]:
    """Every command with --rpc-endpoint: one added later is not passed over in silence."""
    names = []
    for name in COMMANDS:
        command = subcommand(name)
        if not isinstance(command, click.Group) and any("--rpc-endpoint" in p.opts for p in command.params):
            names.append(name)
    return names


def test_every_command_taking_the_flag_is_checked_here() -> None:
    assert sorted(taking_the_flag()) == sorted(ARGUMENTS)


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    sent: list[str] = []

    async def record(self: httpx.AsyncClient, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        sent.append(str(request.url))
        return httpx.Response(401, request=request)

    monkeypatch.setattr(httpx.AsyncClient, "send", record)
    return sent


@pytest.mark.parametrize("command", sorted(ARGUMENTS))
def test_beside_the_environments_endpoint_it_is_refused_naming_that_endpoint(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, sent: list[str], command: str
) -> None:
    monkeypatch.setenv("IOTPLAN_API_KEY", "key-7f3")
    monkeypatch.setenv("IOTPLAN_ENDPOINT", PROD)
    result = workspace.run(command, *ARGUMENTS[command], "--rpc-endpoint", STAGING_RPC)
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        "Error: --rpc-endpoint ws://127.0.0.1:9 names only a platform's JSON-RPC API: without --endpoint "
        f"its REST API would be IOTPLAN_ENDPOINT's, {PROD}, perhaps another platform. Give both: "
        "--endpoint URL --rpc-endpoint URL\n"
    )
    assert sent == [] and "Target:" not in result.stderr


def test_with_a_credential_alone_it_is_refused_naming_the_default_platform(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, sent: list[str]
) -> None:
    monkeypatch.setenv("IOTPLAN_API_KEY", "key-7f3")
    result = workspace.run("plan", QUICKSTART, "--rpc-endpoint", STAGING_RPC)
    assert result.exit_code == 1, result.output
    assert "its REST API would be the default platform's, https://iiot.bentley.com," in result.stderr
    assert "Give both: --endpoint URL --rpc-endpoint URL" in result.stderr
    assert sent == []


def test_with_its_endpoint_it_runs(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, sent: list[str]
) -> None:
    monkeypatch.setenv("IOTPLAN_API_KEY", "key-7f3")
    monkeypatch.setenv("IOTPLAN_ENDPOINT", PROD)
    result = workspace.run("plan", QUICKSTART, "--endpoint", PROD, "--rpc-endpoint", STAGING_RPC)
    assert result.stderr.startswith(f"Target: {PROD} (API key; JSON-RPC ws://127.0.0.1:9)"), result.stderr
    assert sent, result.output
