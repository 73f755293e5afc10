"""A value created entities share is shown once per view (render/lines.py `ShownTexts`), and
always as `shown_value` shows it: under each field its own rule (a secret field's value hidden), a
value holding a secret this run holds hidden, and another object of equal content asked again."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan import secrets
from iotplan.render.lines import ShownTexts, shown_value

METRICS = [{"custom_metric": "pore_pressure", "unit": "Pa"}]
HELD = "s3cr3t-value-held-by-this-run"
VALUES: list[tuple[str, Any]] = [
    ("metrics", METRICS),
    ("auth_token", METRICS),  # the same object under a secret field: hidden there alone
    ("metrics", METRICS),
    ("metrics", [{"custom_metric": "pore_pressure", "unit": "Pa"}]),  # equal, another object
    ("metrics", [{"custom_metric": HELD, "unit": "Pa"}]),
    ("location", {"lat": 1.5, "lon": -0.0}),
    ("location", {"lat": float("nan"), "lon": None}),
    ("name", "(sensitive)"),
    ("name", f"Logger {HELD}"),
    ("name", "Sensor 0.0.1"),
    ("count", 7),
    ("unset", None),
    ("metrics", METRICS),
]


@pytest.fixture(autouse=True)
def _held_secret() -> None:
    secrets.remember(HELD)


def test_each_value_shows_as_shown_value_shows_it() -> None:
    created = ShownTexts()
    assert [created.shown(name, value) for name, value in VALUES] == [
        shown_value(name, value) for name, value in VALUES
    ]


@pytest.mark.parametrize("name", ["metrics", "auth_token"])
def test_a_shared_value_is_shown_once_per_run_of_it(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[Any] = []
    monkeypatch.setattr(
        "iotplan.render.lines.shown_value",
        lambda path, value: asked.append(value) or shown_value(path, value),
    )
    created = ShownTexts()
    shown = {created.shown(name, METRICS) for _ in range(5)}
    assert len(shown) == 1 and asked == [METRICS]
