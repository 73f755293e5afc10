"""A secret's value appears in no view, however a Change happens to carry it."""

from __future__ import annotations

import json

import pytest

from iotplan.plan.model import Action, FieldChange
from iotplan.render import plan_to_json, render_markdown, render_text
from tests.render.plans import change, plan

SECRET = "s3cr3t-value"
LEAKY_PLAN = plan(
    change(
        "dam-a",
        Action.UPDATE,
        "differs from the manifest",
        before={"name": "Dam A", "auth_token": SECRET},
        after={"name": "Dam A", "auth_token": "${env:X}" + SECRET},  # not a bare reference: a value
        fields=(
            FieldChange("auth_token", SECRET, "${env:DAM_A_TOKEN}"),  # secret by name, not marked
            FieldChange("url", f"https://user:{SECRET}@feed", "https://feed", sensitive=True),
        ),
    ),
    change("dam-b", Action.CREATE, "not on the platform", after={"auth_token": SECRET}),
    change("dam-c", Action.REMOVE, "removed from the manifest", before={"auth_token": SECRET}),
)
VIEWS = {
    "text": lambda: render_text(LEAKY_PLAN, color=False),
    "colour text": lambda: render_text(LEAKY_PLAN, color=True),
    "markdown": lambda: render_markdown(LEAKY_PLAN),
    "json": lambda: plan_to_json(LEAKY_PLAN),
}


@pytest.mark.parametrize("view", VIEWS)
def test_a_secret_value_appears_in_no_view(view: str) -> None:
    rendered = VIEWS[view]()
    assert SECRET not in rendered
    assert "(sensitive)" in rendered


def test_a_saved_plan_keeps_the_reference_apply_resolves_and_nothing_else() -> None:
    saved = json.loads(plan_to_json(LEAKY_PLAN))["changes"][0]
    assert saved["fields"][0] == {
        "path": "auth_token",
        "before": "(sensitive)",
        "after": "${env:DAM_A_TOKEN}",
        "sensitive": False,
    }
    assert saved["after"]["auth_token"] == "(sensitive)"


def test_people_never_see_even_the_reference() -> None:
    assert "DAM_A_TOKEN" not in render_text(LEAKY_PLAN, color=False)
    assert "DAM_A_TOKEN" not in render_markdown(LEAKY_PLAN)
