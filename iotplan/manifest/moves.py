"""Where a `moved` entry's `from` points: the address its entity has on the platform now.

One convention at every level: beneath a parent another entry moves, a `from` may be written under
the parent's old address (as Terraform writes it: `dam-a/logger-1/crack-1`) or under its new one,
as this manifest declares the parent (`dam-a/logger-2/crack-1`), or under the parent's own `from` as
its entry writes it; each names the same entity. Where an address is both one entry's `to` and
another's `from` (a swap, a chain), the two readings name different entities: `readings` gives both,
and the manifest check refuses the entry (manifest/checks.py) rather than guess.

A `from` under a parent's new address also names the entity standing there when the parent's move
was applied by an earlier run, its entry kept (as Terraform users keep them): `as_written` gives that
reading, and the plan takes whichever of the two names a live entity (plan/moved_readings.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


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
        if not self.sources:
            return declared
        parts = declared.split("/")
        for depth in range(len(parts), 0, -1):
            address = "/".join(parts[:depth])
            if address in self.sources:
                return "/".join([self.platform_address(self.sources[address]), *parts[depth:]])
        return declared

    def as_written(self, declared: str) -> tuple[str, str] | None:
        """The `to` of the entry that moves a declared entity or its nearest moved parent, and the
        address before it reading that entry's `from` as written, where that differs from
        `old_address` (the `from` is written under a parent's new address); None where the two are one."""
        if not self.sources:
            return None
        parts = declared.split("/")
        for depth in range(len(parts), 0, -1):
            address = "/".join(parts[:depth])
            if address in self.sources:
                written = self.sources[address]
                if self.platform_address(written) == written:
                    return None
                return address, "/".join([written, *parts[depth:]])
        return None
