"""Where the platform lists a THREAD's loggers in another order on each request (variant
`unstable-list-order`: the reference documents no order, docs/api-assumptions.md A5), the verifying
read's port-sharing note on what the apply wrote names the loggers the plan's showed in another
order: the same loggers, no new note. Before, the unit failed, exit 1, with no other writer at all
(cr96)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_a_logger_another_stack_puts_on_the_port_during_apply_fails_the_unit import (
    stack_on_port_1,
)
from tests.e2e.test_a_logger_leaving_the_shared_port_during_apply_fails_no_unit import logger_on_port


def test_loggers_sharing_a_port_listed_in_another_order_fail_no_unit(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    for serial in ("zz", "yy", "xx", "ww"):
        logger_on_port(workspace, serial, 1)
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "unstable-list-order")
    applied = workspace.run("apply", stack_on_port_1(workspace, "alpha"), "--auto-approve")

    assert applied.exit_code == 0, applied.output
    assert "+ device tt-alpha/lg-alpha (VW_LOGGER): not on the platform; port 1 is also " in applied.stdout
    assert "Verified: a fresh read shows no changes." in applied.stdout
