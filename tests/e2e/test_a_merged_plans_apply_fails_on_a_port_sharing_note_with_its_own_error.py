"""A merged plan's apply whose verifying read finds a port-sharing note the plan did not show (another
stack put a logger on the port meanwhile) ends with the error that names it, as a plan's apply does.
Before, the shards' results were combined without it: the unit failed, and the apply ended with the
generic "apply did not finish: plan again and apply the new plan" (cr96)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_a_logger_another_stack_puts_on_the_port_during_apply_fails_the_unit import (
    NOTE,
    beta_created_after_the_first_logger,
    stack_on_port_1,
)


def test_a_merged_plans_apply_fails_on_a_port_sharing_note_with_its_own_error(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    manifest = stack_on_port_1(workspace, "alpha")
    for index in (1, 2):
        planned = workspace.run("plan", manifest, "--shard", f"{index}/2", "--out", f"plan-{index}.json")
        assert planned.exit_code == 0, planned.output
    merged = workspace.run("merge", "plan-1.json", "plan-2.json", "--out", "plan.json")
    assert merged.exit_code == 2, merged.output  # changes to apply
    beta_created_after_the_first_logger(workspace, monkeypatch)
    applied = workspace.run("apply", "plan.json")

    assert applied.exit_code == 1, applied.output
    assert "apply did not finish" not in applied.output
    assert (
        "Error: a fresh read shows a port-sharing note on what this apply wrote that its plan did not show: "
        f"tt-alpha/lg-alpha: {NOTE}. Another writer put a logger on that port"
    ) in applied.output
