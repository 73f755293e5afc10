"""Counted nouns, the one way every message and view says "1 sensor" and "2 sensors"."""

from __future__ import annotations

IRREGULAR = {
    "entity": "entities",
    "is": "are",
    "was": "were",
    "goes": "go",
    "destroys": "destroy",
    "site is": "sites are",
}


def plural(noun: str, count: int) -> str:
    """The noun as `count` needs it: `sensor` → `sensors`, `entity` → `entities`."""
    if count == 1:
        return noun
    return IRREGULAR.get(noun, f"{noun}s")


def counted(count: int, noun: str) -> str:
    """`1 sensor`, `3 sensors`, `111,100 sensors`."""
    return f"{count:,} {plural(noun, count)}"


def observations(known: int, unknown: bool) -> str:
    """`12 observations`; with counts missing, `at least 12 observations`, or, with none counted,
    `an unknown number of observations` (never "at least 0")."""
    if not unknown:
        return f"{known:,} {plural('observation', known)}"
    if not known:
        return "an unknown number of observations"
    return f"at least {known:,} observations"
