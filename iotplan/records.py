"""`@record`: the immutable value classes a command makes one of per entity, built fast.

A `@dataclass(frozen=True)` sets each field through `object.__setattr__` in its `__init__`: a plan
entry of 20 fields took 4 µs to build instead of 0.6 µs, and a no-op plan of 111,100 entities
builds one plan entry and one desired entity each (0.7 s together). A record is frozen for the
type checker (mypy, run by CI, refuses any assignment to a field: PEP 681's `frozen_default`),
and a plain slotted dataclass at run time, with no hash: nothing puts one in a set or uses one as a
key (most hold a dict or a list, which has no hash anyway; a drift `Entry` does not).

To set a derived field in `__post_init__`, use `object.__setattr__`, as a frozen dataclass must.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar, dataclass_transform

T = TypeVar("T")


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: type[T]) -> type[T]:
    return dataclass(slots=True)(cls)
