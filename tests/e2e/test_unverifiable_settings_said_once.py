"""The gateway settings iotplan cannot verify are one line of a plan, not a block a gateway: fz76's
converged plan of 42 THREADs was 42 blocks of `= port1.mode: unverifiable` lines, 84 of its 172
lines, and its Markdown comment as many. `--detail` lists each; the JSON plan is unchanged."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.thread_fleet import thread_fleet

GATEWAYS = 5  # fz76's 42 alike, fewer to apply

NOT_WRITTEN = (
    f"Not written: {3 * GATEWAYS} settings iotplan cannot verify (port1.mode, port2.mode, port3.mode on "
    f"{GATEWAYS} gateways; --detail lists them): apply writes them only with --force-write-only."
)


def _converged(workspace: Workspace) -> tuple[str, ...]:
    fleet = thread_fleet(workspace, GATEWAYS)
    applied = workspace.run("apply", *fleet, "--auto-approve", "--allow-disconnect")
    assert applied.exit_code == 0, applied.output
    return fleet


def test_a_converged_fleet_plan_has_no_block_and_one_line_for_what_it_cannot_verify(
    workspace: Workspace,
) -> None:
    fleet = _converged(workspace)

    text = workspace.run("plan", *fleet).stdout
    markdown = workspace.run("plan", *fleet, "--format", "markdown").stdout

    assert "# connection" not in text and "unverifiable" not in text
    assert NOT_WRITTEN in text
    assert "<details>" not in markdown and NOT_WRITTEN in markdown


def test_detail_lists_each_setting_it_cannot_verify_and_json_every_one(workspace: Workspace) -> None:
    fleet = _converged(workspace)

    detail = workspace.run("plan", *fleet, "--detail").stdout
    plan = workspace.json("plan", *fleet)

    assert detail.count("unverifiable (the gateway cannot report it)") == 3 * GATEWAYS
    assert "Not written:" not in detail
    unverifiable = [change for change in plan["changes"] if "unverifiable" in change.get("reason", "")]
    assert len(unverifiable) == 3 * GATEWAYS
