"""A text view shows a group's changes from what it asked of them at once (render/lines.py
`ShownTexts.about_to_show`): the lines are those each change shows asked alone, a secret of this
run's in one header or created name masked as ever, a secret field hidden, "(sensitive)" as itself."""

from __future__ import annotations

import pytest

from iotplan import secrets
from iotplan.plan.model import Action, Change
from iotplan.render.lines import ShownTexts, change_lines
from tests.render.plans import PZ_METRICS, change

HELD = "s3cr3t-held-by-this-run-0123456789"


def _group(echoed: bool) -> list[Change]:
    name = f"Logger {HELD}" if echoed else "Logger 1"
    return [
        change(
            "dam-a", Action.CREATE, "not on the platform", after={"name": "Dam A", "auth_token": "x" * 12}
        ),
        change("dam-a/logger-1", Action.CREATE, "created with dam-a", after={"name": name}, template="T"),
        change("dam-a/logger-1/pz-1", Action.CREATE, "created with dam-a", after={"metrics": PZ_METRICS}),
        change("dam-a/logger-1/pz-2", Action.CREATE, "created with dam-a", after={"name": "(sensitive)"}),
        change("dam-a/logger-2", Action.UPDATE, "differs", after={"name": "L2"}),
        change("dam-a/logger-3", Action.REMOVE, f"not in the manifest (serial {HELD})"),
    ]


@pytest.mark.parametrize("echoed", [False, True])
def test_lines_asked_at_once_are_the_lines_asked_alone(echoed: bool) -> None:
    secrets.remember(HELD)
    changes = _group(echoed)
    view = ShownTexts()
    view.about_to_show(changes)
    at_once = [line.plain() for each in changes for line in change_lines(each, view)]
    assert at_once == [line.plain() for each in changes for line in change_lines(each)]
    assert HELD not in "\n".join(at_once)
