"""The shapes of the request bodies the emulator accepts, checked before any rule runs.

A body of the wrong shape (`devices` an object, `props` a list, a NAME that is a number) is the
platform's documented validation answer, 400 `{"errors": [{"message", "path"}]}`, never a crash.
Keys the shapes do not name are allowed: the platform carries props it does not document (a LOCATION's
own too, unless the `rest-location-extra-keys-refused` variant is on: `check_location_keys`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
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


# The keys of a LOCATION the reference shows (`{"type": "Point", "coordinates": [...]}`).
LOCATION_KEYS = frozenset({"type", "coordinates"})


def check_location_keys(integration: dict[str, Any]) -> None:
    """`rest-location-extra-keys-refused`: refuse a LOCATION carrying a key the reference does not show
    (another tool's `crs`), in the words and shape of the validation answer, naming where it is. The
    body has its shape already (`check`): the entries are objects, their props objects or null."""
    for path, entry in _entries(integration, "integration"):
        location = (entry.get("props") or {}).get("LOCATION")
        extra = sorted(set(location) - LOCATION_KEYS) if isinstance(location, dict) else []
        if extra:
            raise SimErrors(400, "Extra inputs are not permitted", f"{path}.props.LOCATION.{extra[0]}")


def _entries(entry: dict[str, Any], path: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """An integration's entries, each with its path: the connection, its devices, their sensors."""
    yield path, entry
    for kind in ("devices", "sensors"):
        for number, child in enumerate(entry.get(kind) or []):
            yield from _entries(child, f"{path}.{kind}[{number}]")


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
