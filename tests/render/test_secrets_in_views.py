"""A live text holding one of this run's secrets, or naming a credential inside itself, is shown as
"(sensitive)" in every view, while the plan compares, and a saved plan's apply checks, the real
text (review fz7, findings 1 and 2)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable

import pytest

from iotplan import secrets
from iotplan.apply.stale import check_not_stale
from iotplan.errors import StalePlanError
from iotplan.plan.model import Action, FieldChange, Plan
from iotplan.render import plan_to_json, render_markdown, render_text
from iotplan.render.drift import render_drift_junit, render_drift_markdown, render_drift_text
from iotplan.render.drift_html import render_drift_html
from iotplan.render.drift_json import render_drift_json
from iotplan.render.json_plan import plan_from_dict
from tests.render import drifts
from tests.render.plans import change, plan

API_KEY = "K3y-0f-this-run-7f3a1111aaaa"
NAMED = "Password=pw-named-7f410000;"
LIVE_NAME = f"made with {API_KEY}"
LIVE_NOTES = f"SQL source Server=db1;User Id=iot;{NAMED}"
# A manifest's own text that only reads as naming a credential, which a manifest may hold: shown masked,
# as the same text live is, so a plan never shows in clear what drift hides.
DECLARED_NAME = "Key: North"


def leaky_plan() -> Plan:
    return plan(
        change(
            "dam-a",
            Action.UPDATE,
            "differs from the manifest",
            live_id="id-dam-a",
            before={"name": LIVE_NAME, "notes": LIVE_NOTES},  # notes: not in the manifest
            after={"name": DECLARED_NAME},
            fields=(FieldChange("name", LIVE_NAME, DECLARED_NAME),),
            fingerprint="0123456789abcdef",
        ),
        change(
            "dam-b",
            Action.REMOVE,
            "removed from the manifest",
            live_id="id-dam-b",
            before={"name": "Dam B", "notes": f"feed token: {API_KEY[:4]}-other-value"},
        ),
    )


PLAN_VIEWS: dict[str, Callable[[Plan], str]] = {
    "text": lambda shown: render_text(shown, color=False),
    "markdown": render_markdown,
    "json": plan_to_json,
}
DRIFT_VIEWS: dict[str, Callable[[Plan], str]] = {
    "drift text": lambda shown: render_drift_text(drifts.report(("d.yaml", shown)), color=False),
    "drift json": lambda shown: render_drift_json(drifts.report(("d.yaml", shown))),
    "drift markdown": lambda shown: render_drift_markdown(drifts.report(("d.yaml", shown))),
    "drift junit": lambda shown: render_drift_junit(drifts.report(("d.yaml", shown))),
    "drift html": lambda shown: render_drift_html(drifts.report(("d.yaml", shown))),
}


@pytest.fixture
def api_key_held() -> None:
    secrets.remember(API_KEY)  # as clients/auth.py does with the credential it signs in with


@pytest.mark.usefixtures("api_key_held")
@pytest.mark.parametrize("view", [*PLAN_VIEWS, *DRIFT_VIEWS])
def test_no_view_shows_a_live_text_holding_a_secret_of_this_run_or_naming_one(view: str) -> None:
    shown = {**PLAN_VIEWS, **DRIFT_VIEWS}[view](leaky_plan())
    assert API_KEY not in shown
    assert "pw-named" not in shown
    assert "other-value" not in shown
    assert "(sensitive)" in shown


@pytest.mark.usefixtures("api_key_held")
def test_the_text_plan_shows_the_live_name_and_the_declared_one_masked_alike() -> None:
    shown = render_text(leaky_plan(), color=False)
    assert "name: (sensitive) → (sensitive)" in shown and "North" not in shown


def test_a_live_text_naming_a_credential_is_hidden_with_no_secret_held() -> None:
    """`Password=...;`, `token: ...` need no known value: the text says what it holds."""
    saved = json.loads(plan_to_json(leaky_plan()))["changes"]
    assert saved[0]["before"]["notes"] == "(sensitive)"  # though the manifest declares no notes
    assert saved[1]["before"]["notes"] == "(sensitive)"
    assert saved[0]["before"]["name"] == LIVE_NAME  # the run holds no secret it holds
    assert saved[0]["after"]["name"] == "(sensitive)"  # declared, read by the same rule


@pytest.mark.usefixtures("api_key_held")
def test_a_drift_report_shows_the_live_name_and_the_declared_one_masked_alike() -> None:
    shown = render_drift_text(drifts.report(("d.yaml", leaky_plan())), color=False)
    assert "name: expected (sensitive), actual (sensitive)" in shown and "North" not in shown


def fresh_plan_declaring(name: str) -> Plan:
    """The plan made again by the apply, the manifest now declaring `name` for dam-a."""
    made = leaky_plan()
    update = made.changes[0]
    edited = FieldChange("name", LIVE_NAME, name)
    return dataclasses.replace(
        made, changes=(dataclasses.replace(update, after={"name": name}, fields=(edited,)), *made.changes[1:])
    )


@pytest.mark.usefixtures("api_key_held")
def test_a_saved_plan_holds_neither_and_its_apply_still_checks_the_writes_it_made() -> None:
    """Read back, the saved write compares with the fresh plan's (which holds the real text) as it
    did before: the masked value stands for a value views hide, so the same writes pass, and a
    write of another declared value is still refused as stale."""
    text = plan_to_json(leaky_plan())
    assert API_KEY not in text and "pw-named" not in text
    check_not_stale(plan_from_dict(json.loads(text)), fresh_plan_declaring(DECLARED_NAME))
    with pytest.raises(StalePlanError):
        check_not_stale(plan_from_dict(json.loads(text)), fresh_plan_declaring("Dam A"))
