"""`platform_props` makes only the metric maps a half goes in, and looks a plain field's prop up
once: the props come out as the four maps built and filtered did, key order included (a request
body is their JSON), an entry that is no mapping (`["T"]`) sending nothing as before."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from iotplan.manifest.models import SECRET_FIELDS
from iotplan.plan.props import FIELD_TO_PROP, METRIC_HALVES, METRIC_MAPS, platform_props


def _four_maps(metrics: list[dict[str, Any]], clear_unused: bool) -> dict[str, Any]:
    """The metric maps as they were made: all four, then filtered."""
    maps: dict[str, dict[str, Any]] = {platform_map: {} for platform_map in METRIC_MAPS}
    for index, entry in enumerate(metrics):
        for key, platform_map in METRIC_HALVES:
            if key in entry:
                maps[platform_map][str(index)] = entry[key]
    if clear_unused:
        return {name: values or None for name, values in maps.items()}
    return {name: values for name, values in maps.items() if values}


def _props_as_they_were(fields: dict[str, Any], clear_metrics: bool) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "metrics":
            props.update(_four_maps(value, clear_metrics))
        elif name in SECRET_FIELDS:
            props[FIELD_TO_PROP[name]] = f"resolved {value}"
        else:
            props[FIELD_TO_PROP[name]] = value
    return props


HALVES = [
    {"metric": "TEMPERATURE", "unit": "CELSIUS"},
    {"unit": "Pa", "custom_metric": "pore_pressure"},  # keys not in the maps' order
    {"custom_metric": "tilt", "custom_unit": "mm/m", "note": "not a half"},
    {"metric": "STRAIN", "custom_unit": None},  # a half held as null is sent as null
    {},
    "T",  # no mapping: no half in it
]
METRICS = [[]] + [list(entries) for n in (1, 2, 3) for entries in itertools.permutations(HALVES, n)]


@pytest.mark.parametrize("clear", [False, True])
@pytest.mark.parametrize("metrics", METRICS)
def test_metric_maps_come_out_as_the_four_maps_filtered(metrics: list[dict[str, Any]], clear: bool) -> None:
    fields = {"name": "Sensor 0", "metrics": metrics, "notes": "n", "auth_token": "ref"}
    made = platform_props(fields, lambda reference: f"resolved {reference}", clear_metrics=clear)
    expected = _props_as_they_were(fields, clear)
    assert made == expected
    assert list(made) == list(expected)
    assert [list(held or {}) for held in made.values() if isinstance(held, dict)] == [
        list(held or {}) for held in expected.values() if isinstance(held, dict)
    ]


def test_every_plain_field_is_sent_under_its_prop() -> None:
    plain = {name: f"{name} value" for name in FIELD_TO_PROP if name != "location"}
    made = platform_props(plain, lambda reference: f"resolved {reference}", clear_metrics=False)
    assert made == _props_as_they_were(plain, clear_metrics=False)
    assert list(made) == [FIELD_TO_PROP[name] for name in plain]


def test_an_unknown_field_is_still_refused() -> None:
    with pytest.raises(KeyError):
        platform_props({"colour": "red"}, lambda reference: reference, clear_metrics=False)
