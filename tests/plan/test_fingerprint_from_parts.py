"""plan/compare.py `fingerprint` writes its JSON from each prop's part, dumped once per distinct
value. A saved plan is found stale by its fingerprints (apply/stale.py): every entity's must stay
exactly what the whole dump made, or a plan saved before would be refused. Held here to that dump,
kept as it was written, over any props: secrets, texts JSON escapes, maps of texts and of other
values, keys that are no text, values JSON cannot hold, and the caches full and cleared.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import iotplan.plan.compare
from iotplan.live import LiveEntity
from iotplan.live.model import Props
from iotplan.plan.compare import VOLATILE_PROPS, _named_secret, fingerprint
from iotplan.plan.props import SENSITIVE
from iotplan.secrets import (
    names_a_credential,
    text_names_a_credential,
    without_schemeless_userinfo,
    without_url_credentials,
)


def _fingerprint_as_dumped_whole(entity: LiveEntity) -> str:
    """`fingerprint` as it was written before it was made from parts."""
    stable = {key: value for key, value in entity.props.items() if key not in VOLATILE_PROPS}
    text = json.dumps([entity.id, _without_secrets(stable)], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _without_secrets(value: Any, secret_key: Callable[[Any], bool] = _named_secret) -> Any:
    if isinstance(value, str):
        masked = without_url_credentials(value)
        return SENSITIVE if text_names_a_credential(masked) else without_schemeless_userinfo(masked)
    if isinstance(value, dict):
        return {
            key: _without_secrets(held, names_a_credential)
            for key, held in value.items()
            if not secret_key(key)
        }
    if isinstance(value, list | tuple):
        return [_without_secrets(held, names_a_credential) for held in value]
    return value


TEXTS = st.text(max_size=6) | st.sampled_from(
    [
        "Sensor 0.0.1",
        "fleet:c0/d0/s1",
        "2026-12-05T14:43:04.606+00:00",
        "pore_pressure",
        "Pa",
        "https://u:pw@h.example/x?api_key=k",
        "Server=db;Password=hunter2;",
        "Bearer abc123def456",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIx.c2ln",
        "(sensitive)",
        'quote " and \\ and \n',
        "é ü \u202e \ud83d\ude00",
    ]
)
KEYS = TEXTS | st.sampled_from(["NAME", "PASSWORD", "AUTH_TOKEN", "apiKey", "jwt", "0", "1", *VOLATILE_PROPS])
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | TEXTS
    | st.sampled_from([date(2024, 5, 1), object])  # what JSON cannot hold: written as its str()
)
MAPS_OF_TEXTS = st.dictionaries(KEYS, TEXTS, max_size=3)
VALUES = st.recursive(
    SCALARS | MAPS_OF_TEXTS,
    lambda held: (
        st.lists(held, max_size=3)
        | st.tuples(held, held)
        | st.dictionaries(KEYS, held, max_size=3)
        | st.dictionaries(st.integers(0, 2) | st.booleans(), held, max_size=2)
        | st.dictionaries(KEYS | st.integers(0, 2), held, max_size=2)  # unsortable: both refuse it
    ),
    max_leaves=8,
)
PROPS = st.dictionaries(KEYS, VALUES, max_size=6) | st.dictionaries(
    KEYS | st.integers(0, 2), VALUES, max_size=3
)
IDS = st.sampled_from(["/api/A1B2C3/node", "/fn/6C7D8E/node/2/device", "é/\u202e"]) | TEXTS | st.integers()


def _outcome(digest: Callable[[LiveEntity], str], entity: LiveEntity) -> str | type[BaseException]:
    try:
        return digest(entity)
    except (TypeError, ValueError) as error:  # unsortable keys, an int too long to write
        return type(error)


def _as_read(props: dict[Any, Any]) -> Props:
    return Props({key: at for at, key in enumerate(props)}, tuple(props.values()))


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(IDS, PROPS)
def test_a_fingerprint_from_parts_is_the_whole_dump(entity_id: Any, props: dict[Any, Any]) -> None:
    for each in (props, _as_read(props)):
        entity = LiveEntity(entity_id, each)
        expected = _outcome(_fingerprint_as_dumped_whole, entity)
        assert _outcome(fingerprint, entity) == expected
        assert _outcome(fingerprint, entity) == expected  # its parts found again


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.tuples(IDS, PROPS), min_size=2, max_size=6))
def test_parts_found_again_and_cleared_belong_to_their_value(
    entities: list[tuple[Any, dict[Any, Any]]],
) -> None:
    """Values met before (equal, or merely equal to Python, as {"0": "1"} and {"0": 1}), with the
    caches cleared as they fill: each entity's fingerprint is still its own."""
    with patch.object(iotplan.plan.compare, "_PARTS_MAX", 3):
        for entity_id, props in [*entities, *reversed(entities)]:
            entity = LiveEntity(entity_id, _as_read(props))
            assert _outcome(fingerprint, entity) == _outcome(_fingerprint_as_dumped_whole, entity)


SENSOR = {
    "CREATION_DATE": "2026-12-05T14:43:04.606+00:00",
    "NODE_ID": "/api/A40199/node",
    "NAME": "Sensor 0.0.0",
    "UNKNOWN_METRICS": {"0": "pore_pressure"},
    "KNOWN_UNITS": {"0": "Pa"},
    "INTEGRATION_ID": "GENERIC_SENSOR_SDE",
    "SERIAL_NO": "fleet:c0/d0/s0",
    "OBSERVATION_COUNT": 0,
}


@pytest.mark.parametrize(
    "props",
    [
        SENSOR,
        {**SENSOR, "KNOWN_UNITS": {"0": 1}},
        {**SENSOR, "KNOWN_UNITS": {"0": True}},
        {**SENSOR, "KNOWN_UNITS": {"0": "Pa", "password": "x"}},
        {**SENSOR, "NAME": "https://u:pw@h.example"},
        {**SENSOR, "SIZE": 10, "ACCESSIBLE": True, "AUTH_TOKEN": "t"},
        {"NAME": "Feed 0", 1: "one"},  # keys no JSON sorts: refused alike
        {2.5: "a", 1: "b", False: "c"},
    ],
)
def test_a_fleets_entities_fingerprint_as_dumped_whole(props: dict[Any, Any]) -> None:
    """The shapes a fleet reads, each after the ones before it filled the caches."""
    entity = LiveEntity("/api/A40199/node/dynamic/2AD066/device/D51AF4/sensor", _as_read(props))
    assert _outcome(fingerprint, entity) == _outcome(_fingerprint_as_dumped_whole, entity)
