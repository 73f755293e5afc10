"""Two connections whose names trade places: refused, as iotplan cannot tell which site is which.

Two rows of a --sites file with their `site` keys swapped (site-01 ↔ site-02) render each site's name
(and location, and devices) under the other's key. Planned as it reads, each connection is updated in
place to the other's name: each site's history then reads as the other's, and nothing says so. Whether
the rows were swapped by mistake, the two sites really trade names, or the keys were meant to follow
the sites (a `moved` swap) no rule guesses, so the plan stops, naming both and what each holds. A
connection A trades with B where A's new name is B's live name and B's new name is A's live one,
compared as the plan compares names (exactly). A name taken from a connection renamed to another one
(the two-step way the refusal gives: one renamed to a spare name first) is no trade.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from iotplan.manifest.checks import spare_key_steps
from iotplan.plan.model import Action, Change, Kind, Refusal
from iotplan.wording import observations


@dataclass(frozen=True)
class _Renamed:
    """A connection's update that renames it: from its live name to its new one."""

    change: Change
    live_name: str
    new_name: str


def traded_names(changes: Sequence[Change]) -> list[Refusal]:
    """One refusal per pair of connections trading names, at the first in the plan's order. It is
    about the other one and every write beneath either too: a --target or --exclude writing either
    side alone would relabel one site's history all the same."""
    renamed = list(_renamed_connections(changes))
    if len(renamed) < 2:  # nearly every plan
        return []
    by_live_name: dict[str, list[int]] = {}
    for index, each in enumerate(renamed):
        by_live_name.setdefault(each.live_name, []).append(index)
    return [
        _refusal(one.change, renamed[other].change, changes)
        for index, one in enumerate(renamed)
        for other in by_live_name.get(one.new_name, ())
        if other > index and renamed[other].new_name == one.live_name
    ]


def _renamed_connections(changes: Sequence[Change]) -> Iterator[_Renamed]:
    for change in changes:
        if change.kind is not Kind.NODE or change.action is not Action.UPDATE:
            continue
        for field in change.fields:
            if field.path == "name" and isinstance(field.before, str) and isinstance(field.after, str):
                yield _Renamed(change, field.before, field.after)


def _refusal(one: Change, other: Change, changes: Sequence[Change]) -> Refusal:
    pair = (one.address, other.address)
    beneath = tuple(
        change.address
        for change in changes
        if change.action.writes
        and change.address not in pair
        and any(change.address.is_within(address) for address in pair)
    )
    return Refusal(
        one.address,
        _text(one, other),
        about_also=(other.address, *beneath),
        # Its words rest on what both hold: REST's 0s are asked of JSON-RPC before it is told.
        weighs=tuple((change.project_id, str(change.live_id)) for change in (one, other) if change.live_id),
    )


def _text(one: Change, other: Change) -> str:
    a, b = one.address, other.address
    return (
        f"{a}: would take {b}'s name {_name(other, 'before')!r} while {b} takes {a}'s, "
        f"{_name(one, 'before')!r}: the two connections trade names, so each one's history would read as "
        f"the other's ({_holds(one)}; {_holds(other)}), and iotplan cannot tell which site is which. If "
        "the two keys (two rows of a --sites file) were swapped by mistake, swap the keys back; if the "
        "two sites really trade names, do it in two steps: rename one to a spare name first, apply, then "
        "the other; if the keys were meant to follow the sites, each keeping its history, swap them with "
        "`moved` through a spare key, one entry per apply, deleting each once applied: "
        f"{spare_key_steps([str(a), str(b), str(a)])}"
    )


def _name(change: Change, side: str) -> str:
    """Its live name (`before`) or its new one (`after`)."""
    return next(str(getattr(field, side)) for field in change.fields if field.path == "name")


def _holds(change: Change) -> str:
    held = observations(change.observations, change.observations_unknown)
    return f"{change.address} ({change.live_id}) holds {held}"
