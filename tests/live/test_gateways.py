"""Reading a THREAD gateway: identity first, then only the settings the manifest declares."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from iotplan.errors import GatewayUnavailable, PlatformError
from iotplan.live.gateways import power_from_voltage, read_gateway
from iotplan.live.model import GatewayStatus, LiveGateway
from tests.live.fakegateway import FakeGateway

HOST = "192.0.2.10"


def read(gateway: FakeGateway, *wanted: str, serial: str = "4A1B2C") -> LiveGateway:
    return asyncio.run(read_gateway(gateway, HOST, serial, set(wanted)))


def test_a_box_reporting_another_serial_is_refused_and_nothing_else_is_read() -> None:
    gateway = FakeGateway(serial="8A9B0C")
    live = read(gateway, "port1.baud_rate", "cloud_connection")
    assert live.status is GatewayStatus.MISMATCH
    assert live.serial == "8A9B0C" and live.settings == {}
    assert (
        live.message
        == f"the gateway at {HOST} reports serial 8A9B0C, not 4A1B2C: nothing was read or written"
    )
    assert gateway.calls == [("serial_number",)]


def test_a_box_that_takes_the_address_while_the_gateway_is_read_leaves_nothing_read_from_it() -> None:
    """Another THREAD answers once the first reads are made (a DHCP lease handed on): what it
    answered is not the node's gateway's, so nothing read is kept."""

    class Swapped(FakeGateway):
        def _request(self, name: str, *args: Any) -> None:
            if name == "get_cloud_connection":
                self.serial, self.cloud = "8A9B0C", False
            super()._request(name, *args)

    live = read(Swapped(), "port1.baud_rate", "cloud_connection")
    assert live.status is GatewayStatus.MISMATCH and live.serial == "8A9B0C" and live.settings == {}


def test_a_serial_matches_whatever_its_case_and_surrounding_spaces() -> None:
    live = read(FakeGateway(serial=" 4a1b2c\n"), "cloud_connection")
    assert live.status is GatewayStatus.OK and live.serial == "4a1b2c"


def test_a_box_that_cannot_say_its_serial_is_no_thread_and_is_unreachable() -> None:
    gateway = FakeGateway(fail={"serial_number": PlatformError("GET /api/serialNumber answered 404")})
    live = read(gateway, "cloud_connection")
    assert live.status is GatewayStatus.UNREACHABLE
    assert live.message == f"no THREAD answers at {HOST}: GET /api/serialNumber answered 404"


@pytest.mark.parametrize(
    ("asleep", "status"), [(True, GatewayStatus.ASLEEP), (False, GatewayStatus.UNREACHABLE)]
)
def test_a_gateway_that_does_not_answer_is_asleep_or_unreachable(asleep: bool, status: GatewayStatus) -> None:
    gateway = FakeGateway(fail={"serial_number": GatewayUnavailable("no answer", asleep=asleep)})
    live = read(gateway, "cloud_connection")
    assert (live.status, live.message, live.settings) == (status, "no answer", {})


def test_a_gateway_that_falls_asleep_halfway_through_is_asleep_not_half_read() -> None:
    gateway = FakeGateway(fail={"get_cloud_connection": GatewayUnavailable("asleep", asleep=True)})
    live = read(gateway, "port1.baud_rate", "cloud_connection")
    assert live.status is GatewayStatus.ASLEEP and live.settings == {}


def test_a_port_whose_configuration_read_fails_is_a_port_the_model_lacks() -> None:
    ports = FakeGateway().ports
    del ports[3]
    live = read(FakeGateway(ports=ports), "port1.baud_rate", "port3.baud_rate")
    assert live.status is GatewayStatus.OK and live.ports == frozenset({1, 2})
    assert "port3.baud_rate" not in live.settings and live.settings["port1.baud_rate"] == 9600


def test_a_gateway_unreachable_while_ports_are_listed_is_unreachable_not_portless() -> None:
    gateway = FakeGateway(fail={"get_port_config": GatewayUnavailable("connection refused")})
    live = read(gateway, "port1.baud_rate")
    assert live.status is GatewayStatus.UNREACHABLE and live.ports == frozenset()


def test_port_properties_read_under_the_names_the_manifest_uses() -> None:
    ports = FakeGateway().ports
    ports[1] = {
        "COMM_TYPE": "USB",
        "BAUD_RATE": 115200,
        "DELIMITERS_HEX": ["0D0A"],
        "HOST": "10.0.0.2",
        "PORT": 80,
    }
    live = read(FakeGateway(ports=ports), "port1.comm_type")
    assert live.settings == {
        "port1.comm_type": "USB",
        "port1.baud_rate": 115200,
        "port1.data_bits": None,
        "port1.parity": None,
        "port1.delimiters": ["0D0A"],
        "port1.usb_host": "10.0.0.2",
        "port1.usb_port": 80,
    }


@pytest.mark.parametrize(
    ("answered", "read_as"),
    [
        ("0D0A", ["0D0A"]),  # the reference's table types it a string
        (["0d0a", "0d"], ["0D0A", "0D"]),  # hex in lower case is the same bytes
        ("0d", ["0D"]),
    ],
)
def test_delimiters_read_as_the_manifest_holds_them_whatever_form_the_gateway_answers(
    answered: object, read_as: object
) -> None:
    ports = FakeGateway().ports
    ports[1]["DELIMITERS_HEX"] = answered
    live = read(FakeGateway(ports=ports), "port1.delimiters")
    assert live.settings["port1.delimiters"] == read_as


def test_only_the_declared_settings_are_asked_for() -> None:
    gateway = FakeGateway()
    read(gateway, "port2.parity")
    asked = {call[0] for call in gateway.calls} - {"serial_number", "get_port_config"}
    assert asked == set()
    assert ("get_port_config", 1) in gateway.calls  # listing the ports reads each once
    assert [c for c in gateway.calls if c == ("get_port_config", 2)] == [("get_port_config", 2)]  # only once


def test_power_and_connection_are_read_for_the_ports_that_declare_them() -> None:
    gateway = FakeGateway(voltages={1: 11.8, 2: 0.0, 3: 15.3}, connected={1: True, 2: False, 3: True})
    live = read(gateway, "port1.power", "port2.connected")
    assert live.settings["port1.power"] == "12V" and live.settings["port2.connected"] is False
    assert "port1.connected" not in live.settings and "port2.power" not in live.settings
    assert ("read_port_voltage", 2) not in gateway.calls and ("get_port_connection", 1) not in gateway.calls


@pytest.mark.parametrize(
    ("volts", "power"),
    [
        (0.0, "off"),
        (1.5, "off"),
        (10.5, "12V"),
        (13.5, "12V"),  # the tolerance is inclusive, and 12V is the nearer level tried first
        (13.6, "15V"),
        (16.5, "15V"),
        (6.0, "unknown (6.0 V)"),
        (16.6, "unknown (16.6 V)"),
    ],
)
def test_port_power_is_inferred_from_the_measured_voltage(volts: float, power: str) -> None:
    assert power_from_voltage(volts) == power


@pytest.mark.parametrize(
    ("saver", "setting"),
    [
        ({"value": False, "low": 10, "high": 100}, {"enabled": False}),
        ({"value": True, "low": 20, "high": 80}, {"enabled": True, "low": 20, "high": 80}),
    ],
)
def test_the_battery_saver_reads_as_the_manifest_writes_it(saver: dict, setting: dict) -> None:
    assert read(FakeGateway(battery_saver=saver), "battery_saver").settings == {"battery_saver": setting}


def test_a_model_without_a_battery_saver_reports_none_and_still_reads() -> None:
    live = read(FakeGateway(battery_saver=None), "battery_saver", "cloud_connection")
    assert live.status is GatewayStatus.OK and live.settings == {"cloud_connection": True}


@pytest.mark.parametrize(
    ("raw", "interface"), [("eth0", "ethernet"), ("ppp0", "cellular"), ("wlan0", "wlan0")]
)
def test_the_interface_priority_reads_as_the_manifest_names_it(raw: str, interface: str) -> None:
    assert read(FakeGateway(priority=raw), "interface_priority").settings == {"interface_priority": interface}


def test_gateway_wide_settings_are_read_when_declared() -> None:
    live = read(FakeGateway(cloud=False, app_version="7.18.1"), "cloud_connection", "app_version")
    assert live.settings == {"cloud_connection": False, "app_version": "7.18.1"}
    assert live.ports == frozenset({1, 2, 3}) and live.host == HOST
