"""A gateway asleep when apply planned, and a logger held on a port it could not confirm, are told
with when they were found: the gateway's reason ended with its answer's full stop ("The THREAD is
asleep. when planned"), and the logger's with what to do ("plan again once it is awake when planned",
as if planning were the time to wake it), cr70."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

import iotplan.commands.apply as apply_command
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import port_3_site

NOT_WRITTEN = " when planned: nothing was written to it; apply again"


def test_each_left_waiting_when_planned_says_so_after_its_reason(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = port_3_site(workspace, "4A1B2C", "127.0.0.1:8401", ", port1: {power: 12V}")
    workspace.edit(site, "kind: thread\n", "kind: thread\n        name: Renamed T\n")  # a write to verify
    workspace.api("POST", "/_sim/gateways/4A1B2C", json={"status": "asleep"})
    planned = apply_command.plan_command
    plans: list[int] = []

    async def woken_before_the_verifying_read(*given: Any, **named: Any) -> Any:
        if plans:
            await asyncio.to_thread(workspace.api, "POST", "/_sim/gateways/4A1B2C", json={"status": "ok"})
        plans.append(1)
        return await planned(*given, **named)

    monkeypatch.setattr(apply_command, "plan_command", woken_before_the_verifying_read)
    applied = workspace.run("apply", site, "--auto-approve")
    assert applied.exit_code == 1, applied.output
    assert f"The THREAD is asleep{NOT_WRITTEN}" in applied.stderr
    assert f"plan again once the gateway is awake, since the gateway is asleep{NOT_WRITTEN}" in applied.stderr
    assert ". when" not in applied.output and "awake when" not in applied.output
