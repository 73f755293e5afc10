"""Read THREAD gateways: identity first, then only the settings the manifest declares.

A gateway that does not answer is unreachable (or asleep); one that answers something its API
does not document (text where a number belongs, other than its digits) is unreadable. Either way
only that gateway waits: nothing is written to it, and the other gateways and the platform go on.

Port power cannot be read back; it is inferred from the port's measured voltage within
POWER_TOLERANCE_VOLTS. 0 V reads as "off", yet proves nothing: some THREADs measure 0 V on a powered
port with nothing drawing on it, so plan/edge.py never takes it for a confirmed "off". The interface
mode cannot be read at all (see plan/edge.py).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from typing import Any, Protocol

from iotplan.clients.values import whole_number
from iotplan.errors import (
    GatewayAnswerError,
    GatewayMismatch,
    GatewayUnavailable,
    PlatformError,
    SerialErred,
    SerialRefused,
)
from iotplan.live.model import GatewayStatus, LiveGateway
from iotplan.wording import clause

POWER_TOLERANCE_VOLTS = 1.5
POWER_LEVELS = (("off", 0.0), ("12V", 12.0), ("15V", 15.0))
INTERFACES = {"eth0": "ethernet", "ppp0": "cellular"}
PORT_PROPS = {  # /configure property → manifest setting
    "COMM_TYPE": "comm_type",
    "BAUD_RATE": "baud_rate",
    "DATA_BITS": "data_bits",
    "PARITY_BIT": "parity",
    "DELIMITERS_HEX": "delimiters",
    "HOST": "usb_host",
    "PORT": "usb_port",
}
# The /configure properties whose value is a whole number: the reference's table types BAUD_RATE and
# DATA_BITS integers, and PORT a string its example sends as a number (1234). A gateway answering one
# as its digits ("38400") holds that number, as the written 38400: read so, its write verifies and the
# next plan finds it in sync. Anything else is left as answered, to show as the change it is.
WHOLE_NUMBER_PROPS = frozenset({"BAUD_RATE", "DATA_BITS", "PORT"})
# A client error answered to GET /api/serialNumber: a box that refuses to say (an authenticating
# proxy's 401) or knows no such resource. Not a THREAD's serial, and not "nothing answers" either.
# A timeout (408) or a rate limit (429) is a busy box, a THREAD as likely as not: not answered yet.
REFUSALS = frozenset(range(400, 500)) - {408, 429}
NOT_A_SERIAL = "{host} answered, but not with a THREAD's serial"
NO_ANSWER = "no THREAD answers at {host}"
ANSWERED_AN_ERROR = "{host} answered with an error, not a serial"
HEX_BYTES = re.compile(r"(?:[0-9A-Fa-f]{2})+")  # a delimiter: `0D0A` is CR LF
ALL_PORTS = (1, 2, 3)
# The edge API numbers a THREAD's ports 1 to 3; the models with fewer have two, so only a port above
# these may be one the model lacks.
PORTS_OF_EVERY_MODEL = frozenset({1, 2})
# The answers that mean a port or a feature is not there: a THREAD refuses the request for it (400,
# as the emulator does) or knows no such resource (404). Anything else, a rate limit's 429 or a
# proxy's 408 above all, says nothing about what the gateway has: it leaves the gateway unread.
ABSENT_STATUSES = frozenset({400, 404})
# How a gateway's refusal says port {n} does not exist (the emulator's: "port 3 does not exist on this
# THREAD"). Only these wordings drop a port: any other refusal leaves the gateway unread.
_PORT = r"port\s*[:#]?\s*{n}\b"
PORT_ABSENT_WORDINGS = (
    rf"\b{_PORT}\s+(?:does\s+not|doesn't)\s+exist",
    rf"\bno\s+(?:such\s+)?{_PORT}",
    rf"\b{_PORT}\s+is\s+not\s+a\s+port\b",
)


class GatewayReader(Protocol):
    async def serial_number(self) -> str: ...
    async def get_port_config(self, port: int) -> dict[str, Any]: ...
    async def read_port_voltage(self, port: int) -> float: ...
    async def get_port_connection(self, port: int) -> bool: ...
    async def get_battery_saver(self) -> dict[str, Any]: ...
    async def get_cloud_connection(self) -> bool: ...
    async def get_interface_priority(self) -> str: ...
    async def version(self) -> str: ...


async def read_gateway(client: GatewayReader, host: str, serial: str, wanted: set[str]) -> LiveGateway:
    """The gateway's state for the settings named in `wanted` (flat names like `port1.power`). One
    left unread, or found another box at its second ask, says whether the serial was confirmed
    before (`confirmed`, and `serial` when unread): the box that answered then was this THREAD
    (apply/edge.py asks it of a read-back after writes)."""
    reported: str | None = None
    try:
        reported = await confirm_identity(client, host, serial)
        configs = await _port_configs(client)
        ports = frozenset(configs)
        settings = await _settings(client, wanted, configs)
        # Asked again once read: a box that took the address meanwhile (a DHCP lease handed on while
        # the gateway restarted) answered some of these reads, which are then not this gateway's.
        await confirm_identity(client, host, serial)
    except GatewayMismatch as error:
        message = f"{clause(str(error))}: nothing was read or written"
        heard = reported is not None  # this THREAD answered the first ask, another box the second
        return LiveGateway(host, GatewayStatus.MISMATCH, message, serial=error.reported, confirmed=heard)
    except SerialRefused as error:  # it answered, so not unreachable; with no serial, no mismatch
        return _unread(host, GatewayStatus.UNREADABLE, str(error), reported)
    except GatewayUnavailable as error:
        return _unread(host, _unavailable(error), str(error), reported)
    except PlatformError as error:  # an error or nonsense from this gateway stops it, not the run
        return _unread(host, GatewayStatus.UNREADABLE, str(error), reported)
    return LiveGateway(
        host, GatewayStatus.OK, serial=reported, settings=settings, ports=ports, confirmed=True
    )


def _unread(host: str, status: GatewayStatus, message: str, reported: str | None) -> LiveGateway:
    """Its message ends the plan's reason, which apply follows with when it was found (`clause`)."""
    return LiveGateway(host, status, clause(message), serial=reported, confirmed=reported is not None)


def _unavailable(error: GatewayUnavailable) -> GatewayStatus:
    if error.asleep:
        return GatewayStatus.ASLEEP
    return GatewayStatus.RATE_LIMITED if error.rate_limited else GatewayStatus.UNREACHABLE


async def confirm_identity(client: GatewayReader, host: str, serial: str) -> str:
    """The serial the box at `host` reports, when it is `serial` (in any case, spaces around it);
    GatewayMismatch otherwise. Every read and every write to a gateway starts here."""
    reported = await reported_serial(client, host)
    if reported.upper() != serial.upper():
        raise GatewayMismatch(host, reported, serial)
    return reported


async def reported_serial(client: GatewayReader, host: str) -> str:
    """The serial the box at `host` reports; anything that cannot say is not (this) THREAD. A box
    that answers with no serial at all (a client error, or nonsense: an HTML page, `null`) is said
    to, never taken for another THREAD nor for one that does not answer."""
    try:
        return (await client.serial_number()).strip()
    except GatewayAnswerError as error:
        raise SerialRefused(f"{NOT_A_SERIAL.format(host=host)}: {error}") from None
    except GatewayUnavailable:
        raise
    except PlatformError as error:
        if _status(error) in REFUSALS:
            raise SerialRefused(f"{NOT_A_SERIAL.format(host=host)}: {error}") from None
        if (_status(error) or 0) >= 500:
            raise SerialErred(f"{ANSWERED_AN_ERROR.format(host=host)}: {error}") from None
        raise GatewayUnavailable(f"{NO_ANSWER.format(host=host)}: {error}") from None


async def _port_configs(client: GatewayReader) -> dict[int, dict[str, Any]]:
    """By number, the /configure settings of the ports the model has, each read once. A port the
    model lacks answers that read with an error. Some answer it with empty settings instead (the
    `missing-port-empty-config` variant), so an empty answer for a port not every model has is
    confirmed by measuring the port (`_port_measures`)."""
    answers = await asyncio.gather(*(_try(client.get_port_config, n) for n in ALL_PORTS))
    found = {n: answer for n, answer in zip(ALL_PORTS, answers, strict=True) if answer is not _MISSING}
    doubtful = [n for n, answer in found.items() if answer == {} and n not in PORTS_OF_EVERY_MODEL]
    measured = await asyncio.gather(*(_port_measures(client, n) for n in doubtful))
    lacking = {n for n, there in zip(doubtful, measured, strict=True) if not there}
    return {n: config for n, config in found.items() if n not in lacking}


async def _port_measures(client: GatewayReader, number: int) -> bool:
    """Whether the port answers its voltage read; False when the gateway refuses it naming the port
    (a 400 or 404 saying `port 3 does not exist`). Any other error says nothing about the port: it
    leaves the gateway unread, and what would be written on that port waits."""
    try:
        await client.read_port_voltage(number)
    except (GatewayUnavailable, GatewayAnswerError):
        raise
    except PlatformError as error:
        if _status(error) in ABSENT_STATUSES and _names_port(error, number):
            return False
        raise
    return True


def _names_port(error: PlatformError, number: int) -> bool:
    """The gateway's own answer (its body, not the request's `?port=3`) says the port does not exist.
    One that only mentions the port ("port 3 is not powered") says nothing of whether it is there."""
    body = getattr(error.response, "text", "")
    return isinstance(body, str) and any(
        re.search(wording.format(n=number), body, re.IGNORECASE) for wording in PORT_ABSENT_WORDINGS
    )


_MISSING = object()


async def _try(read: Callable[..., Any], *args: Any) -> Any:
    try:
        return await read(*args)
    except (GatewayUnavailable, GatewayAnswerError):
        raise
    except PlatformError as error:
        if (_status(error) or 400) not in ABSENT_STATUSES:  # retried already (clients/edge.py)
            raise
        return _MISSING  # the port or the feature is not there


def _status(error: PlatformError) -> int | None:
    return getattr(error.response, "status_code", None)


async def _settings(
    client: GatewayReader, wanted: set[str], configs: dict[int, dict[str, Any]]
) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    for number, config in sorted(configs.items()):
        if any(name.startswith(f"port{number}.") for name in wanted):
            settings.update(await _port(client, number, config, wanted))
    if "battery_saver" in wanted:
        saver = await _try(client.get_battery_saver)
        if saver is not _MISSING:
            settings["battery_saver"] = _battery_saver(saver)
    if "cloud_connection" in wanted:
        settings["cloud_connection"] = await client.get_cloud_connection()
    if "interface_priority" in wanted:
        interface = await client.get_interface_priority()
        settings["interface_priority"] = INTERFACES.get(interface, interface)
    if "app_version" in wanted:
        settings["app_version"] = await client.version()
    return settings


async def _port(
    client: GatewayReader, number: int, config: dict[str, Any], wanted: set[str]
) -> dict[str, Any]:
    prefix = f"port{number}."
    settings = {prefix + name: _as_held(prop, config.get(prop)) for prop, name in PORT_PROPS.items()}
    if prefix + "power" in wanted:
        settings[prefix + "power"] = power_from_voltage(await client.read_port_voltage(number))
    if prefix + "connected" in wanted:
        settings[prefix + "connected"] = await client.get_port_connection(number)
    return settings


def _as_held(prop: str, raw: Any) -> Any:
    """A /configure property as the manifest holds it, where the reference leaves its form open: one
    rule for each such property, anything else left as answered, to show as the change it is."""
    if prop == "DELIMITERS_HEX":
        return _delimiters(raw)
    if prop in WHOLE_NUMBER_PROPS and (number := whole_number(raw)) is not None:
        return number  # its digits ("38400") as the number
    return raw


def _delimiters(raw: Any) -> Any:
    """`DELIMITERS_HEX` as the manifest holds it, a list of upper-case hex strings: the reference's
    table types it a string (`0D0A`), its example body a list (`["0D0A"]`), and hex is hex in any
    case. Anything else is left as answered, to show as the change it is."""
    if isinstance(raw, str) and HEX_BYTES.fullmatch(raw):
        return [raw.upper()]
    if isinstance(raw, list) and all(isinstance(item, str) and HEX_BYTES.fullmatch(item) for item in raw):
        return [item.upper() for item in raw]
    return raw


def power_from_voltage(volts: float) -> str:
    """The power setting a measured port voltage means, or what was measured when it means none."""
    for name, nominal in POWER_LEVELS:
        if abs(volts - nominal) <= POWER_TOLERANCE_VOLTS:
            return name
    return f"unknown ({volts:.1f} V)"


def _battery_saver(raw: dict[str, Any]) -> dict[str, Any]:
    if not raw.get("value"):
        return {"enabled": False}
    return {"enabled": True, "low": raw.get("low"), "high": raw.get("high")}
