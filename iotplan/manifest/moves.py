"""Where a `moved` entry's `from` points: the address its entity has on the platform now.

One convention at every level: beneath a parent another entry moves, a `from` may be written under
the parent's old address (as Terraform writes it: `dam-a/logger-1/crack-1`) or under its new one,
as this manifest declares the parent (`dam-a/logger-2/crack-1`), or under the parent's own `from` as
its entry writes it; each names the same entity. Where an address is both one entry's `to` and
another's `from` (a swap, a chain), the two readings name different entities: `readings` gives both,
and the manifest check refuses the entry (manifest/checks.py) rather than guess.

Where an earlier run applied some of the parents' moves, their entries kept (as Terraform users keep
them), the entity stands under a mix of old and new keys however its `from` is written: `spellings`
gives every such address, and the plan takes the one naming a live entity (plan/moved_readings.py).
So where the entity's own move was made, its entry then rewritten beneath parents moved since
(`{from: dam-a/logger-1, to: dam-b/logger-2}` once `dam-a/logger-2` was applied): its new key under
each mix is a reading too, unless an entry's `from` names that address (another entity).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable
from dataclasses import dataclass


def shown_entry(index: int, old: str, new: str) -> str:
    """A `moved` entry as messages name it: its place in the list and what it says."""
    return f"moved[{index}] {{from: {old}, to: {new}}}"


@dataclass(frozen=True)
class Moves:
    """The manifest's `moved` entries, as written."""

    sources: dict[str, str]  # `to` → `from`, as written
    origins: frozenset[str]  # each `from`, as written

    @classmethod
    def of(cls, entries: Iterable[tuple[str, str]]) -> Moves:
        """From (`from`, `to`) pairs; an entry to itself renames nothing."""
        moves = [(old, new) for old, new in entries if old != new]
        return cls({new: old for old, new in moves}, frozenset(old for old, _ in moves))

    def readings(self, written: str) -> list[str]:
        """The platform addresses a `from` may name: one, unless a parent's address is both one
        entry's `to` and another's `from`. The old reading first (the address as it stands on the
        platform now), then the one under the parent as this manifest declares it."""
        parts = written.split("/")
        for depth in range(len(parts) - 1, 0, -1):  # its parent first: the nearest parent decides
            parent, rest = "/".join(parts[:depth]), parts[depth:]
            as_old = self.readings(parent) if parent in self.origins else []
            as_new = self.readings(self.sources[parent]) if parent in self.sources else []
            if as_old or as_new:
                return list(dict.fromkeys("/".join([each, *rest]) for each in (*as_old, *as_new)))
        return [written]

    def platform_address(self, written: str) -> str:
        """The address a `from` names on the platform now (the old reading where two are possible:
        the manifest check refuses those before any plan)."""
        return self.readings(written)[0]

    def old_address(self, declared: str) -> str:
        """The address a declared entity has on the platform before this manifest's moves of it and
        its parents: itself if none moves it."""
        nearest = self._nearest_moved(declared)
        if nearest is None:
            return declared
        moved_to, rest = nearest
        return "/".join([self.platform_address(self.sources[moved_to]), *rest])

    def spellings(self, declared: str) -> tuple[str, list[str]] | None:
        """The `to` of the entry that moves a declared entity or its nearest moved parent, and each
        address the entity may have on the platform now, an earlier run having applied any of the moves
        of that entry's `from`'s parents or the entry's own: each moved parent under its old key or its
        new one (at most four mixes, a sensor's connection and device), the moved entity under its old
        key, then its new one, `old_address` first. None where there is one."""
        nearest = self._nearest_moved(declared)
        return None if nearest is None else self._spellings(*nearest)

    def _nearest_moved(self, declared: str) -> tuple[str, list[str]] | None:
        """The `to` of the entry moving `declared` itself or its nearest moved parent, and the keys
        beneath it; None where no entry moves either."""
        if not self.sources:
            return None
        parts = declared.split("/")
        for depth in range(len(parts), 0, -1):
            address = "/".join(parts[:depth])
            if address in self.sources:
                return address, parts[depth:]
        return None

    def _spellings(self, moved_to: str, rest: list[str]) -> tuple[str, list[str]] | None:
        old = self.platform_address(self.sources[moved_to]).split("/")
        new = moved_to.split("/")
        if len(old) != len(new) or old[:-1] == new[:-1]:  # another parent (refused), or no moved parent
            return None
        keys = [dict.fromkeys(pair) for pair in zip(old[:-1], new[:-1], strict=True)]
        mixes = list(itertools.product(*keys))
        as_old = ["/".join([*parents, old[-1], *rest]) for parents in mixes]
        # Its own move made by an earlier run, its entry kept and rewritten beneath moved parents: it
        # stands under its new key. Not where an entry's `from` stands: that names another entity.
        as_new = [
            "/".join([*parents, new[-1], *rest])
            for parents in mixes
            if "/".join([*parents, new[-1]]) not in self._origins_now
        ]
        return moved_to, list(dict.fromkeys([*as_old, *as_new]))

    @functools.cached_property
    def _origins_now(self) -> frozenset[str]:
        """Every address an entry's `from` may name on the platform now."""
        return frozenset(reading for written in self.origins for reading in self.readings(written))
