"""Two sensors already on one channel (a new one created there, its sibling's move off it refused by
the platform): the plan moves the sibling, and an --exclude that leaves that move out is refused,
naming it, not planned as nothing to change."""

from __future__ import annotations

from iotplan.errors import SelectionError
from iotplan.plan.model import Action, PlanOptions
from tests.plan.test_thread import LOGGER, desired, live_as_declared, planned
from tests.plan.thread_channels import MOVED, refusal


def test_an_exclusion_leaving_two_sensors_on_one_channel_is_refused() -> None:
    connection = live_as_declared(desired(MOVED), **{f"{LOGGER}/tilt2/sensor": {"MUX_INDEX": 2}})
    (move,) = [change for change in planned(desired(MOVED), connection).changes if change.action.writes]
    assert (move.address, move.action) == ("thread/ipi/tilt2", Action.UPDATE)
    excluded = PlanOptions(excludes=("thread/ipi/tilt2",))
    assert refusal(SelectionError, MOVED, connection, excluded) == (
        "the selection cannot be applied on its own:\n"
        "  thread/ipi/tilt3: needs thread/ipi/tilt2 moved off mux_index 2 (to mux_index 3, as the manifest "
        "says), which --exclude leaves out: two sensors on one channel of a logger are never right; narrow "
        "the exclusion, or exclude thread/ipi/tilt3 too"
    )
