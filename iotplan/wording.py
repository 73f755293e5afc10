"""Counted nouns, the one way every message and view says "1 sensor" and "2 sensors"."""

from __future__ import annotations

IRREGULAR = {"entity": "entities", "is": "are", "goes": "go", "destroys": "destroy", "site is": "sites are"}


def plural(noun: str, count: int) -> str:
    """The noun as `count` needs it: `sensor` → `sensors`, `entity` → `entities`."""
    if count == 1:
        return noun
    return IRREGULAR.get(noun, f"{noun}s")


def counted(count: int, noun: str) -> str:
    """`1 sensor`, `3 sensors`."""
    return f"{count} {plural(noun, count)}"
