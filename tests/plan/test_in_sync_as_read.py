"""The differ's fast path (plan/compare.py `in_sync_as_read`): an entity found under its own refId and
template, its props holding what writing its fields sets, is told in sync from one read of its
props. Where it answers, it must answer what `compare` does; where `compare` calls an entity in sync
in the common way, it must answer; and it must never answer for anything else."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iotplan.live import LiveConnection, LiveEntity
from iotplan.live.model import Props
from iotplan.plan.compare import compare, in_sync_as_read
from iotplan.plan.desired import DesiredEntity
from iotplan.plan.model import Action, Cause, Kind
from iotplan.plan.props import written_as_declared

METRICS = [{"custom_metric": "pore_pressure", "unit": "Pa"}]
WRITTEN = {"NAME": "s", "UNKNOWN_METRICS": {"0": "pore_pressure"}, "KNOWN_UNITS": {"0": "Pa"}}
REF_ID = "site:dam-a/logger-1/pz-1"
KEYS = {Kind.NODE: ("dam-a",), Kind.DEVICE: ("dam-a", "logger-1"), Kind.SENSOR: ("dam-a", "logger-1", "pz-1")}

# (what it shows, kind, declared fields, live props besides SERIAL_NO, declared details, in sync as read)
CASES: list[tuple[str, Kind, dict[str, Any], dict[str, Any], dict[str, Any], bool]] = [
    ("in sync", Kind.SENSOR, {"name": "s", "metrics": METRICS}, WRITTEN, {}, True),
    (
        "counted",
        Kind.SENSOR,
        {"name": "s", "metrics": METRICS},
        {**WRITTEN, "OBSERVATION_COUNT": 7},
        {},
        True,
    ),
    (
        "a count 0 beside a last observation: unknown",
        Kind.SENSOR,
        {"name": "s", "metrics": METRICS},
        {**WRITTEN, "OBSERVATION_COUNT": 0, "LAST_OBSERVATION": "2024-01-01"},
        {},
        True,
    ),
    (
        "a unit differing",
        Kind.SENSOR,
        {"name": "s", "metrics": METRICS},
        {**WRITTEN, "KNOWN_UNITS": {"0": "kPa"}},
        {},
        False,
    ),
    (
        "a metric missing",
        Kind.SENSOR,
        {"name": "s", "metrics": METRICS},
        {key: value for key, value in WRITTEN.items() if key != "UNKNOWN_METRICS"},
        {},
        False,
    ),
    (
        "a metric more, live",
        Kind.SENSOR,
        {"name": "s", "metrics": METRICS},
        {**WRITTEN, "KNOWN_METRICS": {"1": "T"}},
        {},
        False,
    ),
    (
        "a live extra field",
        Kind.SENSOR,
        {"name": "s", "metrics": METRICS},
        {**WRITTEN, "NOTES": "n"},
        {},
        False,
    ),
    (
        "a live empty text",
        Kind.SENSOR,
        {"name": "s", "metrics": METRICS},
        {**WRITTEN, "NOTES": ""},
        {},
        False,
    ),
    ("a name differing", Kind.SENSOR, {"name": "t", "metrics": METRICS}, WRITTEN, {}, False),
    (
        "a live prop no field reads",
        Kind.SENSOR,
        {"name": "s", "metrics": METRICS},
        {**WRITTEN, "SIZE": 3},
        {},
        True,
    ),
    (
        "a refId differing in case",
        Kind.SENSOR,
        {"name": "s", "metrics": METRICS},
        WRITTEN,
        {"ref_id": REF_ID.upper()},
        False,
    ),
    (
        "moved",
        Kind.SENSOR,
        {"name": "s", "metrics": METRICS},
        WRITTEN,
        {"ref_id": "site:dam-a/logger-1/pz-2"},
        False,
    ),
    (
        "a template differing",
        Kind.SENSOR,
        {"name": "s"},
        {"NAME": "s", "INTEGRATION_ID": "B"},
        {"template": "A"},
        False,
    ),
    (
        "the same template",
        Kind.SENSOR,
        {"name": "s"},
        {"NAME": "s", "INTEGRATION_ID": "A"},
        {"template": "A"},
        True,
    ),
    ("no live template", Kind.SENSOR, {"name": "s"}, {"NAME": "s"}, {"template": "A"}, True),
    ("no declared template", Kind.SENSOR, {"name": "s"}, {"NAME": "s", "INTEGRATION_ID": "B"}, {}, True),
    (
        "a password in a name",
        Kind.SENSOR,
        {"name": "https://u:pw@h.example"},
        {"NAME": "https://u:pw@h.example"},
        {},
        False,
    ),
    (
        "a masked parameter",
        Kind.SENSOR,
        {"name": "https://h.example/?api_key=k"},
        {"NAME": "https://h.example/?api_key=k"},
        {},
        False,
    ),
    ("a harmless '='", Kind.SENSOR, {"name": "a=b"}, {"NAME": "a=b"}, {}, True),
    (
        "a location",
        Kind.DEVICE,
        {"name": "L", "location": {"lat": 1.0, "lon": 2.0, "elevation": None}},
        {"NAME": "L", "LOCATION": {"type": "Point", "coordinates": [2.0, 1.0, None]}},
        {},
        False,
    ),
    (
        "a device in sync",
        Kind.DEVICE,
        {"name": "L"},
        {"NAME": "L", "SIZE": 1, "INTEGRATION_ID": "T"},
        {"template": "T"},
        True,
    ),
    (
        "a node in sync",
        Kind.NODE,
        {"name": "C", "notes": "n"},
        {"NAME": "C", "NOTES": "n"},
        {},
        True,
    ),
    (
        "a node's external id",
        Kind.NODE,
        {"name": "C", "external_id": "x"},
        {"NAME": "C", "EXTERNAL_ID": "x"},
        {},
        True,
    ),
    ("a node's live external id", Kind.NODE, {"name": "C"}, {"NAME": "C", "EXTERNAL_ID": "x"}, {}, False),
    (
        "a secret-bearing field",
        Kind.NODE,
        {"name": "C", "auth_token": "${env:T}"},
        {"NAME": "C", "AUTH_TOKEN": "tok"},
        {},
        False,
    ),
    ("a token unset", Kind.NODE, {"name": "C", "auth_token": "${env:U}"}, {"NAME": "C"}, {}, False),
    (
        "pinned by id, another serial",
        Kind.NODE,
        {"name": "C"},
        {"NAME": "C"},
        {"pinned_id": "/api/A1B2C3/node", "ref_id": "site:other"},
        False,
    ),
    (
        "a serial read as a number",
        Kind.NODE,
        {"name": "C"},
        {"NAME": "C"},
        {"ref_id": "7", "serial": 7},
        False,
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
    kind: Kind, fields: dict[str, Any], props: dict[str, Any], details: dict[str, Any]
) -> tuple[Any, Any]:
    """The fast path's answer and `compare`'s, for an entity declared with its live refId as given."""
    details = dict(details)
    serial = details.pop("serial", None)
    live_ref_id = details.pop("ref_id", None)
    entity = _desired(kind, fields, details)
    live, connection = _found(entity, props, serial if serial is not None else live_ref_id)
    secrets = {"${env:T}": "tok"}
    held = lambda: connection.held_by(live, kind is Kind.DEVICE)  # noqa: E731  # as the differ asks
    return in_sync_as_read(entity, live, connection.held_by), compare(entity, live, held, secrets.get)


@pytest.mark.parametrize(
    ("kind", "fields", "props", "details", "as_read"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_the_fast_path_answers_as_compare_does_and_only_for_what_is_in_sync(
    kind: Kind, fields: dict[str, Any], props: dict[str, Any], details: dict[str, Any], as_read: bool
) -> None:
    fast, slow = _both(kind, fields, props, details)
    assert (fast is not None) is as_read
    if fast is not None:
        assert fast == slow
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
def test_wherever_the_fast_path_answers_compare_answers_the_same(
    kind: Kind, fields: dict[str, Any], props: dict[str, Any], details: dict[str, Any]
) -> None:
    fast, slow = _both(kind, fields, props, details)
    if fast is not None:
        assert fast == slow
    # Taken exactly where `compare` tells an entity in sync without reading its fields.
    template, live_template = details.get("template"), props.get("INTEGRATION_ID")
    told_at_once = (
        details.get("ref_id", REF_ID)[: len(slow.ref_id)] == slow.ref_id == slow.live_ref_id
        and not (template and live_template and template != live_template)
        and written_as_declared(kind, fields, props)
    )
    assert (fast is not None) is told_at_once
