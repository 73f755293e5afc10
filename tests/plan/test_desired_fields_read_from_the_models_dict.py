"""A declared entity's fields are read from its model's `__dict__` (plan/props.py `_fields_of`), a
fast path: they must be what a getattr of each field, None when it has none, gives."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from iotplan.manifest import Location, Metric, Node, Sensor
from iotplan.manifest.models import Device
from iotplan.plan.props import _DUMPED, MANAGED_FIELDS, desired_fields, desired_fields_reader


def read_by_getattr(kind: str, entity: Any) -> dict[str, Any]:
    """The fields as a getattr of each reads them: the slow path the fast one stands for."""
    fields = {}
    for name in MANAGED_FIELDS[kind]:
        value = getattr(entity, name, None)
        if value is not None:
            dumped = _DUMPED.get(name)
            fields[name] = value if dumped is None else dumped(value)
    return fields


class WithAClassDefault(SimpleNamespace):
    """An entity whose `notes` is its class's, in no instance's `__dict__`."""

    notes = "from the class"


def entities() -> list[Any]:
    metric = Metric(custom_metric="tilt", unit="deg")
    here = Location(lat=51.5, lon=-0.1, elevation=12.0)
    return [
        Sensor(key="s"),
        Sensor(key="s", name="S", notes="n", location=here, metrics=[metric]),
        Sensor(key="s", name="S", mux_index=3, zero_date="2024-01-02T00:00:00Z"),
        Device(key="d", name="D", location=here, port=2, mode="IPI_BIAXIAL", sampling_rate_max=5.0),
        Device(key="d", sensors=[Sensor(key="s")]),
        Node(key="n", name="N", external_id="e", url="https://example.test/x"),
        Node(key="t", kind="thread", id="/fn/ABCDEF/node", name="T", location=here),
        SimpleNamespace(name="plain", location=here),  # not a model at all
        WithAClassDefault(name="w"),
    ]


def test_every_kinds_fields_are_what_a_getattr_of_each_reads_of_any_entity() -> None:
    """Each kind read of each entity: models lacking some of a kind's fields (a sensor read as a
    connection has no `url`; a device as a THREAD sensor no `mux_index`) read them as unset, and a
    field a class holds, not the instance's `__dict__`, is still read."""
    for kind in MANAGED_FIELDS:
        read = desired_fields_reader(kind)
        for entity in entities():
            expected = read_by_getattr(kind, entity)
            assert read(entity) == expected, (kind, entity)
            assert desired_fields(kind, entity) == expected, (kind, entity)


def test_a_field_only_a_class_holds_is_read() -> None:
    assert desired_fields("sensor", WithAClassDefault(name="w")) == {"name": "w", "notes": "from the class"}
