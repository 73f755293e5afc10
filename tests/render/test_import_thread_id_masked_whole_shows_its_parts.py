"""A THREAD logger or sensor whose id masking hides whole (`Bearer ...` as its serial): its comment
shows the parts of the id iotplan makes around `(sensitive)`, so a reader can tell which one it is."""

from __future__ import annotations

from iotplan.live.model import LiveEntity
from tests.render.test_imported import connection, entity, imported

THREAD = "/fn/4A1B2C/node"


def test_a_logger_whose_serial_names_a_bearer_token_is_shown_by_its_connection_and_type() -> None:
    thread = entity(THREAD, SERIAL_NO="4A1B2C", NAME="THREAD north")
    logger = LiveEntity(
        f"{THREAD}/vwlogger/Bearer hunter2pw/device", {"EXTERNAL_PORT": 1}, THREAD, "VW_LOGGER"
    )
    text = imported(connection(thread, (logger, [])))
    assert f'# device "{THREAD}/vwlogger/(sensitive)/device" is not adopted' in text
    assert "hunter2pw" not in text


def test_a_sensor_whose_key_names_a_bearer_token_is_shown_by_its_loggers_id() -> None:
    thread = entity(THREAD, SERIAL_NO="4A1B2C", NAME="THREAD north")
    logger_id = f"{THREAD}/vwlogger/032433/device"
    logger = LiveEntity(logger_id, {"NAME": "VW", "EXTERNAL_PORT": 1}, THREAD, "VW_LOGGER")
    sensor = LiveEntity(f"{logger_id}/Bearer hunter2pw/sensor", {"MUX_INDEX": 1}, logger_id, "VW_PIEZOMETER")
    text = imported(connection(thread, (logger, [sensor])))
    assert f'# sensor "{logger_id}/(sensitive)/sensor" is not adopted' in text
    assert "hunter2pw" not in text
