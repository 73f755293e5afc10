"""An entity's address in a manifest, `dam-a/logger/pz-1`: a small value type instead of `split("/")`.

A connection's address is its key; a device's adds its key, a sensor's its own; a THREAD's
settings read `thread-north/edge/port1.baud_rate`. It is a `str`, so it prints, compares, sorts
and serialises as the text it is.
"""

from __future__ import annotations

from collections.abc import Iterator

SEPARATOR = "/"


class Address(str):
    __slots__ = ()

    @classmethod
    def of(cls, *keys: str) -> Address:
        return cls(SEPARATOR.join(keys))

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(self.split(SEPARATOR))

    @property
    def connection(self) -> str:
        """The connection (site) it belongs to: its first key."""
        return self.split(SEPARATOR, 1)[0]

    @property
    def name(self) -> str:
        """Its own key, the last part."""
        return self.rsplit(SEPARATOR, 1)[-1]

    @property
    def parent(self) -> Address | None:
        head = self.parent_text
        return None if head is None else Address(head)

    @property
    def parent_text(self) -> str | None:
        """`parent` as text: what a hundred thousand sensors are grouped by, no Address made for each."""
        head, separator, _ = self.rpartition(SEPARATOR)
        return head if separator else None

    @property
    def depth(self) -> int:
        return self.count(SEPARATOR)

    def child(self, key: str) -> Address:
        return Address(f"{self}{SEPARATOR}{key}")

    def ancestors(self) -> Iterator[Address]:
        """Every proper ancestor, the connection first."""
        parts = self.parts
        for length in range(1, len(parts)):
            yield Address(SEPARATOR.join(parts[:length]))

    def self_and_ancestors(self) -> Iterator[Address]:
        yield from self.ancestors()
        yield self

    def is_within(self, other: str) -> bool:
        """This address is `other` or lies under it."""
        return self == other or self.startswith(other + SEPARATOR)
