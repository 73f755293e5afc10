"""Two declared sensors the platform already holds on one channel (one moved there in the web app)
are not in sync: the plan that leaves them so is refused, naming both."""

from __future__ import annotations

from iotplan.errors import PlanError
from tests.plan.test_thread import LOGGER, SITE, desired, live_as_declared
from tests.plan.thread_channels import refusal

# tilt2's entry gives no mux_index: the plan would leave it where the web app put it, on tilt1's.
UNDECLARED = SITE.replace("mux_index: 2, ", "")


def test_two_declared_sensors_already_on_one_channel_are_refused() -> None:
    connection = live_as_declared(
        desired(),
        **{
            f"{LOGGER}/tilt1/sensor": {"OBSERVATION_COUNT": 500},
            f"{LOGGER}/tilt2/sensor": {"MUX_INDEX": 1, "OBSERVATION_COUNT": 300},
        },
    )
    assert refusal(PlanError, UNDECLARED, connection).endswith(
        "thread/ipi: mux_index 1 would be the channel of thread/ipi/tilt1 (on it now, as the manifest "
        "says; 500 observations) and of thread/ipi/tilt2 (on it now, its entry declaring no `mux_index`; 300 "
        "observations): two sensors on one channel of a logger are never right, and which of them holds the "
        "channel's history is not iotplan's to guess; give one of them another `mux_index`"
    )
