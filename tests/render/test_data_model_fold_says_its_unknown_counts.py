"""A folded data-model warning says for how many of its sensors no count can be relied on, and names
those holding the most first (cr59 #2: `7 sensors with history: no count ... for the rest` of a fold
where 4 had no count, and a sensor holding 1,000,000 observations left in `and 5 more`)."""

from __future__ import annotations

from iotplan.plan.model import Action, Change, FieldChange
from iotplan.render import render_text
from tests.render.plans import change, plan

UNIT = (FieldChange("metrics[0].unit", "Hz", "kHz"),)


def _sensor(n: int, observations: int, unknown: bool = False) -> Change:
    return change(
        f"c1/d1/s{n}",
        Action.UPDATE,
        "differs from the manifest",
        fields=UNIT,
        touches_data_model=True,
        observations=observations,
        observations_unknown=unknown,
    )


def test_a_fold_says_how_many_of_its_sensors_have_no_count() -> None:
    counted = [_sensor(n, 30) for n in range(3)]
    unknown = [_sensor(n, 0, unknown=True) for n in range(3, 7)]
    text = render_text(plan(*counted, *unknown), color=False)
    assert (
        "      ! changes how at least 90 observations read (metrics or units of 7 sensors that hold or may "
        "hold history: no count the platform gave can be relied on for 4 of them): "
        "needs --allow-data-model-change\n" in text
    )


def test_a_fold_names_those_holding_the_most_first() -> None:
    sensors = [_sensor(n, 10) for n in range(5)] + [_sensor(5, 1_000_000), _sensor(6, 0, unknown=True)]
    text = render_text(plan(*sensors), color=False)
    assert "      # c1/d1/s5, c1/d1/s0, c1/d1/s1 and 4 more (--detail lists them)\n" in text
