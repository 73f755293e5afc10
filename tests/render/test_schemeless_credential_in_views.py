"""A live text holding a user name and password before a host without a `scheme://`
(`sa:pw@db.example`, as ODBC and ssh strings write them) shows as `(sensitive)@db.example` in every
plan and drift view, as a URL's password does; the plan still compares and writes the real text."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable

import pytest

from iotplan.apply.stale import check_not_stale
from iotplan.errors import StalePlanError
from iotplan.plan.model import Action, FieldChange, Plan
from iotplan.render import plan_to_json, render_markdown, render_text
from iotplan.render.drift import render_drift_markdown, render_drift_text
from iotplan.render.drift_json import render_drift_json
from iotplan.render.json_plan import plan_from_dict
from tests.render import drifts
from tests.render.plans import change, plan

LIVE_NOTES = "sa:pw0rd1@db.example"
SHOWN_NOTES = "(sensitive)@db.example"


def plan_changing_notes(declared: str = "changed") -> Plan:
    return plan(
        change(
            "odbc",
            Action.UPDATE,
            "differs from the manifest",
            live_id="id-odbc",
            before={"name": "ODBC feed", "notes": LIVE_NOTES},
            after={"name": "ODBC feed", "notes": declared},
            fields=(FieldChange("notes", LIVE_NOTES, declared),),
            fingerprint="0123456789abcdef",
        ),
    )


VIEWS: dict[str, Callable[[Plan], str]] = {
    "text": lambda shown: render_text(shown, color=False),
    "markdown": render_markdown,
    "json": plan_to_json,
    "drift text": lambda shown: render_drift_text(drifts.report(("d.yaml", shown)), color=False),
    "drift json": lambda shown: render_drift_json(drifts.report(("d.yaml", shown))),
    "drift markdown": lambda shown: render_drift_markdown(drifts.report(("d.yaml", shown))),
}


@pytest.mark.parametrize("view", VIEWS)
def test_no_view_shows_the_password_and_each_shows_the_host(view: str) -> None:
    shown = VIEWS[view](plan_changing_notes())
    assert "pw0rd1" not in shown
    assert SHOWN_NOTES in shown


def test_the_text_plan_shows_the_live_notes_masked_and_the_declared_ones_as_written() -> None:
    assert f'notes: "{SHOWN_NOTES}" → "changed"' in render_text(plan_changing_notes(), color=False)


def test_a_drift_report_shows_the_live_notes_masked() -> None:
    shown = render_drift_text(drifts.report(("d.yaml", plan_changing_notes())), color=False)
    assert f'notes: expected "changed", actual "{SHOWN_NOTES}"' in shown


def test_a_saved_plan_holds_the_masked_notes_and_its_apply_still_checks_the_writes_it_made() -> None:
    text = plan_to_json(plan_changing_notes())
    saved = json.loads(text)["changes"][0]
    assert saved["before"]["notes"] == SHOWN_NOTES and saved["fields"][0]["before"] == SHOWN_NOTES
    check_not_stale(plan_from_dict(json.loads(text)), plan_changing_notes())
    other = dataclasses.replace(plan_changing_notes(), changes=plan_changing_notes("other").changes)
    with pytest.raises(StalePlanError):
        check_not_stale(plan_from_dict(json.loads(text)), other)
