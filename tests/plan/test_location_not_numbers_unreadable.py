"""A live LOCATION whose coordinates are no numbers is unreadable, as an undocumented metric map is:
shown as what it is and differing from any declared location. `plan` and `drift` stopped on it with
"unexpected ValueError: could not convert string to float"; `[true, false]` read as lat 0, lon 1."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.plan.props import Unreadable, location_from_geojson


@pytest.mark.parametrize(
    "coordinates",
    [["x", "y"], [1.0, "north"], [True, False], [1.0, 2.0, "high"], [{"deg": 1}, 2.0], [[1], 2.0]],
)
def test_coordinates_that_are_no_numbers_are_unreadable(coordinates: list[Any]) -> None:
    read = location_from_geojson({"type": "Point", "coordinates": coordinates})
    assert isinstance(read, Unreadable)
    assert "not numbers" in read.why


def test_numbers_are_read_as_before() -> None:
    assert location_from_geojson({"coordinates": [6, "46.5", 0]}) == {
        "lat": 46.5,
        "lon": 6.0,
        "elevation": 0.0,
    }
    assert location_from_geojson({"coordinates": [None, None, None]}) is None
