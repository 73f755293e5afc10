"""A saved plan's new logger noted sharing port 1 with old loggers the platform lists in another
order now (it documents no list order, docs/api-assumptions.md A5): the same loggers, no note the
review did not show, so the plan is not stale. Before, it was refused (cr96)."""

from __future__ import annotations

from iotplan.apply.stale import check_not_stale
from iotplan.commands.apply import as_reviewed
from tests.apply.test_a_logger_leaving_a_shared_port_since_the_review_lets_the_saved_plan_apply import (
    new_logger_beside,
    sharing_note,
)


def test_loggers_sharing_a_port_listed_in_another_order_let_the_saved_plan_apply() -> None:
    saved = as_reviewed(new_logger_beside("099000", "099002"))
    fresh = new_logger_beside("099002", "099000")
    # Listed in another order, named alike: kept loggers are planned by address (cr131 F3).
    assert sharing_note(saved) == sharing_note(fresh)
    check_not_stale(saved, fresh)
