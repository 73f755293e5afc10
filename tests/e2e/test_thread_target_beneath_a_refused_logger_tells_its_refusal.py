"""A --target naming a declared sensor of a THREAD logger whose change is refused is told the logger's
refusal, not that the pattern matches no address (as a typo would be)."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.thread_logger_type_edited import REFUSAL, SITE, applied_then_type_edited


def test_a_target_beneath_a_refused_logger_is_told_the_loggers_refusal(workspace: Workspace) -> None:
    applied_then_type_edited(workspace)
    plan = workspace.run("plan", SITE, "--target", "tunnel-thread/ipi-chain/tilt1")
    assert plan.exit_code == 1
    assert "matches no address" not in plan.output
    assert REFUSAL in plan.output
