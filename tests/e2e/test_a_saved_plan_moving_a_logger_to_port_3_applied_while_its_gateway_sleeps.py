"""A saved plan moving a THREAD logger from port 2 to port 3, made while its gateway answered (so the
port was confirmed), applied once the gateway sleeps: a plan made now notes on the logger's line that
port 3 is not confirmed, the gateway being asleep. That note was refused as the plan file's edit
("the plan file shows its writes otherwise ... (reason): was the plan file edited or cut?"), which
it was not: the gateway's sleep is the platform's, and the move is a platform write, which goes ahead
while the gateway sleeps (its settings wait, pending), as a plan made now would write it."""

from __future__ import annotations

from tests.e2e.conftest import Workspace

THREAD = "examples/thread/site.yaml"
LOGGER = "tunnel-thread/ipi-chain"


def test_a_saved_plan_moving_a_logger_to_port_3_applied_while_its_gateway_sleeps(
    workspace: Workspace,
) -> None:
    assert workspace.run("apply", THREAD, "--auto-approve").exit_code == 0
    workspace.edit(THREAD, "port: 2\n", "port: 3\n")
    planned = workspace.run("plan", THREAD, "--out", "plan.json")
    assert planned.exit_code == 0 and "not confirmed" not in planned.stdout, planned.output
    workspace.api("POST", "/_sim/gateways/6C7D8E", json={"status": "asleep"})

    applied = workspace.run("apply", "plan.json")

    assert "edited" not in applied.stderr, applied.output
    assert applied.exit_code == 1, applied.output  # the gateway pending: its settings not compared
    assert "tunnel-thread: applied (1 change)" in applied.stdout, applied.output
    assert "tunnel-thread/edge: pending: asleep" in applied.stderr, applied.output
    assert f"~ device {LOGGER}" not in workspace.run("plan", THREAD).stdout  # port 3 written
