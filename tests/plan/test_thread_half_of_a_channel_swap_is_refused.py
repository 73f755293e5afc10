"""Two sensors that swap channels, one of the moves selected by --target: made alone, it puts both
sensors on one channel of the logger, so the plan is refused, naming the move outside the fence."""

from __future__ import annotations

from iotplan.errors import SelectionError
from iotplan.plan.model import PlanOptions
from tests.plan.test_thread import SITE, desired, live_as_declared
from tests.plan.thread_channels import refusal

SWAPPED = (
    SITE.replace("mux_index: 1,", "mux_index: x,")
    .replace("mux_index: 2,", "mux_index: 1,")
    .replace("mux_index: x,", "mux_index: 2,")
)


def test_half_of_a_channel_swap_is_refused() -> None:
    targeted = PlanOptions(targets=("thread/ipi/tilt1",))
    assert refusal(SelectionError, SWAPPED, live_as_declared(desired()), targeted) == (
        "the selection cannot be applied on its own:\n"
        "  thread/ipi/tilt1: needs thread/ipi/tilt2 moved off mux_index 2 (to mux_index 1, as the manifest "
        "says), which --target leaves out: two sensors on one channel of a logger are never right; target "
        "thread/ipi/tilt2 too"
    )
