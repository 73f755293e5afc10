"""The text plan's distinct updates are those its connection blocks show, every field compared (cr59
#1: a sensor renamed as its unit changed was counted in `1 distinct update on 16 sensors: metrics[0].unit
...`, its rename said nowhere in the summary)."""

from __future__ import annotations

from iotplan.plan.model import Action, Change, FieldChange
from iotplan.render import render_text
from tests.render.plans import change, plan

UNIT = FieldChange("metrics[0].unit", "Hz", "kHz")
NAME = FieldChange("name", "S", "S renamed")


def _sensors(device: str, fields: tuple[FieldChange, ...]) -> list[Change]:
    return [
        change(
            f"c1/{device}/s{n}",
            Action.UPDATE,
            "differs from the manifest",
            fields=fields,
            touches_data_model=True,
            observations=10,
        )
        for n in range(5)
    ]


def test_an_update_with_other_fields_is_a_distinct_update_of_its_own() -> None:
    text = render_text(plan(*_sensors("d1", (NAME, UNIT)), *_sensors("d2", (UNIT,))), color=False)
    lines = text.splitlines()
    start = lines.index("2 distinct updates on 10 sensors:")
    assert lines[start + 1 : start + 3] == [
        '  ! name: "S" → "S renamed"; metrics[0].unit: "Hz" → "kHz" on 5 sensors in connection c1: '
        "changes how 50 observations read: needs --allow-data-model-change",
        '  ! metrics[0].unit: "Hz" → "kHz" on 5 sensors in connection c1: '
        "changes how 50 observations read: needs --allow-data-model-change",
    ]
    assert text.count("  ~ 5 sensors: ") == 2  # the blocks' folds: one a distinct update
