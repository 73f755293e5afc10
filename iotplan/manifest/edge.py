"""THREAD gateway settings as a manifest declares them (`edge:` on a thread node).

Values and ranges are those the edge REST API documents (the iTwin IoT API reference); the port a model
lacks is only known from the gateway itself, so that check happens at plan time.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, ValidationInfo, field_validator, model_validator

from iotplan.manifest.gateway_host import checked_host
from iotplan.manifest.strict import Strict
from iotplan.manifest.text import Ref

BAUD_RATES = (230400, 115200, 57600, 38400, 19200, 9600, 4800, 1200)
PARITY_LETTERS = {"N": "NONE", "O": "ODD", "E": "EVEN", "M": "MARK", "S": "SPACE"}
_SERIAL_FRAME = r" +([5-8])([NOEMS])1"  # after the baud rate: data bits, parity, one stop bit
SERIAL_SHORTHAND = re.compile(r"([0-9]+)" + _SERIAL_FRAME)
HEX_DELIMITER = re.compile(r"([0-9A-Fa-f]{2})+")
# The update call's version (the reference: POST /api/update?version=7.18.0).
APP_VERSION = re.compile(r"[0-9]{1,9}\.[0-9]{1,9}\.[0-9]{1,9}")
# The port properties the gateway can remove (DELETE /configure): `null` asks for that. Any other
# setting always has a value, so a `null` there would be ignored; it is refused instead.
ABSENT_ALLOWED = ("comm_type", "delimiters", "usb_host", "usb_port")


def _app_version(value: str) -> str:
    """Checked here, not first by the gateway: a plan that passed review would fail only at apply."""
    if not APP_VERSION.fullmatch(value):
        raise ValueError(f"{value!r} is not a version: write MAJOR.MINOR.PATCH, e.g. '7.18.0'")
    return value


AppVersion = Annotated[
    Ref,
    AfterValidator(_app_version),
    Field(
        description="Apply asks the gateway to update to this version: MAJOR.MINOR.PATCH, e.g. 7.18.0.",
        json_schema_extra={"pattern": f"^{APP_VERSION.pattern}$"},
    ),
]


def _not_removable(value: object) -> object:
    if value is None:
        raise ValueError(
            "null cannot remove this setting: the gateway always has one; give a value, or leave the "
            f"line out to leave it alone (null removes {', '.join(ABSENT_ALLOWED)} only)"
        )
    return value


# YAML 1.1 reads an unquoted off (any case), no or false as false: the setting then meant "off",
# spelled as each setting spells it. Hinted as a key read as a boolean is (yaml_walk.py).
OFF_SPELLINGS = {"power": "off", "mode": "OFF"}


def _off_read_as_boolean(value: object, info: ValidationInfo) -> object:
    if value is False:
        field = str(info.field_name)
        raise ValueError(
            f"an unquoted off, no or false is read as a boolean: quote it if text: {field}: "
            f"'{OFF_SPELLINGS[field]}'"
        )
    return value


def _delimiter(value: str) -> str:
    if not HEX_DELIMITER.fullmatch(value):
        raise ValueError(f"delimiter {value!r} must be hex bytes, e.g. '0D0A' for CR LF")
    return value.upper()


# The Port validators' rules repeated in the schema, so an editor marks what they refuse; the
# validators still give the messages. A shorthand's baud rate is read by int(): 09600 is 9600.
SerialShorthand = Annotated[
    str, Field(json_schema_extra={"pattern": f"^0*({'|'.join(map(str, BAUD_RATES))}){_SERIAL_FRAME}$"})
]
BaudRate = Annotated[int, Field(json_schema_extra={"enum": list(BAUD_RATES)})]
HexDelimiter = Annotated[
    str, AfterValidator(_delimiter), Field(json_schema_extra={"pattern": f"^{HEX_DELIMITER.pattern}$"})
]


class Port(Strict):
    """One device port: its interface, power, and serial settings."""

    mode: Literal["RS232", "RS485", "ANALOG", "USB", "OFF"] | None = Field(
        None, description="Interface mode (deviceRsSel); USB on port 1 only. Cannot be read back."
    )
    power: Literal["off", "12V", "15V"] | None = Field(
        None, description="Port supply voltage; quote 'off' (YAML reads a bare off as false)."
    )
    connected: bool | None = Field(None, description="Port connection enabled.")
    serial: SerialShorthand | None = Field(
        None, description="Shorthand for baud rate, data bits and parity: '9600 8N1'."
    )
    comm_type: Literal["RS232", "RS485", "USB"] | None = None
    baud_rate: BaudRate | None = Field(None, description=f"One of {', '.join(map(str, BAUD_RATES))}.")
    data_bits: Literal[8, 7, 6, 5] | None = None
    parity: Literal["NONE", "ODD", "EVEN", "MARK", "SPACE"] | None = None
    delimiters: list[HexDelimiter] | None = Field(
        None, description="Hex byte strings ending a message, e.g. ['0D0A']."
    )
    usb_host: Ref | None = Field(None, description="HOST for a USB/RNDIS device.")
    usb_port: int | None = Field(None, ge=1, le=65535, description="PORT for a USB/RNDIS device.")

    _always_set = field_validator("mode", "power", "connected", "serial", "baud_rate", "data_bits", "parity")(
        _not_removable
    )
    _off_quoted = field_validator("mode", "power", mode="before")(_off_read_as_boolean)

    # Each check below is on one field, not on the port as a whole: pydantic runs a port-wide check
    # only when every field is valid, so its problem would be told one `validate` run later.
    @field_validator("serial")
    @classmethod
    def _serial_shorthand(cls, text: str) -> str:
        match = SERIAL_SHORTHAND.fullmatch(text)
        if not match or int(match.group(1)) not in BAUD_RATES:
            raise ValueError(
                f"{text!r} must read like '9600 8N1': a baud rate, data bits 5-8, parity N/O/E/M/S, "
                "1 stop bit"
            )
        return text

    @field_validator("baud_rate")
    @classmethod
    def _known_baud_rate(cls, rate: int) -> int:
        if rate not in BAUD_RATES:
            raise ValueError(f"{rate} is not one of {', '.join(map(str, BAUD_RATES))}")
        return rate

    @field_validator("baud_rate", "data_bits", "parity")
    @classmethod
    def _not_with_shorthand(cls, value: object, info: ValidationInfo) -> object:
        if info.data.get("serial") is not None:  # `serial` is declared first: validated by now
            raise ValueError("give either 'serial' or baud_rate/data_bits/parity, not both")
        return value

    @field_validator("usb_host", "usb_port")
    @classmethod
    def _usb_only(cls, value: object, info: ValidationInfo) -> object:
        if value is not None and info.data.get("comm_type") not in (None, "USB"):
            raise ValueError("usb_host and usb_port apply to comm_type USB only")
        return value

    def serial_settings(self) -> dict[str, object]:
        """baud_rate, data_bits and parity, from the shorthand when it was used."""
        if self.serial is None:
            written = {"baud_rate": self.baud_rate, "data_bits": self.data_bits, "parity": self.parity}
            return {key: value for key, value in written.items() if value is not None}
        match = SERIAL_SHORTHAND.fullmatch(self.serial)
        assert match is not None  # checked by the validator
        return {
            "baud_rate": int(match.group(1)),
            "data_bits": int(match.group(2)),
            "parity": PARITY_LETTERS[match.group(3)],
        }


def _not_usb(value: object) -> object:
    if value == "USB":
        raise ValueError("USB is available on port 1 only: declare the USB device under port1")
    return value


class SidePort(Port):
    """Port 2 or 3: as port 1, without USB (USB is on port 1 only)."""

    # Refused at the port's own `mode` or `comm_type`, with the port's other problems (a check of
    # the whole gateway runs only once every port is valid), and before the type, so with its reason.

    mode: Literal["RS232", "RS485", "ANALOG", "OFF"] | None = Field(
        None, description="Interface mode (deviceRsSel); USB is on port 1 only. Cannot be read back."
    )
    comm_type: Literal["RS232", "RS485"] | None = None

    _no_usb = field_validator("mode", "comm_type", mode="before")(_not_usb)


class BatterySaver(Strict):
    enabled: bool
    low: int | None = Field(
        None, ge=0, le=40, description="Percent charge to enter saving, 0 to 40; with enabled: true only."
    )
    high: int | None = Field(
        None, ge=60, le=100, description="Percent charge to leave saving, 60 to 100; with enabled: true only."
    )

    @model_validator(mode="after")
    def _both_or_neither(self) -> BatterySaver:
        if (self.low is None) != (self.high is None):
            raise ValueError("give both 'low' and 'high', or neither (the gateway then uses 10 and 100)")
        return self

    @model_validator(mode="after")
    def _thresholds_only_when_enabled(self) -> BatterySaver:
        if not self.enabled and self.low is not None:
            # The edge API documents thresholds for turning the saver on; what a THREAD keeps of them
            # while it is off, it does not. Turned off, the saver is written `{"value": false}` alone.
            raise ValueError(
                "'low' and 'high' are not written while 'enabled' is false, so nothing keeps them for later: "
                "delete them, or set enabled: true"
            )
        return self


class Edge(Strict):
    """How iotplan reaches a THREAD gateway's local REST API, and the settings it keeps there."""

    host: Annotated[str, AfterValidator(checked_host)] = Field(
        description="Host name or IP, optional scheme and port, e.g. 192.0.2.10 or http://thread-1:80"
    )
    port1: Port | None = None
    port2: SidePort | None = None
    port3: SidePort | None = None
    battery_saver: BatterySaver | None = Field(None, description="X3 THREADs only.")
    cloud_connection: bool | None = Field(None, description="false can cut the gateway off: needs a flag.")
    interface_priority: Literal["cellular", "ethernet"] | None = Field(
        None, description="Preferred network interface; can cut the gateway off: needs a flag."
    )
    app_version: AppVersion | None = None

    _always_set = field_validator("battery_saver", "cloud_connection", "interface_priority", "app_version")(
        _not_removable
    )

    def ports(self) -> dict[int, Port]:
        declared = {1: self.port1, 2: self.port2, 3: self.port3}
        return {number: port for number, port in declared.items() if port is not None}
