"""A THREAD asleep when `apply` planned, so shown pending, that wakes while the prompt waits: after
`yes` the plan made again read its settings, which the plan shown never listed, and the whole apply
was refused, "the gateway changed while the plan awaited confirmation", though nothing about it had.
A gateway that wakes is no change: the apply goes on as shown, the node's platform writes made and
nothing written to the gateway, which is reported pending as when planned (exit 1: apply again)."""

from __future__ import annotations

from tests.e2e.awaiting_confirmation import applied_base, apply_confirmed_after, entity_ids, gateway_port
from tests.e2e.conftest import Workspace

GATEWAY = "/_sim/gateways/6C7D8E"


def test_a_gateway_waking_at_the_prompt_is_applied_as_shown(workspace: Workspace) -> None:
    before = applied_base(workspace)
    workspace.api("POST", GATEWAY, json={"status": "asleep"})

    applied = apply_confirmed_after(workspace, lambda: workspace.api("POST", GATEWAY, json={"status": "ok"}))

    assert applied.exit_code == 1, applied.output
    assert "changed while the plan awaited confirmation" not in applied.output, applied.output
    assert "when planned: nothing was written to it; apply again" in applied.stdout, applied.output
    assert len(entity_ids(workspace) - before) == 2  # the sensor on channel 2, the logger on port 2
    assert gateway_port(workspace, "GET", 1)["BAUD_RATE"] == 9600  # the shown plan wrote nothing there
