"""A port setting that cuts off a port names the kept logger on it whose port the platform stores as text
or a decimal (EXTERNAL_PORT "2", written by another tool), as one stored as 2: it is on port 2. It named
only the declared logger (cr99)."""

from __future__ import annotations

import pytest

from iotplan.live import GatewayStatus, LiveEntity, LiveGateway
from tests.plan.test_thread import NODE, SITE, desired, live_as_declared, planned

POWERED_OFF = SITE.replace(
    "devices:", "edge: {host: 127.0.0.1:8404, port2: {power: 'off', comm_type: RS485}}\n        devices:"
)
KEPT = f"{NODE}/demo/HAND01/device"


@pytest.mark.parametrize("stored", ["2", "2.0", 2.0])
def test_a_port_setting_cutting_off_a_logger_whose_port_is_text_names_it(stored: object) -> None:
    state = desired(POWERED_OFF)
    connection = live_as_declared(state)
    connection.devices.append(
        LiveEntity(KEPT, {"NAME": "crew logger", "EXTERNAL_PORT": stored, "OBSERVATION_COUNT": 40})
    )
    connection.sensors[KEPT] = []
    settings = {"port2.power": "12V", "port2.comm_type": "RS485"}
    gateway = LiveGateway(
        "127.0.0.1:8404", GatewayStatus.OK, serial="6C7D8E", settings=settings, ports=frozenset({1, 2})
    )
    plan = planned(state, connection, gateways={"thread": gateway})
    reason = next(change.reason for change in plan.changes if change.address == "thread/edge/port2.power")
    assert reason.endswith(
        " and thread/#HAND01 (40 observations): this cuts off their readings, not the gateway"
    )
