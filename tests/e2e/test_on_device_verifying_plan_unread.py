"""An on-device apply whose verifying plan finds the THREAD silent after the writes (asleep, or an
update restarting its API) says the writes were sent and that plan read nothing: never "nothing was
read or written", nor that this machine's gateway cannot be known (cr54 #3)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from iotplan.apply import edge
from tests.e2e.conftest import Workspace

EDGE = "examples/edge/site.yaml"


def silent_after_the_push(workspace: Workspace, monkeypatch: pytest.MonkeyPatch, status: str) -> None:
    pushed = edge.apply_gateway

    async def then_silent(*args: Any, **kwargs: Any) -> Any:
        outcome = await pushed(*args, **kwargs)
        await asyncio.to_thread(workspace.api, "POST", "/_sim/gateways/5D6E7F", json={"status": status})
        return outcome

    monkeypatch.setattr(edge, "apply_gateway", then_silent)


@pytest.mark.parametrize(
    ("status", "when"), [("asleep", "once it wakes"), ("unreachable", "once it answers")]
)
def test_a_thread_silent_after_the_push_is_told_written_and_unread(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, status: str, when: str
) -> None:
    workspace.api("POST", "/_sim/gateways/5D6E7F", json={"host": "localhost"})
    silent_after_the_push(workspace, monkeypatch, status)
    result = workspace.run("apply", EDGE, "--on-device", "--sim-db", ".iotplan/sim.db", "--auto-approve")
    assert result.exit_code == 1, result.output
    assert "thread-south/edge: applied (4 changes)" in result.stdout
    [line] = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert line.startswith("Error: the writes were sent, but the verifying plan failed: ")
    assert "nothing was read or written" not in line and "cannot be known" not in line
    assert line.endswith(
        f", so that plan read nothing; `iotplan plan {EDGE} --on-device` shows what the writes made {when}"
    )
