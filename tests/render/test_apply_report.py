"""The apply report never calls a run converged, or verified, while a gateway is left waiting: a
gateway not read (pending) or refused has settings nobody compared, and it is listed with the units."""

from __future__ import annotations

import json

from iotplan.apply.outcome import Outcome, Status
from iotplan.plan.model import Action, Cause, Change, format_known
from iotplan.render.apply_report import (
    APPLY_FORMAT_VERSION,
    INCOMPLETE,
    apply_report_dict,
    render_apply_text,
    render_refused_json,
)
from tests.plan.edgebuilder import gateway_change, setting_change
from tests.render.plans import in_sync, plan

APPLIED = Outcome("dam-a", Status.APPLIED, calls=1, applied=["dam-a"])
ASLEEP = gateway_change("thread-north", Action.PENDING, Cause.GATEWAY_ASLEEP, "asleep: 192.0.2.10 sleeps")
REFUSED = gateway_change("thread-south", Action.REFUSED, Cause.GATEWAY_MISMATCH, "mismatch: serial 8A9B0C")
VERIFIED = "Verified: a fresh read shows no changes."
UNWRITTEN = setting_change(
    "thread-north",
    "port1.mode",
    None,
    "RS485",
    Action.NOOP,
    cause=Cause.UNVERIFIABLE,
    reason="unverifiable (the gateway cannot report it), so not written",
)


def text(outcomes: list[Outcome], *waiting: Change) -> str:
    return render_apply_text(outcomes, plan(in_sync("dam-a"), *waiting), "", color=False)


def test_a_gateway_still_pending_after_apply_is_listed_and_the_run_is_not_converged() -> None:
    report = apply_report_dict([APPLIED], plan(in_sync("dam-a"), ASLEEP), "")
    assert report["converged"] is False
    assert report["outcomes"][1] == {
        "connection": ASLEEP.address,
        "status": "pending",
        "message": ASLEEP.reason,
        "calls": 0,
        "applied": [],
        "not_applied": [ASLEEP.address],
        "not_checked": [],  # its declared settings not known here: it lists itself
        "outcome_unknown": [],
        "confirmed_by_fresh_read": [],
        "found_made": [],
        "removed_not_recreated": [],
        "removed_recreation_unknown": [],
        "unreviewed": False,
        "next_step": None,
    }


def test_json_says_why_an_apply_with_a_gateway_left_unread_is_not_verified_as_the_text_does() -> None:
    report = apply_report_dict([APPLIED], plan(in_sync("dam-a"), ASLEEP, REFUSED), "")
    why = "1 gateway could not be read (pending) and 1 gateway was refused: their settings are not compared"
    assert report["not_verified"] == why
    assert f"Not verified: {why}." in text([APPLIED], ASLEEP, REFUSED)
    assert apply_report_dict([APPLIED], plan(in_sync("dam-a")), "")["not_verified"] is None


def test_a_refused_gateway_is_listed_as_refused() -> None:
    report = apply_report_dict([APPLIED], plan(in_sync("dam-a"), REFUSED), "")
    assert report["converged"] is False
    assert [(o["connection"], o["status"]) for o in report["outcomes"]] == [
        ("dam-a", "applied"),
        (REFUSED.address, "refused"),
    ]


def test_a_gateway_a_unit_already_reports_is_listed_once_with_what_the_unit_did() -> None:
    failed = Outcome(ASLEEP.address, Status.FAILED, "PUT /api/configure answered 500", calls=1)
    report = apply_report_dict([failed], plan(in_sync("dam-a"), ASLEEP), "")
    assert [(o["connection"], o["status"]) for o in report["outcomes"]] == [(ASLEEP.address, "failed")]
    assert report["converged"] is False


def test_a_clean_fresh_read_is_converged_and_verified() -> None:
    assert apply_report_dict([APPLIED], plan(in_sync("dam-a")), "")["converged"] is True
    shown = text([APPLIED])
    assert "Apply complete" in shown and VERIFIED in shown


def test_the_text_never_says_verified_while_a_gateway_waits() -> None:
    shown = text([APPLIED], ASLEEP, REFUSED)
    assert VERIFIED not in shown
    assert f"  {ASLEEP.address}: pending\n    {ASLEEP.reason}" in shown
    assert f"  {REFUSED.address}: refused\n    {REFUSED.reason}" in shown
    assert "Apply incomplete" in shown
    assert (
        "Not verified: 1 gateway could not be read (pending) and 1 gateway was refused: "
        "their settings are not compared." in shown
    )


def test_a_failed_gateway_write_the_fresh_read_could_not_check_is_not_verified() -> None:
    failed = Outcome(ASLEEP.address, Status.FAILED, "PUT /api/configure answered 500", calls=1)
    shown = text([failed], ASLEEP)
    assert VERIFIED not in shown
    assert "Not verified: 1 gateway could not be read (pending): its settings are not compared." in shown


def test_a_setting_the_gateway_cannot_report_left_unwritten_is_named_beside_verified() -> None:
    report = apply_report_dict([APPLIED], plan(in_sync("dam-a"), UNWRITTEN), "")
    assert report["converged"] is True
    assert report["not_written"] == [
        {"address": "thread-north/edge/port1.mode", "value": "RS485", "reason": UNWRITTEN.reason}
    ]
    shown = text([APPLIED], UNWRITTEN)
    assert VERIFIED in shown
    assert (
        "Not written: 1 setting iotplan cannot verify (thread-north/edge/port1.mode): apply writes it "
        "only with --force-write-only."
    ) in shown


def test_nothing_left_unwritten_adds_nothing() -> None:
    assert apply_report_dict([APPLIED], plan(in_sync("dam-a")), "")["not_written"] == []
    assert "Not written" not in text([APPLIED])


def test_a_refused_apply_is_a_document_with_its_reason_and_nothing_to_verify() -> None:
    reason = "this apply would destroy 40 observations: re-run with --allow-destroy"
    assert json.loads(render_refused_json(reason)) == {
        "format_version": APPLY_FORMAT_VERSION,
        "target": None,  # refused before its plan: no target is known
        "target_identity": None,
        "target_rpc_endpoint": None,
        "status": "refused",
        "outcomes": [],
        "stopped": reason,
        "converged": None,
        "remaining": None,
        "not_verified": None,
        "not_written": None,
        "shard": None,
        "grown_since_review": [],
        "refusals": [],
        "applied_counts": {
            "add": 0,
            "change": 0,
            "destroy": 0,
            "replace": 0,
            "removed_not_recreated": 0,
            "removed_recreation_unknown": 0,
            "observations_destroyed": 0,
            "observations_unknown": False,
        },
        "confirmed_counts": {
            "add": 0,
            "change": 0,
            "destroy": 0,
            "replace": 0,
            "observations_gone": 0,
            "observations_unknown": False,
        },
    }


def test_json_tells_a_unit_held_back_for_what_its_removals_now_destroy_from_one_left_by_a_failure() -> None:
    held_back = Outcome("dam-b", Status.NOT_STARTED, "the platform changed", unreviewed=True)
    after_failure = Outcome("dam-c", Status.NOT_STARTED, "rollout stopped")
    report = apply_report_dict([APPLIED, held_back, after_failure], plan(in_sync("dam-a")), "stopped")
    assert [o["unreviewed"] for o in report["outcomes"]] == [False, True, False]


def test_a_report_that_can_say_incomplete_is_in_a_format_newer_than_the_last_without_it() -> None:
    """A script written for the 1.6 report knows `ran`, `no_changes` and `refused` only: a report
    that may say `incomplete` says a version that script can tell from the one it was written for."""
    report = apply_report_dict([], None, "", status=INCOMPLETE)
    assert report["status"] == "incomplete" and not format_known(report["format_version"], "1.6")
