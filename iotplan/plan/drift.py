"""A plan read as a drift report: per entity and gateway setting, how reality compares with git.

Drift is a plan seen from the other side. Where the plan says what to do, the report says what
is: a planned creation means the entity is MISSING, an update that it was MODIFIED (expected is
the manifest's value, actual the platform's). An entity whose parent is reported too is folded
into it, so one device deleted behind iotplan's back is one MISSING entry, not one per sensor.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from iotplan.plan.address import Address
from iotplan.plan.model import Action, Cause, Change, FieldChange, Kind, Plan
from iotplan.plan.props import SECRET_FIELDS, SENSITIVE

DRIFT_FORMAT_VERSION = "1.0"


class Status(StrEnum):
    IN_SYNC = "IN_SYNC"
    MODIFIED = "MODIFIED"
    MISSING = "MISSING"
    UNMANAGED = "UNMANAGED"
    DUPLICATE = "DUPLICATE"
    PENDING = "PENDING"
    UNREACHABLE = "UNREACHABLE"
    NOT_CHECKED = "NOT_CHECKED"

    @property
    def is_drift(self) -> bool:
        return self in (Status.MODIFIED, Status.MISSING, Status.UNMANAGED, Status.DUPLICATE)


# The order a report lists statuses in: what needs a person first.
STATUS_ORDER = (
    Status.MISSING,
    Status.MODIFIED,
    Status.DUPLICATE,
    Status.UNMANAGED,
    Status.UNREACHABLE,
    Status.PENDING,
    Status.NOT_CHECKED,
    Status.IN_SYNC,
)


@dataclass(frozen=True)
class Difference:
    path: str
    expected: Any  # the manifest's value
    actual: Any  # the platform's (or the gateway's) value


@dataclass(frozen=True)
class Entry:
    manifest: str
    site: str  # the connection's key: one site is one connection
    address: Address
    kind: Kind
    status: Status
    reason: str
    live_id: str | None = None
    differences: tuple[Difference, ...] = ()
    folded: int = 0  # descendants reported with this entry (a missing device's sensors)


@dataclass
class Report:
    target: str
    entries: list[Entry] = field(default_factory=list)
    format_version: str = DRIFT_FORMAT_VERSION

    @property
    def counts(self) -> Counter[Status]:
        return Counter(entry.status for entry in self.entries)

    @property
    def drifted(self) -> bool:
        return any(entry.status.is_drift for entry in self.entries)

    def sites(self) -> dict[tuple[str, str], list[Entry]]:
        grouped: dict[tuple[str, str], list[Entry]] = {}
        for entry in self.entries:
            grouped.setdefault((entry.manifest, entry.site), []).append(entry)
        return grouped

    def summary_line(self) -> str:
        counts = self.counts
        parts = [
            f"{counts[status]} {status.value.lower().replace('_', ' ')}"
            for status in STATUS_ORDER
            if counts[status] or status is not Status.DUPLICATE  # rare: named only when found
        ]
        verdict = "Drift detected" if self.drifted else "No drift"
        return f"{verdict}: " + ", ".join(parts) + "."


def drift_entries(plan: Plan, manifest: str) -> list[Entry]:
    """One entry per entity and gateway setting of one manifest's plan."""
    reported = {change.address: change for change in plan.changes if _folds_children(change.action)}
    folded: Counter[str] = Counter()
    kept: list[Change] = []
    for change in plan.changes:
        ancestor = _reported_ancestor(change, reported)
        if ancestor is not None:
            folded[ancestor] += 1
        else:
            kept.append(change)
    return [_entry(change, manifest, folded[change.address]) for change in kept]


def _folds_children(action: Action) -> bool:
    return action in (Action.CREATE, Action.REMOVE, Action.UNMANAGED, Action.REPLACE, Action.DUPLICATE)


def _folds(parent: Action, child: Action) -> bool:
    """A child planned the same way as its parent, or re-created with its replaced parent."""
    return parent is child or (parent is Action.REPLACE and child is Action.CREATE)


def _reported_ancestor(change: Change, reported: dict[Address, Change]) -> str | None:
    for parent in change.address.ancestors():
        if parent in reported and _folds(reported[parent].action, change.action):
            return parent
    return None


def _entry(change: Change, manifest: str, folded: int) -> Entry:
    status, reason = _status(change)
    differences = tuple(
        Difference(each.path, _masked(each, each.after), _masked(each, each.before)) for each in change.fields
    )
    return Entry(
        manifest=manifest,
        site=change.connection,
        address=change.address,
        kind=change.kind,
        status=status,
        reason=reason,
        live_id=change.live_id,
        differences=differences,
        folded=folded,
    )


def _masked(field: FieldChange, value: Any) -> Any:
    secret = field.sensitive or field.path.split(".")[0] in SECRET_FIELDS
    return SENSITIVE if secret and value is not None else value


def _status(change: Change) -> tuple[Status, str]:
    action = change.action
    if action is Action.CREATE:
        return Status.MISSING, "declared in the manifest, not on the platform"
    if action in (Action.UPDATE, Action.REPLACE):
        return Status.MODIFIED, change.reason
    if action is Action.DUPLICATE or change.cause is Cause.DUPLICATE:
        return Status.DUPLICATE, change.reason
    if action in (Action.REMOVE, Action.UNMANAGED):  # live, and not declared: owned by us or not
        return Status.UNMANAGED, change.reason
    if action is Action.PENDING:
        asleep = change.cause is Cause.GATEWAY_ASLEEP
        return (Status.PENDING if asleep else Status.UNREACHABLE), change.reason
    if action is Action.REFUSED or change.cause is Cause.UNVERIFIABLE:
        return Status.NOT_CHECKED, change.reason
    return Status.IN_SYNC, change.reason
