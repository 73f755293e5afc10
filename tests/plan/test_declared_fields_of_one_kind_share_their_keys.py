"""A declared entity's fields are a dict like any other, its keys shared with the other entities of
its kind (plan/props.py `_SharingKeys`): a manifest of 100,000 sensors holds 100,000 of them, and a
dict holding its keys itself weighs 184 bytes where one sharing them weighs about 112."""

from __future__ import annotations

import tracemalloc
from types import SimpleNamespace

import pytest

from iotplan.plan import props
from iotplan.plan.props import desired_fields_reader


@pytest.fixture(autouse=True)
def a_plans_first_sensor_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sensor kind's key table as a plan's process starts with it, made as the module makes it.
    The module's own is filled by whatever ran before in this worker, and CPython 3.11 gives a table
    one slot less for new keys with each dict made from it (down to one: `init_inline_values`): 37
    nameless sensors read earlier (test_a_row_filled_far_onto_a_kin_sites_point_is_refused.py, under
    `-k share`) left `name` the last slot and `notes` none, and every dict here held its own keys."""
    names, _ = props._DESIRED["sensor"]
    monkeypatch.setitem(props._DESIRED, "sensor", (names, props._sharing_keys()))


def test_declared_fields_of_one_kind_share_their_keys() -> None:
    read = desired_fields_reader("sensor")
    declared = [
        SimpleNamespace(name=f"PZ {index}", notes="kept" if index % 2 else None, location=None, metrics=None)
        for index in range(2000)
    ]
    # The lightest of three reads: another test's thread left running in this worker may allocate
    # during one of them (seen once under load), never during all three.
    weights = []
    for _ in range(3):
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            made = [read(each) for each in declared]
            weights.append((tracemalloc.get_traced_memory()[0] - before) / len(made))
        finally:
            tracemalloc.stop()
    each_weighs = min(weights)
    assert made[0] == {"name": "PZ 0"} and made[1] == {"name": "PZ 1", "notes": "kept"}
    assert list(made[1]) == ["name", "notes"] and all(type(fields) is dict for fields in made)
    assert each_weighs < 150  # a dict holding its own keys: 184 bytes, and 8 in the list
