"""A THREAD logger declared with another type than the platform's is a difference no write makes
(a type cannot change, A17), noted on its line as one with nothing to write: it must never reach an
apply that reports success. The plan is refused, so `apply` stops before any write, exit 1, naming
the refusal; `drift` reports it MODIFIED, exit 2."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.thread_logger_type_edited import REFUSAL, SITE, applied_then_type_edited_by_id


def test_a_logger_declared_with_another_type_fails_apply_and_is_drift(workspace: Workspace) -> None:
    applied_then_type_edited_by_id(workspace)

    applied = workspace.run("apply", SITE, "--auto-approve")

    assert applied.exit_code == 1, applied.output
    assert REFUSAL in " ".join(applied.output.split())
    assert "No changes" not in applied.output
    assert workspace.run("drift", SITE).exit_code == 2
