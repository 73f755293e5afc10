"""A port-sharing note the plan showed was reviewed: the verifying read finding it again on the logger
the apply wrote fails nothing (commands/apply.py `_ports_shared_meanwhile` fails only a note the plan
did not show)."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.test_a_logger_another_stack_puts_on_the_port_during_apply_fails_the_unit import (
    NOTE,
    beta_on_port_1,
    stack_on_port_1,
)


def test_a_port_sharing_note_its_plan_showed_fails_no_apply(workspace: Workspace) -> None:
    beta_on_port_1(workspace)
    applied = workspace.run("apply", stack_on_port_1(workspace, "alpha"), "--auto-approve")

    assert applied.exit_code == 0, applied.output
    assert f"+ device tt-alpha/lg-alpha (VW_LOGGER): not on the platform; {NOTE}\n" in applied.stdout
    assert "Verified: a fresh read shows no changes." in applied.stdout
