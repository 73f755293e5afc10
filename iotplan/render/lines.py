"""One Change as the lines every human view shows, so text and Markdown can never disagree.

A view decides only how a line looks (colour for a terminal, a diff marker for a pull request);
what is shown, and what is hidden, is decided here once.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from iotplan.plan.model import Action, Cause, Change, FieldChange, Plan
from iotplan.render.secrets import SENSITIVE, for_people

SYMBOLS = {
    Action.CREATE: "+",
    Action.UPDATE: "~",
    Action.REMOVE: "-",
    Action.REPLACE: "-/+",
    Action.UNMANAGED: "?",
    Action.DUPLICATE: "*",
    Action.PENDING: "…",
    Action.REFUSED: "!",
    Action.NOOP: "=",
}
# Ordered as the summary line reads, so per-connection counts read the same way.
COUNT_LABELS = {
    Action.CREATE: "to add",
    Action.UPDATE: "to change",
    Action.REMOVE: "to destroy",
    Action.REPLACE: "to replace",
    Action.UNMANAGED: "unmanaged",
    Action.DUPLICATE: "duplicate",
    Action.PENDING: "pending",
    Action.REFUSED: "refused",
    Action.NOOP: "unchanged",
}
DANGER = "danger"  # a line about data loss
NOTE = "note"
HEADER_INDENT = 2
DETAIL_INDENT = 6
NO_CHANGES = "No changes. The platform matches the manifest."


@dataclass(frozen=True)
class Line:
    """`symbol` leads the line and carries its meaning; views style it, never reword it."""

    indent: int
    symbol: str
    text: str
    tone: str = ""  # DANGER or NOTE for lines that are not a value

    def plain(self) -> str:
        return f"{' ' * self.indent}{self.symbol} {self.text}"


@dataclass(frozen=True)
class ConnectionGroup:
    connection: str
    shown: list[Change]
    counts: Counter[Action]

    def counts_phrase(self) -> str:
        return counts_phrase(self.counts)


def connection_groups(changes: Iterable[Change]) -> list[ConnectionGroup]:
    """Changes per connection, connections in order of first appearance.

    Removals come last in a plan, so one connection's changes are not contiguous: grouping by
    first appearance keeps each connection in one place without reordering its changes.
    """
    shown: dict[str, list[Change]] = {}
    counts: dict[str, Counter[Action]] = {}
    for change in changes:
        counts.setdefault(change.connection, Counter())[change.action] += 1
        group = shown.setdefault(change.connection, [])
        if is_shown(change):
            group.append(change)
    return [ConnectionGroup(name, shown[name], counts[name]) for name in shown if shown[name]]


def is_shown(change: Change) -> bool:
    """No-ops are hidden, except settings a gateway cannot report: silence is not agreement."""
    return change.action is not Action.NOOP or change.cause is Cause.UNVERIFIABLE


def counts_phrase(counts: Counter[Action]) -> str:
    return ", ".join(f"{counts[action]} {label}" for action, label in COUNT_LABELS.items() if counts[action])


def partial_notice(plan: Plan) -> str | None:
    """Every view of a plan made under --target or --exclude says so (as Terraform warns)."""
    if not plan.partial:
        return None
    flags = [f"--target {glob!r}" for glob in plan.options.targets]
    flags += [f"--exclude {glob!r}" for glob in plan.options.excludes]
    return (
        f"Partial plan ({' '.join(flags)}): changes outside the selection are not shown and will not be "
        "made, so the platform may still differ from the manifest afterwards."
    )


def change_lines(change: Change) -> Iterator[Line]:
    template = f" ({change.template})" if change.template else ""
    header = f"{change.kind} {change.address}{template}: {change.reason}"
    yield Line(HEADER_INDENT, SYMBOLS[change.action], header)
    if change.action is Action.CREATE:
        yield from _created_fields(change.after or {})
    yield from (_field_line(field) for field in change.fields)
    if change.rereads_data:
        yield Line(DETAIL_INDENT, "!", rereads_phrase(change), DANGER)
    elif change.touches_data_model:
        yield Line(DETAIL_INDENT, "#", "note: metrics change the sensor's data model", NOTE)
    if change.cuts_off and change.action.writes:
        yield Line(DETAIL_INDENT, "!", CUTS_OFF_PHRASE, DANGER)
    if change.destroys_data:
        yield Line(
            DETAIL_INDENT, "!", destroys_phrase(change.observations, change.observations_unknown), DANGER
        )


CUTS_OFF_PHRASE = "may cut the gateway off from the platform: needs --allow-disconnect"


def rereads_phrase(change: Change) -> str:
    held = f"{change.observations:,}" + (
        " counted and an unknown number of" if change.observations_unknown else ""
    )
    return (
        f"changes how {held} observations read (metrics or units of a sensor with history): "
        "needs --allow-data-model-change"
    )


def destroys_phrase(observations: int, unknown: bool = False) -> str:
    if not unknown:
        return f"destroys {observations:,} observations (sensor history cannot be recovered)"
    counted_part = f"{observations:,} counted and " if observations else ""
    return (
        f"destroys {counted_part}an unknown number of observations (the platform reported no count; "
        "treated as holding data)"
    )


def _created_fields(after: dict[str, Any]) -> Iterator[Line]:
    for name, value in after.items():
        yield Line(DETAIL_INDENT, "+", f"{name} = {shown_value(name, value)}")


def _field_line(field: FieldChange) -> Line:
    before = shown_value(field.path, field.before, field.sensitive)
    after = shown_value(field.path, field.after, field.sensitive)
    return Line(DETAIL_INDENT, "~", f"{field.path}: {before} → {after}")


def shown_value(path: str, value: Any, sensitive: bool = False) -> str:
    """A value as a person reads it: JSON literals, secrets hidden, a missing value named."""
    value = for_people(path, value, sensitive)
    if value is None:
        return "(unset)"
    if value == SENSITIVE:
        return SENSITIVE
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
