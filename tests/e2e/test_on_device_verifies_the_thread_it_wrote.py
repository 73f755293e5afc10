"""An on-device apply's verifying plan is of the THREAD it wrote to: another THREAD that took the
gateway URL meanwhile, even one the same manifest declares, is told as such (exit 1), never planned
as what this run left (fz66 #2: thread-north's changes were shown as thread-south's)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from iotplan.apply import edge
from tests.e2e.conftest import Workspace

EDGE = "examples/edge/site.yaml"


def swap_after_the_push(workspace: Workspace, monkeypatch: pytest.MonkeyPatch, serial: str) -> None:
    """Once the push is done (read back, confirmed), THREAD `serial` takes localhost from 5D6E7F."""
    pushed = edge.apply_gateway

    async def then_swapped(*args: Any, **kwargs: Any) -> Any:
        outcome = await pushed(*args, **kwargs)
        await asyncio.to_thread(
            workspace.api, "POST", "/_sim/gateways/5D6E7F", json={"host": "127.0.0.1:8402"}
        )
        await asyncio.to_thread(workspace.api, "POST", f"/_sim/gateways/{serial}", json={"host": "localhost"})
        return outcome

    monkeypatch.setattr(edge, "apply_gateway", then_swapped)


@pytest.mark.parametrize(
    ("serial", "which"),
    [("4A1B2C", "node thread-north of"), ("6C7D8E", "no node of")],
    ids=["declared", "not"],
)
def test_a_thread_that_took_the_url_after_the_push_is_not_verified_as_this_runs(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, serial: str, which: str
) -> None:
    workspace.api("POST", "/_sim/gateways/5D6E7F", json={"host": "localhost"})
    swap_after_the_push(workspace, monkeypatch, serial)
    result = workspace.run("apply", EDGE, "--on-device", "--sim-db", ".iotplan/sim.db", "--auto-approve")
    assert result.exit_code == 1, result.output
    assert "thread-south/edge: applied (4 changes)" in result.stdout
    assert (
        f"the writes were sent, but the verifying plan failed: this THREAD now reports serial {serial}, "
        f"not 5D6E7F, which this apply was for: it is {which} {EDGE}, and any write of this run sent "
        "after it took the gateway URL went to it; it was not planned as this run's THREAD"
    ) in result.stderr
    assert "still differs" not in result.output and "thread-north/edge/" not in result.output
