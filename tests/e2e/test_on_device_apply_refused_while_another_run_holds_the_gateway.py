"""Two `apply --on-device` runs at once on one gateway (a cron line overlapping a slow run, the two
at different manifest revisions) both wrote, and the loser's verifying plan blamed an assumption the
THREAD does not share (fz84 #2). A run now holds the gateway's lock file for its whole run: a second
one is refused at once, naming that file, before any request."""

from __future__ import annotations

import fcntl
from pathlib import Path

from iotplan.clients.gateway_lock import lock_file
from tests.e2e.conftest import Workspace

EDGE = "examples/edge/site.yaml"
SIM = ".iotplan/sim.db"


def writes(workspace: Workspace) -> dict[str, int]:
    return {g["serial"]: g["writes"] for g in workspace.api("GET", "/_sim/gateways")["gateways"]}


def test_on_device_apply_refused_while_another_run_holds_the_gateway(
    workspace: Workspace, tmp_path: Path
) -> None:
    workspace.api("POST", "/_sim/gateways/5D6E7F", json={"host": "localhost"})
    held = lock_file("http://localhost", Path(SIM))
    assert held.parent == tmp_path
    before = writes(workspace)

    with held.open("a") as first_run:
        fcntl.flock(first_run, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = workspace.run("apply", EDGE, "--on-device", "--sim-db", SIM, "--auto-approve")

    assert result.exit_code == 1, result.output
    assert f"another iotplan run holds the THREAD at http://localhost (lock file {held})" in result.stderr
    assert writes(workspace) == before
    assert workspace.run("plan", EDGE, "--on-device", "--sim-db", SIM, "--detailed-exitcode").exit_code == 2
