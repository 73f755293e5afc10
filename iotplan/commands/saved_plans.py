"""A saved plan read from its file a change at a time, for every command that reads one back
(`apply plan.json`, `show`, `merge`)."""

from __future__ import annotations

from iotplan.plan.model import Plan
from iotplan.render.json_plan import NotLaidOutHere, plan_from_lines


def read_plan_lines(path: str) -> Plan | None:
    """The plan at `path`, read change by change when it is laid out as iotplan writes plans (no
    decoded copy of the whole document); None when it is not, or is not a plan this iotplan reads:
    the caller then reads it whole, and words what is wrong with it."""
    with open(path, "rb") as lines:
        try:
            return plan_from_lines(lines)
        except NotLaidOutHere:
            return None
