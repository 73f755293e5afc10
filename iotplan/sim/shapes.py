"""The shapes of the request bodies the emulator accepts, checked before any rule runs.

A body of the wrong shape (`devices` an object, `props` a list, a NAME that is a number) is the
platform's documented validation answer, 400 `{"errors": [{"message", "path"}]}`, never a crash.
Keys the shapes do not name are allowed: the platform carries props it does not document.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from iotplan.sim.errors import SimError, SimErrors

Text = Annotated[str, Field(max_length=10_000)]
Coordinate = float | None


class _Shape(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)


class Location(_Shape):
    type: Literal["Point"] = "Point"
    coordinates: Annotated[list[Coordinate], Field(min_length=2, max_length=3)]


class Props(_Shape):
    """The props whose type the reference shows; null clears one on update (A2)."""

    NAME: Text | None = None
    NOTES: Text | None = None
    SERIAL_NO: Text | None = None
    INTEGRATION_ID: Text | None = None
    EXTERNAL_ID: Text | None = None
    URL: Text | None = None
    AUTH_TOKEN: Text | None = None
    LOCATION: Location | None = None
    UNKNOWN_METRICS: dict[str, Text] | None = None
    UNKNOWN_UNITS: dict[str, Text] | None = None
    KNOWN_METRICS: dict[str, Text] | None = None
    KNOWN_UNITS: dict[str, Text] | None = None


class Entry(_Shape):
    changeState: Text | None = None
    refId: Text | None = None
    props: Props | None = None


class Device(Entry):
    sensors: list[Entry] | None = None


class Integration(Entry):
    nodeId: Text | None = None
    devices: list[Device] | None = None


class IntegrateRequest(_Shape):
    integration: Integration


class MetricsRequest(_Shape):
    ids: list[Text] = []


class Observation(_Shape):
    sensorId: Text
    timestamp: Text | None = None
    values: dict[str, Any] | None = None


class UploadRequest(_Shape):
    observations: list[Observation] = []


def check(shape: type[BaseModel], body: Any) -> None:
    """Refuse a body that does not have the shape, naming where it differs."""
    try:
        shape.model_validate(body)
    except ValidationError as error:
        raise invalid(error) from None


def invalid(error: ValidationError, status: int = 400) -> SimError:
    path, message = first_problem(error)
    return SimErrors(status, message, path or "body")


def first_problem(error: ValidationError) -> tuple[str, str]:
    """Where the first problem is (`integration.devices[0].props`), and what it is."""
    first = error.errors()[0]
    path = ""
    for part in first["loc"]:
        path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else str(part)
    message = re.sub(r" or instance of \w+", "", first["msg"])  # pydantic's words, not the API's
    return path, message.removeprefix("Value error, ")
