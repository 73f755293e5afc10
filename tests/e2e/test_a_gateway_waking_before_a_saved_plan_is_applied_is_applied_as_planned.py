"""A saved plan made while a THREAD was asleep (its gateway pending), applied once the THREAD
answers again: the apply read its settings, which the plan never listed, and refused the whole plan,
"the plan holds no write for t1/edge/port1.baud_rate: either the gateway changed there since the
plan was made, or the plan file was edited or cut", though neither had happened. A gateway that wakes
is no change: the node's platform writes are made, nothing is written to the gateway, and it is
reported pending as when planned (exit 1: plan again, as this plan holds no write for it)."""

from __future__ import annotations

from tests.e2e.awaiting_confirmation import SHOWN, applied_base, entity_ids, gateway_port
from tests.e2e.conftest import Workspace

GATEWAY = "/_sim/gateways/6C7D8E"


def test_a_gateway_waking_before_a_saved_plan_is_applied_is_applied_as_planned(workspace: Workspace) -> None:
    before = applied_base(workspace)
    workspace.api("POST", GATEWAY, json={"status": "asleep"})
    (workspace.path / "shown.yaml").write_text(SHOWN)
    planned = workspace.run("plan", "shown.yaml", "--out", "shown.plan.json")
    assert planned.exit_code == 0, planned.output
    workspace.api("POST", GATEWAY, json={"status": "ok"})

    applied = workspace.run("apply", "shown.plan.json", "--auto-approve")

    assert applied.exit_code == 1, applied.output
    assert "the plan holds no write" not in applied.output, applied.output
    assert "when planned: nothing was written to it; plan again" in applied.stdout, applied.output
    assert len(entity_ids(workspace) - before) == 2  # the sensor on channel 2, the logger on port 2
    assert gateway_port(workspace, "GET", 1)["BAUD_RATE"] == 9600  # the plan wrote nothing there
