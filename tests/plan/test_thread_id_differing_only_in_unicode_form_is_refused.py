"""A THREAD logger or sensor is never created beside an undeclared live one whose id differs only as
refIds that fold alike do (`fold_ref_id`): a full-width letter or hyphen, an invisible character, a
trailing blank. The platform may not tell them apart, so the plan refuses as it does for a case
twin, and says how the two differ with the live id escaped, as its look-alike is unreadable."""

from __future__ import annotations

import pytest

from iotplan.errors import PlanError
from iotplan.live import LiveConnection, LiveEntity
from tests.plan.test_thread_case import NODE, plan_over

LOGGER = f"{NODE}/vwlogger/X-1/device"


def with_sensor(sensor_id: str) -> LiveConnection:
    connection = LiveConnection(LiveEntity(NODE, {}), "p-1")
    connection.devices.append(LiveEntity(LOGGER, {"NAME": "a", "EXTERNAL_PORT": 1}, None, "VW_LOGGER"))
    made = LiveEntity(sensor_id, {"NAME": "by hand", "MUX_INDEX": 2}, None, "VW_PIEZOMETER")
    connection.sensors[LOGGER] = [made]
    return connection


def refusal(connection: LiveConnection) -> str:
    with pytest.raises(PlanError) as error:
        plan_over(connection)
    return " ".join(str(error.value).split())


def test_a_sensor_beside_a_live_one_whose_key_has_a_full_width_hyphen_is_refused() -> None:
    said = refusal(with_sensor(f"{LOGGER}/pz\uff0d1/sensor"))
    assert (
        f'g/a/pz-1: not found as {LOGGER}/pz-1/sensor, but "{LOGGER}/pz\\uff0d1/sensor" in the same '
        "place is the same id but for Unicode compatibility form"
    ) in said, said
    assert f'adopt it with `id: "{LOGGER}/pz\\uff0d1/sensor"`' in said, said
    assert "differs only in case, Unicode form or invisible characters from another" in said, said


def test_a_sensor_beside_a_live_one_whose_key_holds_an_invisible_character_is_refused() -> None:
    said = refusal(with_sensor(f"{LOGGER}/pz-\u200b1/sensor"))
    assert f'"{LOGGER}/pz-\\u200b1/sensor" in the same place is the same id but for invisible' in said, said


def test_a_sensor_beside_a_live_one_whose_key_ends_in_a_blank_is_refused() -> None:
    said = refusal(with_sensor(f"{LOGGER}/pz-1 /sensor"))
    assert f'"{LOGGER}/pz-1 /sensor" in the same place is the same id but for invisible' in said, said


def test_a_logger_beside_a_live_one_whose_serial_has_a_full_width_letter_is_refused() -> None:
    full_width = f"{NODE}/vwlogger/\uff38-1/device"
    connection = LiveConnection(LiveEntity(NODE, {}), "p-1")
    connection.devices.append(LiveEntity(full_width, {"NAME": "made by hand"}, None, "VW_LOGGER"))
    said = refusal(connection)
    assert (
        f'g/a: not found as {LOGGER}, but "{NODE}/vwlogger/\\uff38-1/device" in the same place is the '
        "same id but for Unicode compatibility form"
    ) in said, said
    assert 'its serial "\\uff38-1" is not one a `serial:` can hold' in said, said
    assert "so nothing can adopt it; leave this entry out" in said, said
