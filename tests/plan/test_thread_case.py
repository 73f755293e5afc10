"""A THREAD logger or sensor is never created beside an undeclared live one whose id differs only in
case: the platform may not tell them apart, so the plan refuses and names the id to adopt, as it
does for a THREAD itself."""

from __future__ import annotations

import pytest

from iotplan.errors import PlanError
from iotplan.live import LiveConnection, LiveEntity, LiveProject, LiveState
from iotplan.manifest import parse_manifest
from iotplan.plan.desired import desired_state
from iotplan.plan.diff import make_plan
from iotplan.plan.model import PlanOptions

PROJECT = "p-1"
NODE = "/fn/6C7D8E/node"
LOWER_LOGGER = f"{NODE}/vwlogger/x-1/device"
SITE = f"""
apiVersion: iotplan/v1
stack: tun
projects:
  - id: {PROJECT}
    nodes:
      - key: g
        kind: thread
        id: {NODE}
        devices:
          - key: a
            type: VW_LOGGER
            serial: "X-1"
            port: 1
            sensors:
              - {{key: pz-1, type: VW_PIEZOMETER, mux_index: 1}}
"""


def plan_over(connection: LiveConnection, text: str = SITE) -> None:
    project = LiveProject(PROJECT, exists=True)
    project.connections = {NODE: connection}
    make_plan(
        desired_state(parse_manifest(text, "site.yaml")), LiveState("test", {PROJECT: project}), PlanOptions()
    )


def test_a_logger_is_never_created_beside_a_live_one_whose_id_differs_only_in_case() -> None:
    connection = LiveConnection(LiveEntity(NODE, {}), PROJECT)
    connection.devices.append(LiveEntity(LOWER_LOGGER, {"NAME": "made by hand"}, None, "VW_LOGGER"))
    with pytest.raises(PlanError) as error:
        plan_over(connection)
    assert (
        f"g/a: not found as {NODE}/vwlogger/X-1/device, but {LOWER_LOGGER} in the same place is the same id "
        'in another case, which the platform may not tell apart from it: set `serial: "x-1"`, the serial its '
        "id carries;"
    ) in str(error.value)


def test_a_sensor_is_never_created_beside_a_live_one_whose_id_differs_only_in_case() -> None:
    logger = f"{NODE}/vwlogger/X-1/device"
    connection = LiveConnection(LiveEntity(NODE, {}), PROJECT)
    connection.devices.append(LiveEntity(logger, {"NAME": "a", "EXTERNAL_PORT": 1}, None, "VW_LOGGER"))
    other = {"NAME": "by hand", "MUX_INDEX": 2}
    connection.sensors[logger] = [LiveEntity(f"{logger}/PZ-1/sensor", other, None, "VW_PIEZOMETER")]
    with pytest.raises(
        PlanError, match=f"adopt it with `id: {logger}/PZ-1/sensor` \\(or correct the sensor's key\\)"
    ):
        plan_over(connection)
