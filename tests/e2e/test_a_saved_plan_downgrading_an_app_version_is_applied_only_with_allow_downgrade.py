"""A plan saved with a gateway's app downgrade in it (a remote push: thread-north reports 7.17.0, its
node pins 7.16.0), as nightly CI saves one for review: its save line names the apply command with
--allow-downgrade, and an apply of it without the flag is refused, nothing written to the gateway;
with it, the gateway is sent back as reviewed."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.test_edge import EDGE

NORTH = "4A1B2C"


def north(workspace: Workspace) -> tuple[str, int]:
    [gateway] = [g for g in workspace.api("GET", "/_sim/gateways")["gateways"] if g["serial"] == NORTH]
    return gateway["app_version"], gateway["writes"]


def test_a_saved_plan_downgrading_an_app_version_is_applied_only_with_allow_downgrade(
    workspace: Workspace,
) -> None:
    workspace.edit(EDGE, "app_version: 7.18.0", "app_version: 7.16.0")
    target = ("--target", "thread-north/edge/app_version")
    saved = workspace.run("plan", EDGE, *target, "--out", "north.json")
    assert saved.exit_code == 0, saved.output
    assert "apply it with `iotplan apply north.json --allow-downgrade`" in saved.output, saved.output
    before = north(workspace)

    refused = workspace.run("apply", "north.json")

    assert refused.exit_code == 1, refused.output
    said = " ".join(refused.stderr.split())
    assert "thread-north/edge/app_version: the gateway reports app version 7.17.0" in said, said
    assert "Re-run with --allow-downgrade if that is intended." in said, said
    assert north(workspace) == before
    applied = workspace.run("apply", "north.json", "--allow-downgrade")
    assert applied.exit_code == 0, applied.output
    assert north(workspace) == ("7.16.0", before[1] + 1)
