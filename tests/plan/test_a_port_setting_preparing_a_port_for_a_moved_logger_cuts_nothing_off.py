"""A port setting that changes the link of a port a logger is moved to in the same plan prepares the
port for it (fuzzer fz132): the logger is not reading there yet, so the line does not name it, whatever
it holds (its move is told on its own line). Nor does the setting of the port it leaves name it, which
no longer feeds it. A logger staying on the port is still named."""

from __future__ import annotations

from iotplan.live import GatewayStatus, LiveEntity, LiveGateway
from iotplan.plan.model import Action
from tests.plan.test_thread import LOGGER, SITE, desired, live_as_declared, planned

EDGE = (
    "edge:\n          host: 127.0.0.1:8404\n          port2: {power: 12V, comm_type: RS485}\n        devices:"
)
MOVED_TO_2 = SITE.replace("devices:", EDGE)  # the logger is declared on port 2
MOVED_OFF_2 = MOVED_TO_2.replace("port: 2\n", "port: 3\n")
KEPT = "/fn/6C7D8E/node/demo/HAND01/device"


def _gateway() -> LiveGateway:
    settings = {"port2.power": "12V", "port2.connected": True, "port2.comm_type": "RS232"}
    return LiveGateway(
        "127.0.0.1:8404", GatewayStatus.OK, serial="6C7D8E", settings=settings, ports=frozenset({2, 3})
    )


def _link_change(site: str, recorded_on: int, observations: int, kept: bool = False) -> str:
    state = desired(site)
    connection = live_as_declared(
        state,
        **{
            LOGGER: {"EXTERNAL_PORT": recorded_on},
            f"{LOGGER}/tilt1/sensor": {"OBSERVATION_COUNT": observations},
            f"{LOGGER}/tilt2/sensor": {"OBSERVATION_COUNT": 0},
        },
    )
    if kept:
        connection.devices.append(
            LiveEntity(KEPT, {"NAME": "crew logger", "EXTERNAL_PORT": 2, "OBSERVATION_COUNT": 40})
        )
        connection.sensors[KEPT] = []
    plan = planned(state, connection, gateways={"thread": _gateway()})
    [move] = [change for change in plan.changes if change.address == "thread/ipi"]
    assert move.action is Action.UPDATE and any(field.path == "port" for field in move.fields), move
    [change] = [change for change in plan.changes if change.address == "thread/edge/port2.comm_type"]
    assert change.action is Action.UPDATE
    assert "thread/ipi" not in change.loggers_cut_off, change.reason
    return change.reason


def test_a_port_setting_preparing_a_port_for_a_moved_logger_cuts_nothing_off() -> None:
    assert "feeds" not in _link_change(MOVED_TO_2, recorded_on=1, observations=0)
    assert "feeds" not in _link_change(MOVED_TO_2, recorded_on=1, observations=700)
    assert "feeds" not in _link_change(MOVED_OFF_2, recorded_on=2, observations=700)
    assert _link_change(MOVED_TO_2, recorded_on=1, observations=700, kept=True).endswith(
        "; port 2 feeds thread/#HAND01 (40 observations): this cuts off its readings, not the gateway"
    )
