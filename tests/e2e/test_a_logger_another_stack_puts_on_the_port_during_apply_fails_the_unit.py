"""Two stacks sharing a THREAD (pinned by `id:`) each create a logger on its port 1 at once: each
plan read the port free, so neither showed the port-sharing note that warns of a `port:` typo, and
both applies ended "Verified" with exit 0 (fz86). The verifying read notes the port on what the apply
wrote; a note its plan did not show fails the unit, naming it (commands/apply.py
`_ports_shared_meanwhile`), with no request more."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import pytest

from iotplan.clients.jsonrpc_entities import EntityCalls
from tests.e2e.conftest import PROJECT, Workspace
from tests.e2e.test_thread import rpc

THREAD = "/fn/4A1B2C/node"
NOTE = (
    "port 1 is also tt-alpha/#beta's, and is not declared RS485 (`edge.port1.comm_type` or `mode`): only "
    "RS-485 lets two loggers share a port, so check the loggers' `port`"
)


def stack_on_port_1(workspace: Workspace, stack: str) -> str:
    """The stack's manifest: THREAD 4A1B2C, its key `tt-{stack}`, holding logger `lg-{stack}` of
    serial `stack` on port 1, no port declared RS485."""
    (workspace.path / f"{stack}.yaml").write_text(
        f"apiVersion: iotplan/v1\nstack: {stack}\nprojects:\n  - id: {PROJECT}\n    nodes:\n"
        f"      - key: tt-{stack}\n        kind: thread\n        id: {THREAD}\n        devices:\n"
        f"          - {{key: lg-{stack}, name: Logger {stack}, type: VW_LOGGER, serial: '{stack}',\n"
        "             port: 1}\n"
    )
    return f"{stack}.yaml"


def beta_on_port_1(workspace: Workspace) -> None:
    """Stack beta's logger, created as its apply creates it."""
    props = {"NAME": "Logger beta", "EXTERNAL_PORT": 1, "NODE_ID": THREAD}
    rpc(
        workspace,
        "createDevice",
        {"device": f"{THREAD}/vwlogger/beta/device", "type": "VW_LOGGER", "props": props},
    )


def beta_created_after_the_first_logger(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """Beta's apply creates its logger once this apply's creation is answered, before its verifying read."""
    create, done = EntityCalls.create_device, []

    async def then_beta(self: EntityCalls, device_id: str, type: str, props: Mapping[str, Any]) -> Any:
        answer = await create(self, device_id, type, props)
        if not done:
            done.append(device_id)
            await asyncio.to_thread(beta_on_port_1, workspace)
        return answer

    monkeypatch.setattr(EntityCalls, "create_device", then_beta)


def test_a_logger_another_stack_puts_on_the_port_during_apply_fails_the_unit(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    beta_created_after_the_first_logger(workspace, monkeypatch)
    applied = workspace.run("apply", stack_on_port_1(workspace, "alpha"), "--auto-approve")

    assert applied.exit_code == 1, applied.output
    assert "+ device tt-alpha/lg-alpha (VW_LOGGER): not on the platform\n" in applied.stdout  # no note shown
    shows = (
        f"a port-sharing note on what this apply wrote that its plan did not show: tt-alpha/lg-alpha: {NOTE}"
    )
    assert f"Not verified: a fresh read shows nothing left to write, but {shows}." in applied.stdout
    assert "Verified:" not in applied.stdout.replace("Not verified:", "")
    assert "  tt-alpha: failed\n" in applied.stdout
    assert f"Error: a fresh read shows {shows}. Another writer put a logger on that port" in applied.output
