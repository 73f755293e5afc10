"""compare's fast path: an entity whose props hold what writing its fields sets is in sync without
its live fields being read (plan/props.py `written_as_declared`). It must never call in sync what
reading them would not, nor build its change otherwise than the slow path."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import iotplan.plan.compare
from iotplan.live import LiveEntity, Observations
from iotplan.live.model import Props
from iotplan.plan.compare import compare
from iotplan.plan.desired import DesiredEntity
from iotplan.plan.model import Action, Cause, Change, Kind
from iotplan.plan.props import MANAGED_FIELDS, live_fields, platform_props, written_as_declared

TEXTS = ["Dam A", "", "1", "https://u:pw@h.example/x", "https://h.example/?api_key=k", "a=b", "(sensitive)"]
METRIC_LISTS = [
    [{"custom_metric": "pore_pressure", "unit": "Pa"}],
    [{"metric": "T", "unit": "C"}, {"metric": "H"}],
    [{"custom_metric": "https://u:pw@h.example"}],
    [{"metric": "T", "unit": 1}],
    [],
    [{}],
    ["T"],
]
MAPS = [None, {}, {"0": "T"}, {"0": "pore_pressure"}, {"0": "Pa"}, {"0": "C"}, {"1": "H"}, {"a": "T"}, ["T"]]
LOCATIONS = [
    None,
    {"lat": 1.0, "lon": 2.0, "elevation": None},
    {"type": "Point", "coordinates": [2, 1, None]},
    {"type": "Point", "coordinates": [None, None, None]},
]
VALUES = st.one_of(st.sampled_from(TEXTS), st.integers(-1, 2), st.none(), st.booleans())


def _fields(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    """Declared fields of `kind`, and now and then one of None or another kind's."""
    value = {
        "metrics": st.sampled_from(METRIC_LISTS),
        "location": st.sampled_from(LOCATIONS[1:2]),
        "auth_token": st.sampled_from(["${env:T}", "(sensitive)"]),
    }
    names = [*MANAGED_FIELDS[kind], "url", "metrics"]
    return st.dictionaries(st.sampled_from(names), st.none(), max_size=5).flatmap(
        lambda chosen: st.fixed_dictionaries(
            {name: st.one_of(value.get(name, VALUES), st.none()) for name in chosen}
        )
    )


def _props() -> st.SearchStrategy[dict[str, Any]]:
    text = st.one_of(st.sampled_from(TEXTS), st.integers(-1, 2), st.none(), st.booleans())
    keys = ["NAME", "NOTES", "EXTERNAL_ID", "URL", "AUTH_TOKEN", "EXTERNAL_PORT", "MODE", "MUX_INDEX"]
    maps = ["KNOWN_METRICS", "UNKNOWN_METRICS", "KNOWN_UNITS", "UNKNOWN_UNITS"]
    return st.fixed_dictionaries(
        {},
        optional={
            **{key: text for key in keys},
            **{key: st.sampled_from(MAPS) for key in maps},
            "LOCATION": st.sampled_from(LOCATIONS),
        },
    )


def _as_read(props: dict[str, Any]) -> Props:
    return Props({key: at for at, key in enumerate(props)}, tuple(props.values()))


def _written_then_edited(fields: dict[str, Any], edits: dict[str, Any]) -> dict[str, Any]:
    """The props writing `fields` sets (the same for every kind), then some changed as another tool
    might. Nothing is swallowed: `_fields` draws only values a write takes (a location in the
    manifest's form), so an error is the write's, and props left unwritten would never take the fast
    path the property asks about."""
    clean = {name: value for name, value in fields.items() if value is not None}
    written = platform_props(clean, lambda reference: "tok", clear_metrics=False)
    return {**written, **edits}


@settings(max_examples=600, deadline=None)
@given(st.data())
def test_props_written_as_declared_read_as_declared(data: st.DataObject) -> None:
    kind = data.draw(st.sampled_from(sorted(MANAGED_FIELDS)))
    fields, props = data.draw(_fields(kind)), data.draw(_props())
    if data.draw(st.booleans()):
        props = _written_then_edited(fields, dict(list(props.items())[: data.draw(st.integers(0, 2))]))
    for each in (props, _as_read(props)):
        if written_as_declared(kind, fields, each):
            assert live_fields(kind, each) == fields


@pytest.mark.parametrize(
    ("kind", "fields", "props"),
    [
        (
            "sensor",
            {"name": "s", "metrics": METRIC_LISTS[0]},
            {"NAME": "s", **{"UNKNOWN_METRICS": {"0": "pore_pressure"}, "KNOWN_UNITS": {"0": "Pa"}}},
        ),
        (
            "sensor",
            {"name": "s", "metrics": METRIC_LISTS[1]},
            {"NAME": "s", "KNOWN_METRICS": {"0": "T", "1": "H"}, "KNOWN_UNITS": {"0": "C"}},
        ),
        ("device", {"name": "L"}, {"NAME": "L", "SIZE": 3, "SERIAL_NO": "x"}),
        (
            "node",
            {"name": "C", "external_id": "x", "notes": "n"},
            {"NAME": "C", "EXTERNAL_ID": "x", "NOTES": "n"},
        ),
        (
            "thread-device",
            {"name": "L", "port": 2, "mode": "m"},
            {"NAME": "L", "EXTERNAL_PORT": 2, "MODE": "m"},
        ),
    ],
)
def test_the_common_in_sync_entities_take_the_fast_path(kind: str, fields: dict, props: dict) -> None:
    """What a fleet holds: the fast path is taken, so the property above is asked of it."""
    assert written_as_declared(kind, fields, props) and written_as_declared(kind, fields, _as_read(props))
    assert live_fields(kind, props) == fields


@pytest.mark.parametrize(
    ("kind", "fields", "props"),
    [
        ("sensor", {"name": "s"}, {"NAME": "s", "NOTES": ""}),  # an empty text is a field read
        (
            "sensor",
            {"name": "s", "metrics": METRIC_LISTS[0]},
            {
                "NAME": "s",
                "UNKNOWN_METRICS": {"0": "pore_pressure"},
                "KNOWN_UNITS": {"0": "Pa"},
                "KNOWN_METRICS": {},
            },
        ),
        ("node", {"name": "https://u:pw@h.example"}, {"NAME": "https://u:pw@h.example"}),  # read masked
        ("node", {"name": "C", "auth_token": "${env:T}"}, {"NAME": "C", "AUTH_TOKEN": "t"}),
        ("node", {"name": "C", "location": LOCATIONS[1]}, {"NAME": "C", "LOCATION": LOCATIONS[2]}),
        ("node", {"name": None}, {}),
        ("device", {"name": "L", "url": "u"}, {"NAME": "L", "URL": "u"}),  # no device's field
    ],
)
def test_what_the_fast_path_cannot_tell_is_left_to_the_fields_read(
    kind: str, fields: dict, props: dict
) -> None:
    assert not written_as_declared(kind, fields, props)


def _desired(kind: Kind, fields: dict[str, Any], **details: Any) -> DesiredEntity:
    keys = ("dam-a", "logger-1", "pz-1")[: {Kind.NODE: 1, Kind.DEVICE: 2, Kind.SENSOR: 3}[kind]]
    ref_id = details.pop("ref_id", "site:" + "/".join(keys))
    return DesiredEntity.of(kind, keys, ref_id, "p1", fields, **details)


CASES = [
    (
        Kind.SENSOR,
        {"name": "s", "metrics": METRIC_LISTS[0]},
        {"NAME": "s", "UNKNOWN_METRICS": {"0": "pore_pressure"}, "KNOWN_UNITS": {"0": "Pa"}},
    ),
    (Kind.SENSOR, {"name": "s"}, {"NAME": "s", "OBSERVATION_COUNT": 0, "LAST_OBSERVATION": "2024"}),
    (Kind.SENSOR, {"name": "s"}, {"NAME": "t"}),
    (Kind.DEVICE, {"name": "L"}, {"NAME": "L", "INTEGRATION_ID": "T1"}),
    (Kind.DEVICE, {"name": "L"}, {"NAME": "L", "INTEGRATION_ID": "T2"}),
    (Kind.NODE, {"name": "C"}, {"NAME": "C", "EXTERNAL_ID": "x"}),
    (Kind.NODE, {"name": "C", "location": LOCATIONS[1]}, {"NAME": "C", "LOCATION": LOCATIONS[2]}),
]


@pytest.mark.parametrize(("kind", "fields", "props"), CASES)
@pytest.mark.parametrize("ref_id", ["site:dam-a/logger-1/pz-1", "other:x"])
@pytest.mark.parametrize("held", [Observations(7), Observations(0, True)])
def test_the_fast_path_builds_the_change_the_slow_path_does(
    monkeypatch: pytest.MonkeyPatch, kind: Kind, fields: dict, props: dict, ref_id: str, held: Observations
) -> None:
    entity = _desired(kind, fields, template="T1" if kind is Kind.DEVICE else None)
    live = LiveEntity("/api/A1B2C3/x", _as_read({**props, "SERIAL_NO": ref_id}))
    fast = compare(entity, live, lambda: held, lambda reference: None)
    monkeypatch.setattr(iotplan.plan.compare, "written_as_declared", lambda *_: False)
    assert compare(entity, live, lambda: held, lambda reference: None) == fast


@pytest.mark.parametrize("kind", [Kind.SENSOR, Kind.DEVICE])
def test_an_in_sync_change_is_built_with_each_field_in_its_place(kind: Kind) -> None:
    """`_in_sync` builds its change by position: each value lands in the field it names."""
    entity = _desired(kind, {"name": "s"}, template="T")
    live = LiveEntity("/api/A1B2C3/x", {"NAME": "s", "SERIAL_NO": "site:x"})
    sensor = kind is Kind.SENSOR
    assert iotplan.plan.compare._in_sync(entity, live, "site:x", lambda: Observations(7, True)) == Change(
        address=entity.address,
        kind=kind,
        action=Action.NOOP,
        project_id="p1",
        connection="dam-a",
        reason="in sync",
        cause=Cause.IN_SYNC,
        ref_id=entity.ref_id,
        live_id="/api/A1B2C3/x",
        live_ref_id="site:x",
        template="T",
        before=entity.fields,
        after=entity.fields,
        observations=7 if sensor else 0,
        observations_unknown=sensor,
        counted=sensor,
    )


@settings(max_examples=200, deadline=None)
@given(
    _props(), st.lists(st.sampled_from(["NAME", "NOTES", "SIZE", "KNOWN_UNITS", "X"]), min_size=0, max_size=4)
)
def test_values_of_are_the_values_got_one_by_one(props: dict[str, Any], keys: list[str]) -> None:
    read = _as_read(props)
    assert read.values_of(tuple(keys)) == tuple(read.get(key) for key in keys)


def test_the_property_sees_the_fast_path_taken() -> None:
    """Props written from declared fields are told in sync: the property above is not vacuous."""
    fields = {"name": "s", "notes": "n", "metrics": METRIC_LISTS[1]}
    assert written_as_declared("sensor", fields, _written_then_edited(fields, {}))
