"""A port setting that changes the link of a port a logger is created on in the same plan prepares the
port for it (a replaced gateway, its ports off and RS-232, fuzzer fz127): the new logger holds no
readings to cut off, so the line does not name it. A logger already on the port is still named."""

from __future__ import annotations

from iotplan.live import GatewayStatus, LiveEntity, LiveGateway
from iotplan.plan.model import Action
from tests.plan.test_thread import SITE, desired, live_as_declared, planned

PREPARED = SITE.replace(
    "devices:",
    "edge:\n"
    "          host: 127.0.0.1:8404\n"
    "          port2: {power: 12V, comm_type: RS485}\n"
    "        devices:",
)
KEPT = "/fn/6C7D8E/node/demo/HAND01/device"


def _gateway() -> LiveGateway:
    settings = {"port2.power": "off", "port2.connected": True, "port2.comm_type": "RS232"}
    return LiveGateway(
        "127.0.0.1:8404", GatewayStatus.OK, serial="6C7D8E", settings=settings, ports=frozenset({2})
    )


def _link_change(kept: bool) -> str:
    state = desired(PREPARED)
    connection = live_as_declared(state)
    connection.devices.clear()
    connection.sensors.clear()
    if kept:
        connection.devices.append(
            LiveEntity(KEPT, {"NAME": "crew logger", "EXTERNAL_PORT": 2, "OBSERVATION_COUNT": 40})
        )
        connection.sensors[KEPT] = []
    plan = planned(state, connection, gateways={"thread": _gateway()})
    assert any(change.action is Action.CREATE and change.address == "thread/ipi" for change in plan.changes)
    [change] = [change for change in plan.changes if change.address == "thread/edge/port2.comm_type"]
    assert change.action is Action.UPDATE
    assert "thread/ipi" not in change.loggers_cut_off, change.reason
    return change.reason


def test_a_port_setting_preparing_a_port_for_a_new_logger_cuts_nothing_off() -> None:
    assert "feeds" not in _link_change(kept=False)
    assert _link_change(kept=True).endswith(
        "; port 2 feeds thread/#HAND01 (40 observations): this cuts off its readings, not the gateway"
    )
