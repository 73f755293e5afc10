"""A saved plan's new logger noted sharing port 1 with one old logger, where another was put since
(in the web app), while a third the review showed left: the fresh note names a logger the review
did not show, and the plan is refused, though the note lists as many loggers as before."""

from __future__ import annotations

import pytest

from iotplan.apply.stale import check_not_stale
from iotplan.commands.apply import as_reviewed
from iotplan.errors import StalePlanError
from tests.apply.test_a_logger_leaving_a_shared_port_since_the_review_lets_the_saved_plan_apply import (
    new_logger_beside,
    sharing_note,
)


def test_a_logger_joining_a_shared_port_since_the_review_makes_the_saved_plan_stale() -> None:
    saved = as_reviewed(new_logger_beside("099000", "099002"))
    fresh = new_logger_beside("099003", "099000")
    with pytest.raises(StalePlanError) as raised:
        check_not_stale(saved, fresh)
    assert str(raised.value) == (
        "the platform changed since the plan was made, and the plan now notes what its review did not "
        f"show: thread/vw: {sharing_note(fresh)}. Run iotplan plan again to review it"
    )
