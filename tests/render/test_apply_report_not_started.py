"""Units not started for one reason, with nothing done, are said once with their names under it: an
interrupted rollout of 300 connections repeated "not started: interrupted" and the not-applied list
of each in three lines (fz14)."""

from __future__ import annotations

from iotplan.apply.outcome import Outcome, Status
from iotplan.render.apply_report import render_apply_text

INTERRUPTED = "not started: interrupted"


def not_started(name: str, changes: int, message: str = INTERRUPTED) -> Outcome:
    return Outcome(name, Status.NOT_STARTED, message, pending=[f"{name}/d{n}" for n in range(changes)])


def test_units_not_started_for_one_reason_are_said_once_where_the_first_stood() -> None:
    outcomes = [
        Outcome("site-1", Status.APPLIED, calls=1, applied=["site-1"]),
        not_started("site-2", 3),
        Outcome("site-3", Status.FAILED, "HTTP 500", calls=1, pending=["site-3/d0"]),
        not_started("site-4", 1),
        not_started("site-5", 2, "not started: the rollout stopped"),
    ]

    lines = render_apply_text(outcomes, None, "interrupted", color=False).splitlines()

    assert lines[:7] == [
        "  site-1: applied (1 change)",
        "  2 not started: interrupted",
        "    site-2 (3 changes not applied)",
        "    site-4 (1 change not applied)",
        "  site-3: failed",
        "    HTTP 500",
        "    not applied: site-3/d0",
    ]
    assert lines[7:9] == ["  1 not started: the rollout stopped", "    site-5 (2 changes not applied)"]


def test_a_unit_not_started_after_part_of_it_was_written_keeps_its_own_lines() -> None:
    half = Outcome("site-2", Status.NOT_STARTED, INTERRUPTED, applied=["site-2/d0"], pending=["site-2/d1"])

    outcomes = [half, not_started("site-3", 1), not_started("site-4", 1)]

    lines = render_apply_text(outcomes, None, "interrupted", color=False).splitlines()

    assert lines[:5] == [
        "  site-2: not started",
        f"    {INTERRUPTED}",
        "    applied: site-2/d0",
        "    not applied: site-2/d1",
        "  2 not started: interrupted",
    ]
