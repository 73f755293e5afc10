"""A port setting's line noting the loggers it cuts off, as planned: the note's counts grow while the
plan waits and a logger put on the port since is named in a plan made now (each the platform's
doing: apply/stale.py tells the second), but the note's text as the file holds it is what its review
read, so any other edit of it is the file's (cr105 F2, F3: a logger renamed, dropped or made up in
the note, its port or tail reworded, or the note deleted, passed as no edit, or told as the platform
changed)."""

from __future__ import annotations

import dataclasses

from iotplan.apply.edited import edited_parts
from iotplan.plan.edge import with_loggers_cut_off
from iotplan.plan.model import FORMAT_VERSION, Action, Cause, Change
from tests.plan.edgebuilder import logger_change, setting_change


def logger(key: str, count: int) -> Change:
    return logger_change(key, Action.NOOP, Cause.IN_SYNC, "in sync", observations=count)


def relinked(*loggers: Change) -> Change:
    """Port 1's link changed, noted as planned with `loggers` on the port."""
    return with_loggers_cut_off([setting_change("t1", "port1.comm_type", "RS485", "RS232")], {1: loggers})[0]


def edited(change: Change, old: str, new: str) -> Change:
    assert old in change.reason, change.reason
    return dataclasses.replace(change, reason=change.reason.replace(old, new))


def test_a_cut_off_note_edited_in_the_plan_file_is_an_edit() -> None:
    reviewed = relinked(logger("vw", 705), logger("crew", 3))
    assert edited_parts(reviewed, relinked(logger("vw", 1706), logger("crew", 4)), FORMAT_VERSION) == []
    assert (
        edited_parts(
            reviewed, relinked(logger("vw", 705), logger("crew", 3), logger("new", 0)), FORMAT_VERSION
        )
        == []
    )
    now = relinked(logger("vw", 705), logger("crew", 3))
    for old, new in (
        ("port 1 feeds", "port 3 feeds"),
        ("t1/vw (", "t1/vx ("),
        (" and t1/crew (3 observations)", ""),
        ("t1/crew (3 observations)", "t1/crew (3 observations) and t1/fake (0 observations)"),
        ("cuts off their readings, not the gateway", "cuts off their readings briefly, not the gateway"),
        ("; port 1 feeds t1/vw (705 observations) and t1/crew (3 observations)", "; port 1 feeds t1/vw"),
    ):
        assert edited_parts(edited(reviewed, old, new), now, FORMAT_VERSION) == ["reason"], new
    deleted = dataclasses.replace(reviewed, reason="differs from the manifest")
    assert edited_parts(deleted, now, FORMAT_VERSION) == ["reason"]
