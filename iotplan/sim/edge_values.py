"""What a simulated THREAD is made of, and which values its edge REST API accepts (the reference's).

Where the reference's parts disagree, both forms are accepted: the PUT /configure example sends
`PORT` and `HOST` with `COMM_TYPE` RS232 although the table says they are "only used in USB", sends
`PORT` as a number where the table says string, and `DELIMITERS_HEX` as a list where the table shows
a string.
"""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime, timedelta
from typing import Any

from iotplan.sim.errors import SimError

VOLTAGE_NOISE = 0.3
POWER_VOLTS = {0: 0.0, 1: 12.0, 2: 15.0}
MODES = {"RS232", "RS485", "ANALOG", "USB", "OFF"}
PORT_PROPS: dict[str, set[Any]] = {
    "COMM_TYPE": {"RS232", "RS485", "USB"},
    "BAUD_RATE": {230400, 115200, 57600, 38400, 19200, 9600, 4800, 1200},
    "DATA_BITS": {8, 7, 6, 5},
    "PARITY_BIT": {"NONE", "ODD", "EVEN", "MARK", "SPACE"},
}
DEFAULT_CONFIG = {"COMM_TYPE": "RS232", "BAUD_RATE": 9600, "DATA_BITS": 8, "PARITY_BIT": "NONE"}
STATUSES = ("ok", "unreachable", "asleep")
INTERFACES = {"cellular": "ppp0", "ethernet": "eth0"}
LATEST_APP_VERSION = "7.18.0"  # what `POST /update` without a version installs

Gateway = dict[str, Any]


def bad_request(message: str) -> SimError:
    return SimError(400, "BadRequest", message)


def new_gateway(seed: dict[str, Any], project_id: str) -> Gateway:
    ports = int(seed.get("ports", 3))
    return {
        "serial": str(seed["serial"]).upper(),
        "host": seed["host"],
        "project_id": project_id,
        "model": seed.get("model", "THREAD X3" if seed.get("x3", True) else "THREAD"),
        "x3": bool(seed.get("x3", True)),
        "status": seed.get("status", "ok"),
        "app_version": seed.get("app_version", "7.17.0"),
        "firmware": seed.get("firmware", "4.2.1"),
        "hardware": seed.get("hardware", "rev-C"),
        "ports": {
            str(n): {"config": dict(DEFAULT_CONFIG), "mode": "OFF", "power": 0, "connected": False}
            for n in range(1, ports + 1)
        },
        "battery_saver": {"value": False, "low": 10, "high": 100},
        "cloud_connection": True,
        "interface": "eth0",
        "writes": 0,
    }


def check_port_prop(number: int, key: str, value: Any) -> None:
    if key in PORT_PROPS:
        if _is_bool(value) or value not in PORT_PROPS[key]:
            raise bad_request(f"{key} {value!r} is not one of {sorted(PORT_PROPS[key], key=str)}")
        if key == "COMM_TYPE" and value == "USB" and number != 1:
            raise bad_request("USB is available on port 1 only")
    elif key == "DELIMITERS_HEX":
        delimiters = [value] if isinstance(value, str) else value
        if not isinstance(delimiters, list) or not all(isinstance(v, str) and _is_hex(v) for v in delimiters):
            raise bad_request("DELIMITERS_HEX must be hex such as '0D0A', or a list of them such as ['0D0A']")
    elif key == "PORT":
        if not _tcp_port(value):
            raise bad_request(f"PORT must be a TCP port from 1 to 65535, not {value!r}")
    elif key == "HOST":
        if not _host(value):
            raise bad_request(f"HOST must be an IP address or a host name, not {value!r}")
    else:
        raise bad_request(f"unknown port property {key!r}")


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool)  # True == 1 in Python; never a baud rate or a data bit count


def _is_hex(text: str) -> bool:
    return len(text) % 2 == 0 and len(text) > 0 and all(c in "0123456789abcdefABCDEF" for c in text)


def _tcp_port(value: Any) -> bool:
    number = value if isinstance(value, int) and not _is_bool(value) else None
    if isinstance(value, str) and value.isascii() and value.isdigit():
        number = int(value)
    return number is not None and 1 <= number <= 65535


def _host(value: Any) -> bool:
    if not isinstance(value, str) or not value or len(value) > 253:
        return False
    try:
        ipaddress.ip_address(value)
        return True
    except ValueError:
        return all(part and part.replace("-", "").isalnum() for part in value.split("."))


def whole_number(value: Any, name: str, low: int, high: int) -> int:
    """A number from a JSON body: an integer, or digits in a string (the reference sends both)."""
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    if not isinstance(value, int) or _is_bool(value) or not low <= value <= high:
        raise bad_request(f"{name} must be a whole number from {low} to {high}, not {value!r}")
    return value


def moment(text: Any) -> datetime:
    """An ISO 8601 date and time (`2019-11-19T15:41:30.000Z`); without a zone, UTC."""
    try:
        parsed = datetime.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise bad_request(f"time must be an ISO 8601 date and time, not {text!r}")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def clock(gateway: Gateway) -> str:
    """The THREAD's time: the machine's, moved by what `POST /time` set."""
    return (datetime.now(UTC) + timedelta(seconds=gateway.get("clock_offset", 0))).isoformat(
        timespec="seconds"
    )


# Five reads the reference documents as `{"value": n}`; answered bare unless `edge-value-objects`.
VALUE_OBJECTS = {"chargeInputVoltage", "chargeInputCurrent", "batteryVoltage", "tempRead", "pressRead"}
FACTS = {
    "serialNumber": lambda g: g["serial"],
    "version": lambda g: g["app_version"],
    "firmware": lambda g: g["firmware"],
    "hardware": lambda g: f"{g['model']} {g['hardware']}",
    "time": clock,
    "timeAccurate": lambda g: True,
    "chargeInputVoltage": lambda g: 13.8,
    "chargeInputCurrent": lambda g: 0.4,
    "batteryVoltage": lambda g: 12.6,
    "stateOfCharge": lambda g: 87,
    "tempRead": lambda g: 21.5,
    "pressRead": lambda g: 101.3,
}
