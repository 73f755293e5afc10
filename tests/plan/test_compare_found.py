"""The differ's `compare` of a declared device or sensor found live (plan/compare.py `compare_found`):
its props read in one step tell most in sync without `compare`'s calls, and where they show its
fields written otherwise, those are compared without `compare`'s reading them again. Whatever the
route, the change must be the one `compare` makes; the routes are pinned here too, so that the
shortcuts cannot silently stop being taken nor be taken where they do not hold."""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import iotplan.plan.compare
from iotplan.live import LiveConnection, LiveEntity
from iotplan.live.model import Props
from iotplan.plan.compare import compare, compare_found
from iotplan.plan.desired import DesiredEntity
from iotplan.plan.model import Action, Cause, Change, Kind
from iotplan.plan.props import written_as_declared

METRICS = [{"custom_metric": "pore_pressure", "unit": "Pa"}]
WRITTEN = {"NAME": "s", "UNKNOWN_METRICS": {"0": "pore_pressure"}, "KNOWN_UNITS": {"0": "Pa"}}
REF_ID = "site:dam-a/logger-1/pz-1"
KEYS = {Kind.NODE: ("dam-a",), Kind.DEVICE: ("dam-a", "logger-1"), Kind.SENSOR: ("dam-a", "logger-1", "pz-1")}

# (what it shows, kind, declared fields, live props besides SERIAL_NO, declared details, its route):
# "in sync" told from the one read, "compared" field by field without `compare`, or "by compare".
CASES: list[tuple[str, Kind, dict[str, Any], dict[str, Any], dict[str, Any], str]] = [
    ("in sync", Kind.SENSOR, {"name": "s", "metrics": METRICS}, WRITTEN, {}, "in sync"),
    (
        "counted",
        Kind.SENSOR,
        {"name": "s", "metrics": METRICS},
        {**WRITTEN, "OBSERVATION_COUNT": 7},
        {},
        "in sync",
    ),
    (
        "a count 0 beside a last observation: unknown",
        Kind.SENSOR,
        {"name": "s", "metrics": METRICS},
        {**WRITTEN, "OBSERVATION_COUNT": 0, "LAST_OBSERVATION": "2024-01-01"},
        {},
        "in sync",
    ),
    (
        "a unit differing",
        Kind.SENSOR,
        {"name": "s", "metrics": METRICS},
        {**WRITTEN, "KNOWN_UNITS": {"0": "kPa"}},
        {},
        "compared",
    ),
    (
        "a metric missing",
        Kind.SENSOR,
        {"name": "s", "metrics": METRICS},
        {key: value for key, value in WRITTEN.items() if key != "UNKNOWN_METRICS"},
        {},
        "compared",
    ),
    (
        "a metric more, live",
        Kind.SENSOR,
        {"name": "s", "metrics": METRICS},
        {**WRITTEN, "KNOWN_METRICS": {"1": "T"}},
        {},
        "compared",
    ),
    (
        "a live extra field",
        Kind.SENSOR,
        {"name": "s", "metrics": METRICS},
        {**WRITTEN, "NOTES": "n"},
        {},
        "compared",
    ),
    (
        "a live empty text",
        Kind.SENSOR,
        {"name": "s", "metrics": METRICS},
        {**WRITTEN, "NOTES": ""},
        {},
        "compared",
    ),
    ("a name differing", Kind.SENSOR, {"name": "t", "metrics": METRICS}, WRITTEN, {}, "compared"),
    (
        "a live prop no field reads",
        Kind.SENSOR,
        {"name": "s", "metrics": METRICS},
        {**WRITTEN, "SIZE": 3},
        {},
        "in sync",
    ),
    (
        "a refId differing in case",
        Kind.SENSOR,
        {"name": "s", "metrics": METRICS},
        WRITTEN,
        {"ref_id": REF_ID.upper()},
        "by compare",
    ),
    (
        "moved",
        Kind.SENSOR,
        {"name": "s", "metrics": METRICS},
        WRITTEN,
        {"ref_id": "site:dam-a/logger-1/pz-2"},
        "by compare",
    ),
    (
        "a template differing",
        Kind.SENSOR,
        {"name": "s"},
        {"NAME": "s", "INTEGRATION_ID": "B"},
        {"template": "A"},
        "by compare",
    ),
    (
        "the same template",
        Kind.SENSOR,
        {"name": "s"},
        {"NAME": "s", "INTEGRATION_ID": "A"},
        {"template": "A"},
        "in sync",
    ),
    ("no live template", Kind.SENSOR, {"name": "s"}, {"NAME": "s"}, {"template": "A"}, "in sync"),
    ("no declared template", Kind.SENSOR, {"name": "s"}, {"NAME": "s", "INTEGRATION_ID": "B"}, {}, "in sync"),
    (
        "a password in a name",
        Kind.SENSOR,
        {"name": "https://u:pw@h.example"},
        {"NAME": "https://u:pw@h.example"},
        {},
        "compared",
    ),
    (
        "a masked parameter",
        Kind.SENSOR,
        {"name": "https://h.example/?api_key=k"},
        {"NAME": "https://h.example/?api_key=k"},
        {},
        "compared",
    ),
    ("a harmless '='", Kind.SENSOR, {"name": "a=b"}, {"NAME": "a=b"}, {}, "in sync"),
    (
        "a location",
        Kind.DEVICE,
        {"name": "L", "location": {"lat": 1.0, "lon": 2.0, "elevation": None}},
        {"NAME": "L", "LOCATION": {"type": "Point", "coordinates": [2.0, 1.0, None]}},
        {},
        "compared",
    ),
    (
        "a device in sync",
        Kind.DEVICE,
        {"name": "L"},
        {"NAME": "L", "SIZE": 1, "INTEGRATION_ID": "T"},
        {"template": "T"},
        "in sync",
    ),
    (
        "a node in sync",
        Kind.NODE,
        {"name": "C", "notes": "n"},
        {"NAME": "C", "NOTES": "n"},
        {},
        "in sync",
    ),
    (
        "a node's external id",
        Kind.NODE,
        {"name": "C", "external_id": "x"},
        {"NAME": "C", "EXTERNAL_ID": "x"},
        {},
        "in sync",
    ),
    (
        "a node's live external id",
        Kind.NODE,
        {"name": "C"},
        {"NAME": "C", "EXTERNAL_ID": "x"},
        {},
        "compared",
    ),
    (
        "a secret-bearing field",
        Kind.NODE,
        {"name": "C", "auth_token": "${env:T}"},
        {"NAME": "C", "AUTH_TOKEN": "tok"},
        {},
        "compared",
    ),
    ("a token unset", Kind.NODE, {"name": "C", "auth_token": "${env:U}"}, {"NAME": "C"}, {}, "compared"),
    (
        "pinned by id, another serial",
        Kind.NODE,
        {"name": "C"},
        {"NAME": "C"},
        {"pinned_id": "/api/A1B2C3/node", "ref_id": "site:other"},
        "by compare",
    ),
    (
        "a serial read as a number",
        Kind.NODE,
        {"name": "C"},
        {"NAME": "C"},
        {"ref_id": "7", "serial": 7},
        "by compare",
    ),
]


def _desired(kind: Kind, fields: dict[str, Any], details: dict[str, Any]) -> DesiredEntity:
    keys = KEYS[kind]
    return DesiredEntity.of(kind, keys, REF_ID[: len("site:" + "/".join(keys))], "p1", fields, **details)


def _found(entity: DesiredEntity, props: dict[str, Any], serial: Any) -> tuple[LiveEntity, LiveConnection]:
    """`props` read as a read holds them (Props), under a connection holding the entity."""
    answered = {**props, "SERIAL_NO": entity.ref_id if serial is None else serial}
    live = LiveEntity(
        "/api/A1B2C3/x", Props({key: at for at, key in enumerate(answered)}, tuple(answered.values()))
    )
    connection = LiveConnection(LiveEntity("/api/A1B2C3/node", {}), "p1", [live], {live.id: [live]})
    return live, connection


def _both(
    monkeypatch: pytest.MonkeyPatch,
    kind: Kind,
    fields: dict[str, Any],
    props: dict[str, Any],
    details: dict[str, Any],
) -> tuple[Change, Change, str]:
    """`compare_found`'s change, `compare`'s, and the route the first took, for an entity declared with
    the live refId given (`ref_id`, `serial`: a SERIAL_NO answered otherwise)."""
    details = dict(details)
    serial = details.pop("serial", None)
    live_ref_id = details.pop("ref_id", None)
    entity = _desired(kind, fields, details)
    live, connection = _found(entity, props, serial if serial is not None else live_ref_id)
    secret = {"${env:T}": "tok"}.get
    held = partial(connection.held_by, live, kind is Kind.DEVICE)  # as the differ gives `compare`
    slow = compare(entity, live, held, secret)
    taken: list[str] = []
    for name, route in (("compare", "by compare"), ("_compared", "compared")):
        real = getattr(iotplan.plan.compare, name)
        spy = lambda *args, _real=real, _route=route: taken.append(_route) or _real(*args)  # noqa: E731
        monkeypatch.setattr(iotplan.plan.compare, name, spy)
    fast = compare_found(entity, live, connection.held_by, secret)
    monkeypatch.undo()
    return fast, slow, (taken or ["in sync"])[0]


@pytest.mark.parametrize(
    ("kind", "fields", "props", "details", "route"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_each_route_makes_the_change_compare_makes(
    monkeypatch: pytest.MonkeyPatch,
    kind: Kind,
    fields: dict[str, Any],
    props: dict[str, Any],
    details: dict[str, Any],
    route: str,
) -> None:
    fast, slow, taken = _both(monkeypatch, kind, fields, props, details)
    assert fast == slow
    assert taken == route
    if route == "in sync":
        assert (slow.action, slow.cause) == (Action.NOOP, Cause.IN_SYNC)


NAMES = ["s", "t", "", "a=b", "https://u:pw@h.example", 1]
METRIC_LISTS = [METRICS, [{"metric": "T", "unit": "C"}, {"metric": "H"}], [], [{}]]
MAPS = [None, {}, {"0": "pore_pressure"}, {"0": "Pa"}, {"0": "kPa"}, {"0": "T"}, {"1": "H"}, {"0": "C"}]


@settings(max_examples=400, deadline=None)
@given(
    kind=st.sampled_from([Kind.NODE, Kind.DEVICE, Kind.SENSOR]),
    fields=st.fixed_dictionaries(
        {"name": st.sampled_from(NAMES)},
        optional={"notes": st.sampled_from(NAMES), "metrics": st.sampled_from(METRIC_LISTS)},
    ),
    props=st.fixed_dictionaries(
        {},
        optional={
            "NAME": st.sampled_from(NAMES),
            "NOTES": st.sampled_from(NAMES),
            "INTEGRATION_ID": st.sampled_from(["A", "B"]),
            "OBSERVATION_COUNT": st.sampled_from([0, 3, None, "x"]),
            "LAST_OBSERVATION": st.sampled_from(["", "2024"]),
            **{
                key: st.sampled_from(MAPS)
                for key in ("KNOWN_METRICS", "UNKNOWN_METRICS", "KNOWN_UNITS", "UNKNOWN_UNITS")
            },
        },
    ),
    details=st.fixed_dictionaries(
        {},
        optional={
            "template": st.sampled_from(["A", "B"]),
            "ref_id": st.sampled_from([REF_ID, REF_ID.upper()]),
        },
    ),
)
def test_wherever_compare_found_goes_it_makes_the_change_compare_makes(
    kind: Kind, fields: dict[str, Any], props: dict[str, Any], details: dict[str, Any]
) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, slow, taken = _both(monkeypatch, kind, fields, props, details)
    assert fast == slow
    # Told in sync from the one read exactly where `compare` tells it without reading its fields.
    template, live_template = details.get("template"), props.get("INTEGRATION_ID")
    told_at_once = (
        details.get("ref_id", REF_ID)[: len(slow.ref_id or "")] == slow.ref_id == slow.live_ref_id
        and not (template and live_template and template != live_template)
        and written_as_declared(kind, fields, props)
    )
    assert (taken == "in sync") is told_at_once


COUNTS = [0, 1, 7, -1, 0.0, 3.0, 2.5, True, "0", "12", "x", None, [], "absent"]
LASTS = [None, "", " ", "2026-12-04T18:01:00.000Z", {}, {"timestamp": 1}, [], 0, "absent"]


@pytest.mark.parametrize("last", LASTS, ids=repr)
@pytest.mark.parametrize("count", COUNTS, ids=repr)
def test_an_in_sync_sensors_count_read_at_once_is_what_held_by_holds_it_to(count: Any, last: Any) -> None:
    """An in-sync sensor's count is read with its other props, not asked of `held_by`: it must be
    what `held_by` (`Observations.of_sensor`) says, for every kind of count and LAST_OBSERVATION."""
    answered = {
        **WRITTEN,
        **({} if count == "absent" else {"OBSERVATION_COUNT": count}),
        **({} if last == "absent" else {"LAST_OBSERVATION": last}),
    }
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, slow, taken = _both(monkeypatch, Kind.SENSOR, {"name": "s", "metrics": METRICS}, answered, {})
    entity = _desired(Kind.SENSOR, {"name": "s", "metrics": METRICS}, {})
    live, connection = _found(entity, answered, None)
    held = connection.held_by(live, False)
    assert taken == "in sync"
    assert (fast.observations, fast.observations_unknown, fast.counted) == (held.known, held.unknown, True)
    assert fast == slow
