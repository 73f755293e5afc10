"""THREAD logger tunnel-thread/vw-logger moved to port 3, which measures 0 V (its power undeclared),
or which the manifest's own `edge:` declares off: the plan that moved it said so, but once the move
was applied every later plan said "No changes. The platform matches the manifest." and drift "No
drift", though the gateway may never read the logger there. Every plan says it on the logger's line
and in its summary line, and drift lists it, for as long as it stands."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_a_logger_moved_to_a_port_measuring_0_v_is_told_it_gets_no_readings import voltage

THREAD = "examples/thread/site.yaml"
MEASURED = "port 3 measures 0 V (off, or its voltage unread): tunnel-thread/vw-logger"
DECLARED = "port 3 is declared `power: off`: tunnel-thread/vw-logger gets no readings there"
SUMMARY = "No changes to write, but 1 entity is not confirmed as the manifest declares it (noted below)"
PORT3_OFF = "          port2:"


@pytest.mark.parametrize("declared", [False, True], ids=["measured", "declared-off"])
def test_a_logger_kept_on_a_port_measuring_0_v_is_told_so_on_every_plan(
    workspace: Workspace, declared: bool
) -> None:
    assert workspace.run("apply", THREAD, "--auto-approve").exit_code == 0
    voltage(workspace, 0)
    workspace.edit(THREAD, "port: 1\n", "port: 3\n")
    if declared:
        workspace.edit(THREAD, PORT3_OFF, "          port3: {power: 'off'}\n" + PORT3_OFF)
    assert workspace.run("apply", THREAD, "--auto-approve").exit_code == 0

    planned = workspace.run("plan", THREAD)
    drift = workspace.run("drift", THREAD)

    note = DECLARED if declared else MEASURED
    lines = [line for line in planned.stdout.splitlines() if "device tunnel-thread/vw-logger" in line]
    assert lines and note in lines[0], planned.stdout
    assert SUMMARY in planned.stdout, planned.stdout
    assert "The platform matches the manifest" not in planned.stdout
    assert note in drift.stdout, drift.stdout
