"""A saved plan or drift report read from its file an item at a time, for every command that
reads one back (`apply plan.json`, `show`, `merge`)."""

from __future__ import annotations

from iotplan.plan.drift import Report
from iotplan.plan.model import Plan
from iotplan.render.drift_json import REPORT_OPENINGS, drift_after_head
from iotplan.render.json_plan import (
    PLAN_OPENINGS,
    NotLaidOutHere,
    plan_after_head,
    read_head,
)


def read_saved_lines(path: str) -> Plan | Report | None:
    """The plan or drift report at `path`, read a change or an entry at a time when it is laid out
    as iotplan writes them (no decoded copy of the whole document); None when it is not, or is not
    one this iotplan reads: the caller then reads it whole, and words what is wrong with it."""
    with open(path, "rb") as lines:
        try:
            head, opening = read_head(lines, PLAN_OPENINGS + REPORT_OPENINGS)
            if opening in PLAN_OPENINGS:
                return plan_after_head(head, opening, lines)
            return drift_after_head(head, opening, lines)
        except NotLaidOutHere:
            return None
