"""A new sensor declared on the channel of one whose entry gives no `mux_index`, both targeted: no move
is left out, so the refusal is the plan's own (two sensors on one channel), not a fence's."""

from __future__ import annotations

from iotplan.errors import PlanError
from iotplan.plan.model import PlanOptions
from tests.plan.test_thread import desired, live_as_declared
from tests.plan.thread_channels import UNDECLARED_BESIDE_A_NEW_ONE, refusal


def test_targeting_both_sensors_on_one_channel_is_refused_for_the_channel_not_the_fence() -> None:
    targets = PlanOptions(targets=("thread/ipi/tilt3", "thread/ipi/tilt2"))
    said = refusal(PlanError, UNDECLARED_BESIDE_A_NEW_ONE, live_as_declared(desired()), targets)
    assert "mux_index 2 would be the channel of thread/ipi/tilt2" in said
    assert "leaves out" not in said
