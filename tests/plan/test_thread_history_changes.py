"""A THREAD logger's or sensor's channel (`mux_index`), `zero_date` or logger `mode` is what its
recorded history means: changed on an entity holding observations (or an unknown count), the plan
marks it a data-model change, which --allow-data-model-change guards, as an API sensor's new units."""

from __future__ import annotations

import pytest

from iotplan.errors import IotplanError
from iotplan.plan.guards import Permissions, refuse_data_model_changes
from iotplan.plan.model import Change
from tests.plan.test_thread import LOGGER, SITE, desired, live_as_declared, planned

TILT1, TILT2 = f"{LOGGER}/tilt1/sensor", f"{LOGGER}/tilt2/sensor"
HELD = {"OBSERVATION_COUNT": 100}
SWAPPED = SITE.replace("mux_index: 1, name: Tilt 1", "mux_index: 2, name: Tilt 1").replace(
    "mux_index: 2, name: Tilt 2", "mux_index: 1, name: Tilt 2"
)
NEW_ZERO_DATE = SITE.replace('zero_date: "2026-03-01T00:00:00Z"', 'zero_date: "2026-06-01T00:00:00Z"')
NEW_MODE = SITE.replace("mode: IPI_BIAXIAL", "mode: IPI_UNIAXIAL")


def updates(text: str, **live: dict[str, object]) -> list[Change]:
    return list(planned(desired(text), live_as_declared(desired(SITE), **live)).writes)


def test_swapped_channels_are_data_model_changes_of_the_sensors_holding_history() -> None:
    changes = updates(SWAPPED, **{TILT1: HELD, TILT2: {"OBSERVATION_COUNT": 0}})
    assert [(c.live_id, c.rereads_data) for c in changes] == [(TILT1, True), (TILT2, False)]
    assert all(c.touches_data_model for c in changes)  # as on REST: drift ranks it so, history or not


@pytest.mark.parametrize("text", [NEW_ZERO_DATE, NEW_MODE], ids=["zero_date", "mode"])
def test_a_loggers_zero_date_or_mode_over_its_sensors_history_is_a_data_model_change(text: str) -> None:
    (logger,) = updates(text, **{TILT1: HELD})
    assert logger.live_id == LOGGER and logger.rereads_data


def test_a_sensors_zero_date_over_an_unknown_count_is_a_data_model_change() -> None:
    text = SITE.replace(
        "mux_index: 1, name: Tilt 1", 'mux_index: 1, name: Tilt 1, zero_date: "2026-06-01T00:00:00Z"'
    )
    (sensor,) = updates(text, **{TILT1: {"OBSERVATION_COUNT": None}})
    assert sensor.live_id == TILT1 and sensor.observations_unknown and sensor.rereads_data


def test_the_guard_refuses_a_channel_swap_naming_what_it_changes() -> None:
    state = desired(SWAPPED)
    plan = planned(state, live_as_declared(desired(SITE), **{TILT1: HELD, TILT2: HELD}))
    with pytest.raises(
        IotplanError, match="channel, zero date or mode of THREAD loggers and sensors"
    ) as error:
        refuse_data_model_changes(plan, Permissions())
    assert "thread/ipi/tilt1: 100 observations" in str(error.value)
    refuse_data_model_changes(plan, Permissions(allow_data_model_change=True))
