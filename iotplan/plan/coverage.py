"""`--shard i/n`: which part of a fleet one CI job plans, found with no coordination.

A connection belongs to shard `sha256(address) mod n + 1`: the first 8 bytes of the SHA-256 of
its address (the manifest key, UTF-8), read as a big-endian integer. Not Python's `hash()`,
which is salted per process: every runner, on any machine and any Python, puts a connection in
the same shard. Everything beneath a connection (devices, sensors, its gateway's settings)
goes with it, so a shard's plan is whole for the connections it holds.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from iotplan.wording import quoted

MAX_SHARDS = 256  # a GitHub Actions matrix runs at most 256 jobs
_DIGITS = re.compile("[0-9]+")  # ASCII: isdigit() and int() take any script's digits (`١/٢`)


def shard_of(address: str, count: int) -> int:
    """The 1-based shard of `count` that the connection at `address` belongs to."""
    digest = hashlib.sha256(address.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


def shard_of_change(connection: str, count: int) -> int:
    """The shard whose plan holds a change at `connection` (its connection's address). A copy's
    (`dam-a#E42930`: a duplicate of declared `dam-a`, its copy in another case or project, another
    stack's namesake) is the declared connection's: that shard reads it and reports it. An address
    that is all id (`#E42930`, a connection no stack declares, carrying the stack's orphans) is
    hashed as it reads, as the read hashes it (live/read.py `_strays_here`)."""
    copied = connection.partition("#")[0]
    return shard_of(copied or connection, count)


@dataclass(frozen=True)
class Shard:
    """Shard `index` of `count`, 1-based as GitLab's CI_NODE_INDEX."""

    index: int
    count: int

    def __post_init__(self) -> None:
        if not 1 <= self.index <= self.count <= MAX_SHARDS:
            raise ValueError(
                f"shard {self.index}/{self.count}: give i/n with 1 <= i <= n <= {MAX_SHARDS} "
                "(i counts from 1, as GitLab's CI_NODE_INDEX; a GitHub matrix index plus 1)"
            )

    @classmethod
    def parse(cls, text: str) -> Shard:
        index, slash, count = text.strip().partition("/")
        if not slash or not _DIGITS.fullmatch(index.strip()) or not _DIGITS.fullmatch(count.strip()):
            raise ValueError(f"{quoted(text)} is not i/n: write the shard as 3/10 (the third of ten)")
        return cls(int(index), int(count))

    def holds(self, address: str) -> bool:
        return shard_of(address, self.count) == self.index

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


@dataclass(frozen=True)
class Coverage:
    """Which shards of one split a plan or report covers: one shard's, or all of them once merged."""

    count: int
    covered: tuple[int, ...]
    # A merged plan's connections by shard, so that its apply goes shard by shard.
    connections: Mapping[str, int] = field(default_factory=dict)
    # --target/--exclude patterns that matched nothing here: merge refuses one no shard matched.
    unmatched: tuple[str, ...] = ()

    @classmethod
    def of(cls, shard: Shard) -> Coverage:
        return cls(shard.count, (shard.index,))

    @property
    def complete(self) -> bool:
        return sorted(self.covered) == list(range(1, self.count + 1))

    def shard_of_connection(self, connection: str) -> int:
        if len(self.covered) == 1:
            return self.covered[0]
        return self.connections[connection]

    def label(self) -> str:
        if len(self.covered) == 1:
            return f"shard {self.covered[0]}/{self.count}"
        return (
            f"all {self.count} shards" if self.complete else f"shards {ranges(self.covered)} of {self.count}"
        )


def ranges(indices: tuple[int, ...]) -> str:
    """1, 2, 3, 5 → `1-3, 5`."""
    runs: list[list[int]] = []
    for index in sorted(indices):
        if runs and index == runs[-1][-1] + 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}" for run in runs)
