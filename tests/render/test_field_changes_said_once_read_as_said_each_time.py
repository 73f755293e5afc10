"""Field changes alike are said once (render/lines.py `said_once`) and a plan reads exactly as when
each was said anew: values equal but said apart (`1` and `true`, `1` and `"1"`, `-0.0` and `0.0`)
are never taken one for the other, in a connection's folded lines nor in the distinct updates."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.plan.model import Action, Change, FieldChange
from iotplan.render import lines, render_markdown, render_text
from tests.render.plans import change, plan

# Each pair's two values are equal in Python (and hash alike) but read otherwise.
ALIKE_IN_VALUE = [(1, True), (1, "1"), (0, False), (-0.0, 0.0), ([1], [True]), ("x", None)]
SENSORS = 5  # each change made on this many sensors of a connection: folded (COLLAPSE_AT)


def _changes() -> list[Change]:
    made = []
    for index, pair in enumerate(ALIKE_IN_VALUE):
        for value in pair:
            for sensor in range(SENSORS):
                address = f"c{index}/d/s-{value!r}-{sensor}".replace(" ", "")
                fields = (FieldChange("metrics[0].unit", value, "kPa"), FieldChange("name", "a", value))
                made.append(change(address, Action.UPDATE, "differs from the manifest", fields=fields))
    return made


@pytest.mark.parametrize("detail", [False, True])
def test_field_changes_said_once_read_as_said_each_time(detail: bool, monkeypatch: Any) -> None:
    the_plan = plan(*_changes())
    said_once = render_text(the_plan, color=False, detail=detail), render_markdown(the_plan, detail=detail)
    monkeypatch.setattr(lines, "fields_key", lambda fields: None)  # every one said anew
    said_each_time = (
        render_text(the_plan, color=False, detail=detail),
        render_markdown(the_plan, detail=detail),
    )
    assert said_once == said_each_time
