"""A channel the platform stores as a decimal (MUX_INDEX 2.0, written by another tool) is channel 2:
a new sensor declared on 2 beside the kept sensor holding it is refused, as beside one stored as 2."""

from __future__ import annotations

from iotplan.errors import PlanError
from tests.plan.test_thread import LOGGER, SITE, desired, live_as_declared
from tests.plan.thread_channels import TILT2, refusal

# tilt2 left out of the manifest (kept), and a new tilt5 declared on its channel.
NEW_ON_2 = SITE.replace(TILT2, TILT2.replace("tilt2", "tilt5").replace("Tilt 2", "Tilt 5"))


def test_a_sensor_created_on_a_channel_stored_as_a_decimal_is_refused() -> None:
    connection = live_as_declared(desired(), **{f"{LOGGER}/tilt2/sensor": {"MUX_INDEX": 2.0}})
    said = refusal(PlanError, NEW_ON_2, connection)
    assert "thread/ipi/tilt5: mux_index 2 is the channel of thread/ipi/#tilt2 " in said
