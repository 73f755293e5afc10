"""What a manifest may declare about the platform entities under a THREAD gateway: the
gateway's own NAME and LOCATION, the dataloggers on its ports and their sensors.

They are managed through the platform's JSON-RPC API (Bentley's iTwin IoT API reference,
"Working With Entities" and "Creating Entities"), which documents their props and the form of
their ids, chosen by the client on creation:

    node    /fn/{serial}/node
    device  /fn/{node serial}/node/{type segment}/{device serial}/device
    sensor  {device id}/{sensor key}/sensor

The type segment is the type lower-cased with everything but letters and digits dropped: the
reference's one device printed with both its type and its id is `DGSI_M_LOGGER` at
`.../dgsimlogger/032432/device`, and `DEMO` at `.../demo/...`. A manifest may give an `id`
outright where a platform names its entities otherwise.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, Field

from iotplan.manifest.strict import Strict
from iotplan.manifest.text import Ref, segment_holds_no_bare_token

# Under a THREAD node, the key of its gateway's settings (`{node}/edge/port1.power`, plan/edge.py):
# no logger may have it, or a sensor's address and a setting's would be one.
GATEWAY_SETTINGS_KEY = "edge"
THREAD_PORTS = range(1, 4)  # the edge API's ports; a model with fewer is found at plan time
ENTITY_TYPE = re.compile(r"[A-Z][A-Z0-9_]{0,63}")
SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,62}")
# ASCII digits only: Python's `\d` takes any script's (full-width `２０２６`), which the platform and
# `datetime` do not read. The ranges let an editor (the JSON Schema) refuse month 13 as validate does;
# what they cannot say (30 February) `datetime` does.
ISO_DATE = (
    r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
    r"(\.[0-9]{1,6})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"
)
# Fields that belong to one side only: named in checks when a manifest puts them on the other.
DEVICE_FIELDS = ("type", "port", "mode", "zero_date", "sampling_rate_max", "id", "serial")
SENSOR_FIELDS = ("type", "mux_index", "zero_date", "id")
INTEGRATE_DEVICE_FIELDS = ("template", "ref_id", "protect", "notes")
INTEGRATE_SENSOR_FIELDS = ("template", "ref_id", "protect", "notes", "metrics")

ISO_DATE_PATTERN = re.compile(ISO_DATE)


def _entity_type(value: str) -> str:
    if not ENTITY_TYPE.fullmatch(value):
        raise ValueError(
            f"{value!r} is not an entity type: the platform's types are upper case, digits and '_', "
            "e.g. DGSI_M_LOGGER"
        )
    return value


def _iso_date(value: str) -> str:
    """Also one `datetime` reads: the plan compares a live date by the instant it names
    (plan/thread.py), so one it cannot read would be planned again on every run."""
    if not ISO_DATE_PATTERN.fullmatch(value) or instant(value) is None:
        raise ValueError(
            f"{value!r} is not an ISO 8601 date and time with its zone in ASCII digits, one that exists "
            "(month 1..12, hour 0..23), e.g. '2026-03-01T00:00:00Z'"
        )
    return value


def instant(value: str) -> datetime | None:
    """An ISO 8601 date and time, `Z` read as UTC; None when it is not one."""
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def same_zero_date(held: Any, declared: Any) -> bool:
    """Whether a ZERO_DATE `declared` (None: not declared) leaves the one an entity holds as it is:
    undeclared, the same text, or the same instant in another form (`.000Z`, as a plan compares them)."""
    if declared is None or declared == held:
        return True
    if not isinstance(held, str) or not isinstance(declared, str):
        return False
    now = instant(held)
    return now is not None and now == instant(declared)


def _serial(value: str) -> str:
    if not SEGMENT.fullmatch(value):
        raise ValueError(
            f"{value!r} is not a usable serial: 1 to 63 letters, digits, '.', '_' or '-' "
            "(it is a segment of the id)"
        )
    return segment_holds_no_bare_token(
        value, "write the serial the logger's id holds, `/fn/.../{serial}/device`"
    )


EntityType = Annotated[
    str,
    AfterValidator(_entity_type),
    Field(
        description="The entity type, e.g. DGSI_M_LOGGER or TILT_BIAXIAL_DGSI (THREAD nodes only).",
        json_schema_extra={"pattern": f"^{ENTITY_TYPE.pattern}$"},
    ),
]
IsoDate = Annotated[
    str,
    AfterValidator(_iso_date),
    Field(
        description="An ISO 8601 date and time with its zone, quoted: '2026-03-01T00:00:00Z'.",
        json_schema_extra={"pattern": ISO_DATE},
    ),
]
Serial = Annotated[
    str,
    AfterValidator(_serial),
    Field(
        description="The logger's serial, the id's {serial} segment (default: the key). THREAD nodes only.",
        json_schema_extra={"pattern": f"^{SEGMENT.pattern}$"},
    ),
]


class ThreadDeviceFields(Strict):
    """A datalogger on a THREAD port (documented device props)."""

    type: EntityType | None = None
    port: int | None = Field(
        None,
        ge=1,
        le=3,
        description="EXTERNAL_PORT: the THREAD port it hangs on, 1 to 3 (THREAD nodes only).",
    )
    mode: Ref | None = Field(None, description="MODE, e.g. IPI_BIAXIAL (THREAD nodes only).")
    zero_date: IsoDate | None = Field(None, description="ZERO_DATE (THREAD nodes only).")
    sampling_rate_max: float | None = Field(
        None,
        gt=0,
        allow_inf_nan=False,
        description="SAMPLING_RATE_MAX in readings a second (THREAD nodes only).",
    )
    id: Ref | None = Field(
        None, description="The device id, when not the one iotplan derives (THREAD nodes only)."
    )
    serial: Serial | None = None


class ThreadSensorFields(Strict):
    """A sensor on a THREAD datalogger (documented sensor props)."""

    type: EntityType | None = None
    mux_index: int | None = Field(
        None, ge=0, le=65535, description="MUX_INDEX: its channel on the logger (THREAD nodes only)."
    )
    zero_date: IsoDate | None = Field(None, description="ZERO_DATE (THREAD nodes only).")
    id: Ref | None = Field(
        None, description="The sensor id, when not the one iotplan derives (THREAD nodes only)."
    )


def type_segment(entity_type: str) -> str:
    """`DGSI_M_LOGGER` → `dgsimlogger`: the rule of the module docstring."""
    return "".join(character for character in entity_type.lower() if character.isalnum())


def device_id(node_id: str, entity_type: str, serial: str) -> str:
    return f"{node_id.removesuffix('/node')}/node/{type_segment(entity_type)}/{serial}/device"


def sensor_id(device: str, key: str) -> str:
    return f"{device}/{key}/sensor"


def thread_serial(node_id: str) -> str:
    """`/fn/4A1B2C/node` → `4A1B2C`: a THREAD's connection id carries its serial."""
    return node_id.split("/")[2]
