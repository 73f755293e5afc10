"""A port setting that powers off, disconnects or changes the link of a port loggers are on is an
ordinary change, but its line names those loggers, declared or kept, and what they hold: it cuts off
their readings. A setting of a port no logger is on, or one that keeps the link, says nothing of them."""

from __future__ import annotations

from iotplan.live import GatewayStatus, LiveEntity, LiveGateway
from iotplan.plan.model import Action
from tests.plan.test_thread import LOGGER, NODE, SITE, desired, live_as_declared, planned

CUT = SITE.replace(
    "devices:",
    "edge:\n"
    "          host: 127.0.0.1:8404\n"
    "          port1: {power: 'off'}\n"
    "          port2: {power: 'off', connected: false, comm_type: RS232, baud_rate: 115200}\n"
    "        devices:",
)
KEPT = f"{NODE}/demo/HAND01/device"


def test_a_port_setting_cutting_off_its_loggers_names_them_and_what_they_hold() -> None:
    state = desired(CUT)
    connection = live_as_declared(
        state,
        **{
            f"{LOGGER}/tilt1/sensor": {"OBSERVATION_COUNT": 500},
            f"{LOGGER}/tilt2/sensor": {"OBSERVATION_COUNT": 200},
        },
    )
    connection.devices.append(
        LiveEntity(KEPT, {"NAME": "crew logger", "EXTERNAL_PORT": 2, "OBSERVATION_COUNT": 40})
    )
    connection.sensors[KEPT] = []
    ports = {
        f"port{number}.{name}": value
        for number in (1, 2)
        for name, value in (
            ("power", "12V"),
            ("connected", True),
            ("comm_type", "RS485"),
            ("baud_rate", 9600),
        )
    }
    gateway = LiveGateway(
        "127.0.0.1:8404", GatewayStatus.OK, serial="6C7D8E", settings=ports, ports=frozenset({1, 2})
    )
    plan = planned(state, connection, gateways={"thread": gateway})
    reasons = {change.address: change.reason for change in plan.changes if change.action is Action.UPDATE}
    cut_off = (
        "; port 2 feeds thread/ipi (700 observations) and thread/#HAND01 (40 observations): this cuts off "
        "their readings, not the gateway"
    )
    for setting in ("power", "connected", "comm_type"):
        assert reasons[f"thread/edge/port2.{setting}"].endswith(cut_off)
    assert "feeds" not in reasons["thread/edge/port2.baud_rate"]
    assert "feeds" not in reasons["thread/edge/port1.power"]
