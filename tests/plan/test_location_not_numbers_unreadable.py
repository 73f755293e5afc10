"""A live LOCATION whose coordinates are no numbers is unreadable, as an undocumented metric map is:
shown as what it is and differing from any declared location. `plan` and `drift` stopped on it with
"unexpected ValueError: could not convert string to float"; `[true, false]` read as lat 0, lon 1."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.plan.model import Action
from iotplan.plan.props import Unreadable, location_from_geojson
from tests.plan.livebuilder import applied, find
from tests.plan.test_diff import MANIFEST, load, plan_for


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


UNREADABLE = {"type": "Point", "coordinates": ["east", "north", None]}
SENSOR_LOCATED = MANIFEST.replace(
    "name: Piezometer\n", "name: Piezometer\n                location: {lat: 1, lon: 2}\n"
)


@pytest.mark.parametrize(
    ("manifest", "ref_id"), [(MANIFEST, "site:dam-a/logger-1"), (SENSOR_LOCATED, "site:dam-a/logger-1/pz-1")]
)
def test_a_declared_location_is_written_over_one_that_is_no_numbers(manifest: str, ref_id: str) -> None:
    """A location holds no history: unlike a sensor's unreadable metric maps, it is updated, not refused."""
    live = applied(load(manifest))
    find(live, ref_id).props["LOCATION"] = UNREADABLE
    (update,) = [
        change for change in plan_for(load(manifest), live).changes if change.action is Action.UPDATE
    ]
    (field,) = update.fields
    assert (str(update.ref_id), field.path) == (ref_id, "location")
    assert isinstance(field.before, Unreadable)
