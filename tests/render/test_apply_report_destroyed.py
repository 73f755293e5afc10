"""The apply's closing line says what it added, changed and destroyed, and the history destroyed
(fz57: `Apply complete: 32 changes applied; 2 write requests sent.` after destroying 25,000
observations), from what was applied, not what was planned."""

from __future__ import annotations

from iotplan.apply.outcome import Outcome, Status
from iotplan.plan.model import Action, FieldChange
from iotplan.render.apply_report import apply_report_dict, render_apply_text
from tests.render.plans import change, in_sync, plan

RENAME = (FieldChange("name", "Old", "New"),)
APPLIED_PLAN = plan(
    change("c17", Action.REMOVE, "not in the manifest", observations=25_000),
    change("c18", Action.REMOVE, "not in the manifest", observations=7),  # never written: not destroyed
    change("c0/d0/s0", Action.UPDATE, "differs", fields=RENAME),
    change("c0/d0/s9", Action.CREATE, "not on the platform"),
)
OUTCOMES = [
    Outcome("c17", Status.APPLIED, calls=1, applied=["c17"]),
    Outcome("c18", Status.FAILED, "refused", calls=1, pending=["c18"]),
    Outcome("c0", Status.APPLIED, calls=1, applied=["c0/d0/s0", "c0/d0/s9"]),
]


def test_the_closing_line_counts_what_was_added_changed_and_destroyed_with_its_history() -> None:
    text = render_apply_text(OUTCOMES, None, "", color=False, plan=APPLIED_PLAN)
    assert (
        "Apply incomplete: 3 changes applied (1 added, 1 changed, 1 destroyed; 25,000 observations "
        "destroyed); 3 write requests sent."
    ) in text


def test_the_json_report_counts_them_too() -> None:
    report = apply_report_dict(OUTCOMES, plan(in_sync("c0")), "", plan=APPLIED_PLAN)
    assert report["applied_counts"] == {
        "add": 1,
        "change": 1,
        "destroy": 1,
        "replace": 0,
        "removed_not_recreated": 0,
        "removed_recreation_unknown": 0,
        "observations_destroyed": 25_000,
        "observations_unknown": False,
    }


def test_a_replacement_removed_and_not_created_again_counts_its_history_destroyed() -> None:
    replaced = plan(change("c1/d0/s0", Action.REPLACE, "template", observations=40))
    half_done = Outcome(
        "c1", Status.FAILED, "refused", calls=2, pending=["c1/d0/s0"], removed={"c1/d0/s0": None}
    )
    text = render_apply_text([half_done], None, "", color=False, plan=replaced)
    assert (
        "0 changes applied (0 added, 0 changed, 0 destroyed, 1 removed and not created again; "
        "40 observations destroyed)"
    ) in text


def test_nothing_written_adds_no_zeros() -> None:
    never_sent = Outcome("c17", Status.INTERRUPTED, calls=0, pending=["c17"])
    text = render_apply_text([never_sent], None, "interrupted", color=False, plan=APPLIED_PLAN)
    assert "Apply interrupted: 0 changes applied; 0 write requests sent." in text
