"""A declared sensor whose entry gives no `mux_index` keeps the channel it has (an update resends it as
it stands): a new sensor declared on that channel would put two sensors on one channel of the logger,
so the plan is refused, naming both and the observations each holds."""

from __future__ import annotations

import pytest

from iotplan.errors import PlanError
from tests.plan.test_thread import LOGGER, SITE, desired, live_as_declared, planned

# tilt2's entry loses its mux_index (it stays on 2), and a new tilt3 is declared on 2.
UNDECLARED = SITE.replace(
    "{key: tilt2, type: TILT_BIAXIAL_DGSI, mux_index: 2, name: Tilt 2}",
    "{key: tilt2, type: TILT_BIAXIAL_DGSI, name: Tilt 2}\n"
    "              - {key: tilt3, type: TILT_BIAXIAL_DGSI, mux_index: 2, name: Tilt 3}",
)


def test_a_sensor_created_on_the_channel_of_one_declaring_none_is_refused() -> None:
    connection = live_as_declared(desired(), **{f"{LOGGER}/tilt2/sensor": {"OBSERVATION_COUNT": 300}})
    with pytest.raises(PlanError) as refused:
        planned(desired(UNDECLARED), connection)
    assert str(refused.value).endswith(
        "thread/ipi: mux_index 2 would be the channel of thread/ipi/tilt2 (on it now, its entry declaring "
        "no `mux_index`; 300 observations) and of thread/ipi/tilt3 (created on it): two sensors on one "
        "channel of a logger are never right, and which of them holds the channel's history is not "
        "iotplan's to guess; give one of them another `mux_index`"
    )
