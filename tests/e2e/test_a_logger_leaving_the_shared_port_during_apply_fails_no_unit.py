"""A logger that leaves the port the plan showed shared, between the plan's read and the verifying
one, puts no new logger on it: the note the verifying read puts on what the apply wrote names fewer
loggers, not one the plan did not show. Before, the unit failed, exit 1, "Another writer put a logger
on that port" (cr96)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import pytest

from iotplan.clients.jsonrpc_entities import EntityCalls
from tests.e2e.conftest import Workspace
from tests.e2e.test_a_logger_another_stack_puts_on_the_port_during_apply_fails_the_unit import (
    THREAD,
    stack_on_port_1,
)
from tests.e2e.test_thread import rpc


def logger_on_port(workspace: Workspace, serial: str, port: int) -> None:
    """Logger `serial` on the THREAD's port `port`, as the web app puts it there."""
    props = {"NAME": f"Logger {serial}", "EXTERNAL_PORT": port, "NODE_ID": THREAD}
    device = f"{THREAD}/vwlogger/{serial}/device"
    rpc(workspace, "createDevice", {"device": device, "type": "VW_LOGGER", "props": props})


def yy_moved_to_port_2_after_the_creation(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    create = EntityCalls.create_device

    async def then_moved(self: EntityCalls, device_id: str, type: str, props: Mapping[str, Any]) -> Any:
        answer = await create(self, device_id, type, props)
        device, moved = f"{THREAD}/vwlogger/yy/device", {"EXTERNAL_PORT": 2}
        await asyncio.to_thread(rpc, workspace, "updateDevice", {"device": device, "props": moved})
        return answer

    monkeypatch.setattr(EntityCalls, "create_device", then_moved)


def test_a_logger_leaving_the_shared_port_during_apply_fails_no_unit(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    logger_on_port(workspace, "zz", 1)
    logger_on_port(workspace, "yy", 1)
    yy_moved_to_port_2_after_the_creation(workspace, monkeypatch)
    applied = workspace.run("apply", stack_on_port_1(workspace, "alpha"), "--auto-approve")

    assert applied.exit_code == 0, applied.output
    assert (
        "port 1 is also tt-alpha/#yy, tt-alpha/#zz's" in applied.stdout
    )  # the note the plan showed, by address
    assert "Verified: a fresh read shows no changes." in applied.stdout
