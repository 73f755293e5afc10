"""The plan is a value: ordered Changes with their field diffs, serialisable, doing no I/O."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

FORMAT_VERSION = "1.0"


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    REPLACE = "replace"  # a template change: remove, then create (destroys history)
    REMOVE = "remove"
    NOOP = "no-op"
    UNMANAGED = "unmanaged"  # live, not declared, not ours: reported, never touched
    PENDING = "pending"  # a gateway that is unreachable or asleep: tried again next run
    REFUSED = "refused"  # a gateway whose serial does not match its connection: never written

    @property
    def writes(self) -> bool:
        return self in (Action.CREATE, Action.UPDATE, Action.REPLACE, Action.REMOVE)

    @property
    def destroys(self) -> bool:
        return self in (Action.REMOVE, Action.REPLACE)


@dataclass(frozen=True)
class FieldChange:
    """One field that differs, named as the manifest names it (`name`, `location.lat`)."""

    path: str
    before: Any
    after: Any
    sensitive: bool = False


@dataclass(frozen=True)
class Change:
    """What happens to one entity, and why."""

    address: str
    kind: str  # "node", "device" or "sensor"
    action: Action
    project_id: str
    connection: str  # the address of the connection that carries this change
    reason: str
    ref_id: str | None = None  # the refId the entity has (or gets) on the platform
    live_id: str | None = None
    live_ref_id: str | None = None  # differs from ref_id when `moved` renames it
    template: str | None = None
    before: dict[str, Any] | None = None  # manifest-shaped; secrets as references, never values
    after: dict[str, Any] | None = None
    fields: tuple[FieldChange, ...] = ()
    observations: int = 0  # destroyed by this change, its descendants included
    fingerprint: str | None = None  # of the live entity, to detect a stale saved plan
    touches_data_model: bool = False  # metrics of an existing sensor change (contract A8)

    @property
    def depth(self) -> int:
        return self.address.count("/")


@dataclass(frozen=True)
class Summary:
    add: int = 0
    change: int = 0
    destroy: int = 0
    replace: int = 0
    unmanaged: int = 0
    unchanged: int = 0
    pending: int = 0
    refused: int = 0

    @property
    def has_changes(self) -> bool:
        return bool(self.add or self.change or self.destroy or self.replace)

    def line(self) -> str:
        """The pinned summary line: an interface, scripts grep for it."""
        text = f"Plan: {self.add} to add, {self.change} to change, {self.destroy} to destroy"
        if self.replace:
            text += f", {self.replace} to replace"
        for count, label in (
            (self.unmanaged, "unmanaged"),
            (self.pending, "pending"),
            (self.refused, "refused"),
        ):
            if count:
                text += f", {count} {label}"
        return text + "."


@dataclass(frozen=True)
class ManifestSource:
    """Which manifest a plan was made from, so a saved plan can be checked against it."""

    path: str
    digest: str
    vars_file: str | None = None
    sites_file: str | None = None


@dataclass(frozen=True)
class Plan:
    target: str
    stack: str
    manifest: ManifestSource
    changes: tuple[Change, ...] = ()
    format_version: str = FORMAT_VERSION
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def summary(self) -> Summary:
        counts = Counter(change.action for change in self.changes)
        return Summary(
            add=counts[Action.CREATE],
            change=counts[Action.UPDATE],
            destroy=counts[Action.REMOVE],
            replace=counts[Action.REPLACE],
            unmanaged=counts[Action.UNMANAGED],
            unchanged=counts[Action.NOOP],
            pending=counts[Action.PENDING],
            refused=counts[Action.REFUSED],
        )

    @property
    def writes(self) -> tuple[Change, ...]:
        return tuple(change for change in self.changes if change.action.writes)
