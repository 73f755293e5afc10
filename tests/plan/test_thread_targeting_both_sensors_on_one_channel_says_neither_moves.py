"""A new sensor declared on the channel of one whose entry gives no `mux_index`, both targeted: no move
is left out, so the refusal is the plan's own (two sensors on one channel), not a fence's."""

from __future__ import annotations

import pytest

from iotplan.errors import PlanError
from iotplan.plan.model import PlanOptions
from tests.plan.test_thread import desired, live_as_declared, planned
from tests.plan.test_thread_sensor_on_the_channel_of_one_declaring_none_is_refused import UNDECLARED


def test_targeting_both_sensors_on_one_channel_is_refused_for_the_channel_not_the_fence() -> None:
    targets = PlanOptions(targets=("thread/ipi/tilt3", "thread/ipi/tilt2"))
    with pytest.raises(PlanError) as refused:
        planned(desired(UNDECLARED), live_as_declared(desired()), targets)
    assert "mux_index 2 would be the channel of thread/ipi/tilt2" in str(refused.value)
    assert "leaves out" not in str(refused.value)
