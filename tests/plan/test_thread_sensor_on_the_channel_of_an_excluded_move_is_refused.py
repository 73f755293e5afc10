"""A sensor created on the channel its sibling leaves, with the sibling's move fenced off by
--exclude: made alone, it puts two sensors on one channel of the logger, so the plan is refused,
naming the move outside the fence."""

from __future__ import annotations

from iotplan.errors import SelectionError
from iotplan.plan.model import PlanOptions
from tests.plan.test_thread import desired, live_as_declared
from tests.plan.thread_channels import MOVED, refusal


def test_a_sensor_created_on_the_channel_of_an_excluded_move_is_refused() -> None:
    excluded = PlanOptions(excludes=("thread/ipi/tilt2",))
    assert refusal(SelectionError, MOVED, live_as_declared(desired()), excluded) == (
        "the selection cannot be applied on its own:\n"
        "  thread/ipi/tilt3: needs thread/ipi/tilt2 moved off mux_index 2 (to mux_index 3, as the manifest "
        "says), which --exclude leaves out: two sensors on one channel of a logger are never right; narrow "
        "the exclusion, or exclude thread/ipi/tilt3 too"
    )
