"""`apply --auto-approve` asks no confirmation, yet its count read before the first write, finding a
removal's count unreadable (JSON-RPC out of reach since the plan), was refused as "could not be counted
again after the confirmation". It now says when the count was read, before the first write, words that
hold for a plan approved unasked and for one a person confirmed alike."""

from __future__ import annotations

import pytest

from iotplan.cli import plan_commands
from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_counts_unknown_now_say_why import out_of_reach
from tests.e2e.test_ownership_and_fences import EMPTY, observe


def test_a_count_unread_under_auto_approve_names_no_confirmation(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    observe(workspace, "quickstart:dam-a/logger-1/pz-1", 50)
    (workspace.path / "empty.yaml").write_text(EMPTY)
    confirm = plan_commands._confirm

    def planned_then_out_of_reach(auto_approve: bool) -> bool:
        out_of_reach(monkeypatch)  # once the plan is made, before the count read before the first write
        return confirm(auto_approve)

    monkeypatch.setattr(plan_commands, "_confirm", planned_then_out_of_reach)

    refused = workspace.run("apply", "empty.yaml", "--auto-approve", "--allow-destroy")

    assert refused.exit_code == 1, refused.output
    assert (
        "what the removals destroy could not be counted again before the first write: " in refused.stderr
    ), refused.stderr
    assert "confirmation" not in refused.stderr, refused.stderr
    assert workspace.live_entity("quickstart:dam-a/logger-1/crack-1")  # nothing removed
