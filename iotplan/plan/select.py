"""--target and --exclude: globs over addresses, following parents and children."""

from __future__ import annotations

from collections.abc import Sequence
from fnmatch import fnmatchcase

from iotplan.plan.address import Address
from iotplan.plan.model import Action, Change


def select_changes(
    changes: Sequence[Change], targets: Sequence[str], excludes: Sequence[str]
) -> list[Change]:
    """Targeted entities with their ancestors and descendants, less excluded entities and theirs.

    An ancestor follows a target because a child cannot be created without it; a descendant
    follows because targeting a device means everything in it. Excluding a parent excludes its
    children, never the other way round.
    """
    if not targets and not excludes:
        return list(changes)
    chosen = [change for change in changes if not _matches_self_or_ancestor(change.address, excludes)]
    if not targets:
        return chosen
    hits = [change.address for change in chosen if _matches(change.address, targets)]
    selected = [change for change in chosen if any(_related(change.address, hit) for hit in hits)]
    # Replacing an entity re-creates all of it: its whole subtree comes along, never a part.
    replaced = tuple(change.address + "/" for change in selected if change.action is Action.REPLACE)
    kept = {id(change) for change in selected}
    return [change for change in chosen if id(change) in kept or change.address.startswith(replaced)]


def _related(address: Address, hit: Address) -> bool:
    return address.is_within(hit) or hit.is_within(address)


def _matches(address: str, globs: Sequence[str]) -> bool:
    return any(fnmatchcase(address, glob) for glob in globs)


def _matches_self_or_ancestor(address: Address, globs: Sequence[str]) -> bool:
    return any(_matches(each, globs) for each in address.self_and_ancestors())
