"""A THREAD node with platform writes whose gateway reports another serial refuses the whole plan
("no safe plan exists"), and says how to apply the other nodes: leave it out with --exclude (fz35 #3)."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.test_edge import EDGE, writes


def test_a_mismatched_gateway_with_platform_writes_refuses_the_run_naming_the_exclude_that_applies_the_rest(
    workspace: Workspace,
) -> None:
    workspace.run("plan", EDGE)  # creates the embedded platform
    workspace.edit(
        EDGE, "        id: /fn/4A1B2C/node\n", "        id: /fn/4A1B2C/node\n        name: North\n"
    )
    workspace.edit(EDGE, "baud_rate: 19200", "baud_rate: 38400")  # thread-south's change
    workspace.api("POST", "/_sim/gateways/4A1B2C", json={"host": "127.0.0.1:9999"})
    workspace.api("POST", "/_sim/gateways/8A9B0C", json={"host": "127.0.0.1:8401"})  # the wrong box there
    before = writes(workspace)

    refused = workspace.run("apply", EDGE, "--auto-approve")
    assert refused.exit_code == 1
    assert "no safe plan exists" in refused.stderr
    assert "or plan the other nodes without it (`--exclude thread-north`)" in refused.stderr
    assert writes(workspace) == before

    applied = workspace.run("apply", EDGE, "--exclude", "thread-north", "--auto-approve")
    assert "thread-south/edge: applied" in applied.stdout, (
        applied.output
    )  # thread-portal's box moved: pending
    after = writes(workspace)
    assert after["5D6E7F"] > before["5D6E7F"] and after["8A9B0C"] == before["8A9B0C"]
