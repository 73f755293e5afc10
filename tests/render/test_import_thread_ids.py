"""A THREAD logger's or sensor's id holding a credential: not adopted, shown masked, planned kept."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.live.model import LiveEntity, LiveState
from iotplan.manifest import parse_manifest
from iotplan.plan.desired import desired_state
from iotplan.plan.diff import make_plan
from iotplan.plan.model import Action
from tests.render.test_imported import PROJECT, connection, entity, imported, nodes, project


def thread_logger(logger_id: str, sensor_id: str) -> Any:
    thread = entity("/fn/4A1B2C/node", SERIAL_NO="4A1B2C", NAME="THREAD north")
    logger = LiveEntity(logger_id, {"NAME": "VW", "EXTERNAL_PORT": 1}, thread.id, "VW_LOGGER")
    sensor = LiveEntity(sensor_id, {"NAME": "pz", "MUX_INDEX": 1}, logger.id, "VW_PIEZOMETER")
    return connection(thread, (logger, [sensor]))


@pytest.mark.parametrize("held", ["x?token=hunter2pw", "Bearer hunter2pw", "x@h?sig=hunter2pw"])
def test_a_thread_logger_whose_id_holds_a_credential_is_not_adopted_and_its_id_never_written(
    held: str,
) -> None:
    logger = f"/fn/4A1B2C/node/vwlogger/{held}/device"
    live = thread_logger(logger, f"{logger}/pz-1/sensor")
    text = imported(live)
    assert "hunter2pw" not in text and "is not adopted: its id holds a credential" in text
    assert "SERIAL_NO" not in text and "devices" not in nodes(text)[0]
    plan_of_it_keeps_all(text, live)


def test_a_thread_sensor_whose_id_holds_a_credential_is_not_adopted_and_its_logger_is() -> None:
    logger = "/fn/4A1B2C/node/vwlogger/032433/device"
    live = thread_logger(logger, f"{logger}/pz?sig=hunter2pw/sensor")
    text = imported(live)
    assert (
        f'            # sensor "{logger}/pz?sig=(sensitive)" is not adopted: its id holds a credential'
        in text
    )
    assert "hunter2pw" not in text and "sensors" not in nodes(text)[0]["devices"][0]
    plan_of_it_keeps_all(text, live)


def plan_of_it_keeps_all(text: str, live: Any) -> None:
    desired = desired_state(parse_manifest(text, "imported.yaml"))
    plan = make_plan(desired, LiveState("embedded", {PROJECT: project(live)}))
    assert Action.REMOVE not in {change.action for change in plan.changes}
