"""Names that only look like the catalog's: the look-alike is suggested before the closest spelling,
with the code points that tell them apart; catalog names are quoted wherever they are listed."""

from __future__ import annotations

import pytest

from iotplan.live.model import Catalog, MetricInfo
from tests.plan.test_catalog import node, problems, sensor

MICRO_SIGN, GREEK_MU = "\u00b5", "\u03bc"
LOOK_ALIKES = Catalog(
    device_templates=frozenset({"GENERIC_DEVICE"}),
    sensor_templates=frozenset({"GENERIC_SENSOR_SDE"}),
    metrics={
        "dz": MetricInfo("dz", frozenset({f"{GREEK_MU}m", "m"})),
        "cum_distance": MetricInfo("cum_distance", frozenset({"m", "mm\u200b"})),
    },
)


def test_a_micro_sign_is_pointed_at_the_catalogs_greek_mu_not_at_the_closest_spelling(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("tests.plan.test_catalog.CATALOG", LOOK_ALIKES)
    [problem] = problems(
        node(sensor("tilt-1", metrics=[{"custom_metric": "tilt_a", "unit": f"{MICRO_SIGN}m"}]))
    )
    assert problem.endswith(
        f"unknown unit '{MICRO_SIGN}m' (did you mean '{GREEK_MU}m'? '{MICRO_SIGN}' (U+00B5) here, "
        f"'{GREEK_MU}' (U+03BC) in the catalog)"
    )


def test_a_units_list_shows_an_invisible_character_escaped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tests.plan.test_catalog.CATALOG", LOOK_ALIKES)
    [problem] = problems(node(sensor("crack-1", metrics=[{"metric": "cum_distance", "unit": "mm"}])))
    assert problem.endswith("unit 'mm' is not a unit of 'cum_distance' (its units: 'm', 'mm\\u200b')")
