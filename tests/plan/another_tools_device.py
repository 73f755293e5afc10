"""What the tests of another tool's device holding a sensor that carries a declared sensor's refId
share: the test manifest with a second device dam-a/logger-2 (`SECOND`), and under the applied
state's connection a device ('TOOL-7') holding a sensor carrying `site:dam-a/logger-2/pz-1` with 50
observations."""

from __future__ import annotations

from typing import Any

from iotplan.live import LiveEntity, LiveState
from tests.plan.livebuilder import first_connection

SECOND = """          - key: logger-2
            sensors:
              - key: pz-1
                template: TEMPERATURE_SDE
"""


def tool_device_holding_logger_2s_sensor(
    live: LiveState, props: dict[str, Any]
) -> tuple[LiveEntity, dict[str, Any]]:
    """The device above, given `props`, added to `live`; it, and its sensor's props (changed in place
    by a test to follow a step)."""
    connection = first_connection(live)
    tool = LiveEntity(f"{connection.node.id}/dynamic/F00001/device", props, connection.node.id)
    connection.devices.append(tool)
    carried: dict[str, Any] = {"SERIAL_NO": "site:dam-a/logger-2/pz-1", "OBSERVATION_COUNT": 50}
    connection.sensors[tool.id] = [LiveEntity(f"{tool.id}/F00002/sensor", carried, tool.id)]
    return tool, carried
