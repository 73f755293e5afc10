"""Two sensors already on one channel of a logger (one declared, one the web app added): the plan
is refused, and so is a --target selecting that logger or the sensor, though neither writes anything
(the refusal is the logger's, not its THREAD's)."""

from __future__ import annotations

import pytest

from iotplan.errors import NoSafePlanError
from iotplan.live import LiveConnection, LiveEntity
from iotplan.plan.model import PlanOptions
from tests.plan.test_thread import NODE, PROJECT, TWO_LOGGERS, desired, planned

UP = f"{NODE}/vwlogger/1001/device"
CLASH = "north/up: mux_index 1 would be the channel of north/up/pz-up-1"


def crew_sensor_on_channel_1_of_up() -> LiveConnection:
    """TWO_LOGGERS as applied, and a sensor added in the web app on pz-up-1's channel, holding 300."""
    connection = LiveConnection(LiveEntity(NODE, {}), PROJECT)
    for serial, sensor in (("1001", "pz-up-1"), ("1002", "pz-down-1")):
        logger = f"{NODE}/vwlogger/{serial}/device"
        props = {"NAME": "up" if serial == "1001" else "down", "EXTERNAL_PORT": int(serial[-1])}
        connection.devices.append(LiveEntity(logger, props, None, "VW_LOGGER"))
        live = LiveEntity(
            f"{logger}/{sensor}/sensor", {"NAME": sensor, "MUX_INDEX": 1}, None, "VW_PIEZOMETER"
        )
        connection.sensors[logger] = [live]
    crew = {"NAME": "crew", "MUX_INDEX": 1, "OBSERVATION_COUNT": 300}
    connection.sensors[UP].append(LiveEntity(f"{UP}/crew/sensor", crew, None, "VW_PIEZOMETER"))
    return connection


@pytest.mark.parametrize("target", ["north/up/pz-up-1", "north/up", "north/up/*"])
def test_the_clash_refuses_a_selection_of_its_logger_or_sensor(target: str) -> None:
    with pytest.raises(NoSafePlanError, match=CLASH):
        planned(desired(TWO_LOGGERS), crew_sensor_on_channel_1_of_up(), PlanOptions(targets=(target,)))
