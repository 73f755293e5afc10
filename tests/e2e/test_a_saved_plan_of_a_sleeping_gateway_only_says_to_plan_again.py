"""A saved plan with nothing to write but a gateway asleep when planned, applied once the gateway
answers again: the error said only that the gateway "is asleep or unavailable" and was "not
changed", though it answers now, with no next step. It says the gateway was asleep when planned, and
to plan again: this plan holds no write for it, so applying it again would write nothing there."""

from __future__ import annotations

from tests.e2e.awaiting_confirmation import applied_base, gateway_port
from tests.e2e.conftest import Workspace

GATEWAY = "/_sim/gateways/6C7D8E"


def test_a_saved_plan_of_a_sleeping_gateway_only_says_to_plan_again(workspace: Workspace) -> None:
    applied_base(workspace)
    workspace.api("POST", GATEWAY, json={"status": "asleep"})
    planned = workspace.run("plan", "base.yaml", "--out", "asleep.plan.json")
    assert planned.exit_code == 0, planned.output
    workspace.api("POST", GATEWAY, json={"status": "ok"})

    applied = workspace.run("apply", "asleep.plan.json", "--auto-approve")

    assert applied.exit_code == 1, applied.output
    said = " ".join(applied.output.split())
    assert "The THREAD is asleep when planned: nothing was written to it; plan again" in said, said
    assert gateway_port(workspace, "GET", 1)["BAUD_RATE"] == 9600
