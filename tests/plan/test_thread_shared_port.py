"""Two loggers of a THREAD on one port: a note on their lines, never a refusal. Only RS-485 is
multi-drop, so on a port not declared RS485 (`comm_type` or `mode`) a `port:` typo is the likely cause."""

from __future__ import annotations

from iotplan.live import GatewayStatus, LiveEntity, LiveGateway
from iotplan.plan.model import Action
from iotplan.plan.thread import port_sharing_notes
from tests.plan.test_thread import SITE, desired, live_as_declared, planned

SECOND_LOGGER = (
    "          - {key: vw, type: VW_LOGGER, serial: '099001', port: 2, "
    "sensors: [{key: pz-1, type: VW_PIEZOMETER, mux_index: 1}]}\n"
)
AWAKE = {
    "thread": LiveGateway("127.0.0.1:8404", GatewayStatus.OK, serial="6C7D8E", ports=frozenset({1, 2, 3}))
}


def with_port_2(comm_type: str, setting: str = "comm_type") -> str:
    edge = f"edge: {{host: 127.0.0.1:8404, port2: {{{setting}: {comm_type}}}}}\n        devices:"
    return SITE.replace("devices:", edge) + SECOND_LOGGER


def reason_of(address: str, comm_type: str, setting: str = "comm_type") -> str:
    plan = planned(desired(with_port_2(comm_type, setting)), live_as_declared(desired()), gateways=AWAKE)
    return next(change.reason for change in plan.changes if change.address == address)


def test_two_declared_loggers_on_an_rs232_port_are_noted_and_on_an_rs485_port_are_not() -> None:
    assert reason_of("thread/vw", "RS232") == (
        "not on the platform; port 2 is also thread/ipi's, and is declared RS232: only RS-485 lets two "
        "loggers share a port, so check the loggers' `port`"
    )
    assert reason_of("thread/vw", "RS485") == "not on the platform"


def test_a_new_logger_on_the_port_of_a_kept_one_is_noted_where_no_comm_type_is_declared() -> None:
    """A logger replaced by one of a new serial: the kept old one is on the port, as the platform says."""
    connection = live_as_declared(desired())
    kept = "/fn/6C7D8E/node/vwlogger/099000/device"
    connection.devices.append(LiveEntity(kept, {"NAME": "old vw", "EXTERNAL_PORT": 1}, None, "VW_LOGGER"))
    connection.sensors[kept] = []
    on_port_1 = SECOND_LOGGER.replace("port: 2", "port: 1")
    plan = planned(desired(SITE + on_port_1), connection)
    new = next(change for change in plan.changes if change.address == "thread/vw")
    assert new.action is Action.CREATE
    assert new.reason.endswith(
        "port 1 is also thread/#099000's, and is not declared RS485 (`edge.port1.comm_type` or `mode`): "
        "only RS-485 lets two loggers share a port, so check the loggers' `port`"
    )


def test_two_loggers_on_a_port_whose_mode_is_rs485_are_not_noted() -> None:
    """`mode` is the interface select (deviceRsSel): RS485 there is the multi-drop bus as well."""
    assert reason_of("thread/vw", "RS485", setting="mode") == "not on the platform"


def test_two_loggers_on_a_port_whose_comm_type_and_mode_disagree_are_noted_naming_both() -> None:
    """One of the two says RS-232, point to point: the disagreement is the likelier typo."""
    edge = "edge: {host: 127.0.0.1:8404, port2: {comm_type: RS485, mode: RS232}}\n        devices:"
    plan = planned(
        desired(SITE.replace("devices:", edge) + SECOND_LOGGER), live_as_declared(desired()), gateways=AWAKE
    )
    reason = next(change.reason for change in plan.changes if change.address == "thread/vw")
    assert "port 2 is also thread/ipi's, and is declared RS485 and RS232" in reason


def test_the_note_on_a_line_is_found_again_in_its_reason_as_worded() -> None:
    """As a saved plan holds it: its apply compares it with the fresh plan's (apply/stale.py)."""
    plan = planned(desired(with_port_2("RS232")), live_as_declared(desired()), gateways=AWAKE)
    noted = next(change for change in plan.changes if change.address == "thread/vw")
    assert port_sharing_notes(noted) == [noted.reason.removeprefix("not on the platform; ")]
    plan = planned(desired(with_port_2("RS485")), live_as_declared(desired()), gateways=AWAKE)
    assert port_sharing_notes(next(change for change in plan.changes if change.address == "thread/vw")) == []
