"""`count_of` takes an int from 0 for its count in one test, and `Observations.of_sensor` hands every
sensor counted at 0 one shared record: both give exactly what the rule as written gives
(`observation_count`, then a 0 undone by a LAST_OBSERVATION that says the sensor reported), for
every kind of count and of LAST_OBSERVATION, in a plain dict and in a read's compact props."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.live.model import (
    LiveEntity,
    Observations,
    Props,
    count_of,
    key_order,
    observation_count,
    observed,
)

COUNTS = [0, 1, 7, -1, 0.0, 3.0, 2.5, -0.0, True, False, "0", "12", "-3", "x", None, [], {}, 10**20]
LASTS = [None, "", " ", "2026-12-04T18:01:00.000Z", {}, {"timestamp": None}, {"timestamp": 1}, [], 0, False]


class _Absent:
    """The key not answered at all."""

    def __repr__(self) -> str:
        return "absent"


ABSENT = _Absent()


def _as_written(props: dict[str, Any]) -> int | None:
    count = observation_count(props.get("OBSERVATION_COUNT"))
    return None if count == 0 and observed(props.get("LAST_OBSERVATION")) else count


def _props(count: Any, last: Any) -> dict[str, Any]:
    answered = {"NAME": "s", "OBSERVATION_COUNT": count, "LAST_OBSERVATION": last}
    return {key: value for key, value in answered.items() if value is not ABSENT}


def _compact(props: dict[str, Any]) -> Props:
    at = key_order(tuple(props))
    assert at is not None
    return Props(at, tuple(props.values()))


@pytest.mark.parametrize("count", [*COUNTS, ABSENT], ids=repr)
@pytest.mark.parametrize("last", [*LASTS, ABSENT], ids=repr)
def test_count_of_is_the_rule_as_written(count: Any, last: Any) -> None:
    props = _props(count, last)
    expected = _as_written(props)
    for each in (props, _compact(props)):
        found = count_of(each)
        assert (type(found), found) == (type(expected), expected)


@pytest.mark.parametrize("count", [*COUNTS, ABSENT], ids=repr)
@pytest.mark.parametrize("last", [None, "2026-12-04T18:01:00.000Z", ABSENT], ids=repr)
def test_a_sensors_observations_are_the_record_as_written(count: Any, last: Any) -> None:
    props = _props(count, last)
    expected = _as_written(props)
    held = Observations.of_sensor(LiveEntity("s", _compact(props)))
    assert type(held) is Observations
    assert (held.known, held.unknown) == (expected or 0, expected is None)
