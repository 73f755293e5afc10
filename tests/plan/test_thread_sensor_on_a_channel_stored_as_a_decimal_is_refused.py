"""A channel the platform stores as a decimal (MUX_INDEX 2.0, written by another tool) is channel 2:
a new sensor declared on 2 beside the kept sensor holding it is refused, as beside one stored as 2."""

from __future__ import annotations

import pytest

from iotplan.errors import PlanError
from tests.plan.test_thread import LOGGER, SITE, desired, live_as_declared, planned

# tilt2 left out of the manifest (kept), and a new tilt5 declared on its channel.
NEW_ON_2 = SITE.replace(
    "{key: tilt2, type: TILT_BIAXIAL_DGSI, mux_index: 2, name: Tilt 2}",
    "{key: tilt5, type: TILT_BIAXIAL_DGSI, mux_index: 2, name: Tilt 5}",
)


def test_a_sensor_created_on_a_channel_stored_as_a_decimal_is_refused() -> None:
    connection = live_as_declared(desired(), **{f"{LOGGER}/tilt2/sensor": {"MUX_INDEX": 2.0}})
    with pytest.raises(
        PlanError, match=r"thread/ipi/tilt5: mux_index 2 is the channel of thread/ipi/#tilt2 "
    ):
        planned(desired(NEW_ON_2), connection)
