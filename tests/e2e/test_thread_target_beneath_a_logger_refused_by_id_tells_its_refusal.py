"""A --target naming a declared sensor of a THREAD logger given its `id:` whose `type` is edited (so
found by its id, and refused: a type cannot be changed) is told the logger's refusal: it said "No
changes in the selection.", exit 0, the sensor in sync (cr105 F4)."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.thread_logger_type_edited import REFUSAL, SITE, applied_then_type_edited_by_id


def test_a_target_beneath_a_logger_refused_by_id_is_told_its_refusal(workspace: Workspace) -> None:
    applied_then_type_edited_by_id(workspace)
    plan = workspace.run("plan", SITE, "--target", "tunnel-thread/ipi-chain/tilt1")
    assert plan.exit_code == 1, plan.output
    assert "No changes" not in plan.output
    assert REFUSAL in plan.output
