"""Copies: two live entities with one refId, and a live entity that looks like an earlier copy.

There is no lock on the platform, and a platform that does not keep a refId makes every apply
create its entity again (docs/api-assumptions.md). So before a connection or device is created,
an unmanaged one with the same name in the same place is reported as a likely earlier copy to
adopt; and when one refId is carried twice, the plan never picks a copy silently: it keeps the
copy that may hold data, plans the removal of connection copies that certainly hold none, and
reports the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from iotplan.live import LiveConnection, LiveEntity

T = TypeVar("T", LiveConnection, LiveEntity)


@dataclass
class Choice(Generic[T]):
    """Which copy a plan compares against, and what becomes of the others."""

    kept: T | None
    extra: list[T] = field(default_factory=list)
    problem: str = ""


def choose_copy(copies: list[T], holds_data: dict[str, bool], what: str, ref_id: str) -> Choice[T]:
    """One copy: itself. Several: the one that may hold data; refused when more than one may."""
    if len(copies) <= 1:
        return Choice(copies[0] if copies else None)
    ids = [_id(copy) for copy in copies]
    holding = [copy for copy in copies if holds_data[_id(copy)]]
    if len(holding) > 1:
        return Choice(
            None,
            problem=f"{len(copies)} {what}s carry refId {ref_id!r} and more than one may hold observations "
            f"({', '.join(ids)}): keep one (pin it with `id:` or `ref_id:`) and remove the others in the "
            "platform's web app",
        )
    kept = holding[0] if holding else copies[0]
    return Choice(kept, [copy for copy in copies if copy is not kept])


def earlier_copy(name: object, candidates: Iterable[LiveEntity], what: str, adopt: str) -> str:
    """A problem naming the unmanaged entity with the same name, or "" when there is none."""
    if not name:
        return ""
    same = [entity for entity in candidates if entity.props.get("NAME") == name]
    if not same:
        return ""
    found = same[0]
    return (
        f"not found by its refId, but {what} {found.id} named {name!r} (SERIAL_NO {found.ref_id!r}) is not "
        "this stack's: likely an earlier copy on a platform that did not keep its refId (see "
        f"docs/api-assumptions.md). {_adoption(found, adopt)}, or give one of them another name"
    )


def _adoption(found: LiveEntity, adopt: str) -> str:
    """How the manifest can take the copy over; a device or sensor is found by its refId only, so
    one without a SERIAL_NO cannot be adopted until it has one."""
    if adopt == "id":
        return f"Adopt it with `id: {found.id}`"
    if found.ref_id is not None:
        return f"Adopt it with `ref_id: {found.ref_id}`"
    return (
        "It has no SERIAL_NO, so `ref_id:` cannot adopt it (devices and sensors are found by refId "
        f"only): give {found.id} a SERIAL_NO in the platform's web app and adopt it with that `ref_id:`, "
        "remove it there"
    )


def _id(copy: LiveConnection | LiveEntity) -> str:
    return copy.node.id if isinstance(copy, LiveConnection) else copy.id
