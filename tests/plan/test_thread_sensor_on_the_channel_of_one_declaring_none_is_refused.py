"""A declared sensor whose entry gives no `mux_index` keeps the channel it has (an update resends it as
it stands): a new sensor declared on that channel would put two sensors on one channel of the logger,
so the plan is refused, naming both and the observations each holds."""

from __future__ import annotations

from iotplan.errors import PlanError
from tests.plan.test_thread import LOGGER, desired, live_as_declared
from tests.plan.thread_channels import UNDECLARED_BESIDE_A_NEW_ONE, refusal


def test_a_sensor_created_on_the_channel_of_one_declaring_none_is_refused() -> None:
    connection = live_as_declared(desired(), **{f"{LOGGER}/tilt2/sensor": {"OBSERVATION_COUNT": 300}})
    assert refusal(PlanError, UNDECLARED_BESIDE_A_NEW_ONE, connection).endswith(
        "thread/ipi: mux_index 2 would be the channel of thread/ipi/tilt2 (on it now, its entry declaring "
        "no `mux_index`; 300 observations) and of thread/ipi/tilt3 (created on it): two sensors on one "
        "channel of a logger are never right, and which of them holds the channel's history is not "
        "iotplan's to guess; give one of them another `mux_index`"
    )
