"""What a saved plan read of the entities it held in sync, kept once it is trimmed to its writes.

An apply holds a saved plan's writes alone (commands/apply.py `as_reviewed`): a merged plan of
1,000,000 entities stayed whole in memory through every shard. Yet an entity in sync when planned
that a plan made now writes was changed since, on the platform or in the file, and only what the
plan read of it tells which (apply/stale.py `_changed_since`). So each in-sync entry leaves a 64-bit
digest of its address, and one of each value it read with its key and address: 8 bytes each, some
40 MB for 1,000,000 entities of four values. Only a refusal asks them, so they are made unsorted
and searched once for all it asks (`read_otherwise`).
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import orjson

from iotplan.plan.address import Address

if TYPE_CHECKING:
    from iotplan.plan.model import Change


class InSyncReads:
    """The in-sync entries of a saved plan, by address and by each value their `before` holds (as
    the plan file writes it). Digests made with Python's `hash`, so only within one process: an
    apply makes them as it reads the plan, and asks them of the plan it makes now."""

    __slots__ = ("_addresses", "_values")

    def __init__(self, in_sync: Iterable[Change] = ()) -> None:
        self._addresses, self._values = array("q"), array("q")
        # A saved plan's lists and maps are kept once (render/json_plan.py `_Repeats`): each told once.
        told: dict[int, tuple[str, bytes]] = {}
        for change in in_sync:
            before = change.before
            if before is None:  # none read (a plan file cut by hand)
                continue
            at = hash(change.address)
            self._addresses.append(at)
            for key, value in before.items():
                self._values.append(_value_digest(at, key, value, told))

    def read_otherwise(self, asked: Mapping[Address, Mapping[str, Any]]) -> dict[Address, list[str]]:
        """Of each address asked, with the values a plan made now reads there (as its file would
        write them, by key), the keys whose value is not the one the saved plan read, holding it in
        sync: none for an address the saved plan held no in-sync entry at (a collision of digests
        aside: one in 2**64)."""
        at = {address: hash(address) for address in asked}
        wanted = {
            (address, key): _value_digest(at[address], key, value, {})
            for address, values in asked.items()
            for key, value in values.items()
        }
        held = set(at.values()).intersection(self._addresses)
        read = set(wanted.values()).intersection(self._values)
        otherwise: dict[Address, list[str]] = {}
        for (address, key), digest in wanted.items():
            if at[address] in held and digest not in read:
                otherwise.setdefault(address, []).append(key)
        return otherwise


def _value_digest(at: int, key: str, value: Any, told: dict[int, tuple[str, bytes]]) -> int:
    """A text, number, flag or null hashed as it is (a no-op plan of 100,000 sensors holds each
    entity's few), a list or map as its JSON, told once by the object (`told`)."""
    if isinstance(value, list | dict | tuple):
        held = told.get(id(value))
        if held is None:
            held = told[id(value)] = ("json", _as_json(value))
        return hash((at, key, held))
    return hash((at, key, value))


def _as_json(value: Any) -> bytes:
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # an integer past 64 bits
        return json.dumps(value, sort_keys=True, default=str).encode()
