"""A THREAD logger whose serial another tool dropped, beside one holding its own, is drift with
nothing to write. An apply with something else to write said "Not verified", exit 1; one with
nothing to write said "No changes", exit 0, silent on it, and `plan` headlined "The platform
matches the manifest". Both applies now say it and exit 1 (iotplan cannot make the platform match,
and cannot be sure the manifest's logger is the box the platform records), and plan's headline does
not say the platform matches."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import SITE, VW_LOGGER, rpc


def test_a_logger_without_its_serial_fails_an_apply_with_nothing_to_write_and_plan_does_not_say_it_matches(
    workspace: Workspace,
) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    rpc(workspace, "updateDevice", {"device": VW_LOGGER, "props": {"SERIAL_NO": None}})
    plan = workspace.run("plan", SITE, "--detailed-exitcode")
    assert plan.exit_code == 0, plan.output  # nothing to write
    assert "matches the manifest" not in plan.stdout, plan.stdout
    assert "No changes to write, but 1 entity differs from the manifest" in plan.stdout, plan.stdout
    applied = workspace.run("apply", SITE, "--auto-approve")
    assert applied.exit_code == 1, applied.output
    assert f"tunnel-thread/vw-logger ({VW_LOGGER}) holds no SERIAL_NO" in applied.output
