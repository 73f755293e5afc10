"""THREAD logger tunnel-thread/vw-logger moved from port 1 to port 3, a port the box has powered off
(it measures 0 V) and whose power the manifest's `edge:` does not declare: the plan said only
"~ port: 1 → 3", and apply "Verified: a fresh read shows no changes", while the logger would get no
readings. 0 V never proves a port off (the `voltage-reads-zero` variant), so nothing is refused: the
logger's line says its port measures 0 V, and how to declare its power, in the plan and the apply
output. The plan saved so applies once the box powers the port, its note not taken for an edit."""

from __future__ import annotations

from tests.e2e.conftest import Workspace

THREAD = "examples/thread/site.yaml"
NOTE = (
    "port 3 measures 0 V (off, or its voltage unread): tunnel-thread/vw-logger (0 observations) gets no "
    "readings there unless the port is powered; declare `power` under the node's `edge: port3:`"
)


def test_a_logger_moved_to_a_port_measuring_0_v_is_told_it_gets_no_readings(workspace: Workspace) -> None:
    assert workspace.run("apply", THREAD, "--auto-approve").exit_code == 0
    voltage(workspace, 0)
    workspace.edit(THREAD, "port: 1\n", "port: 3\n")

    planned = workspace.run("plan", THREAD, "--out", "plan.json")
    voltage(workspace, 2)  # a technician powers port 3 at 15 V
    applied = workspace.run("apply", "plan.json")

    line = next(line for line in planned.stdout.splitlines() if "device tunnel-thread/vw-logger" in line)
    assert NOTE in line, planned.stdout
    assert applied.exit_code == 0, applied.output
    fresh = workspace.run("apply", THREAD, "--auto-approve")  # nothing left to write: said by the plan
    assert "~ port: 1 → 3" not in fresh.stdout
    voltage(workspace, 0)
    workspace.edit(THREAD, "port: 3\n", "port: 1\n")
    assert workspace.run("apply", THREAD, "--auto-approve").exit_code == 0
    workspace.edit(THREAD, "port: 1\n", "port: 3\n")
    moved = workspace.run("apply", THREAD, "--auto-approve")
    assert moved.exit_code == 0 and NOTE in moved.stdout, moved.output


def voltage(workspace: Workspace, value: int) -> None:
    """Port 3's power on the box (0 off, 1 12 V, 2 15 V), as a technician sets it."""
    workspace.api("POST", "http://127.0.0.1:8404/api/deviceVoltage", json={"portNumber": 3, "value": value})
