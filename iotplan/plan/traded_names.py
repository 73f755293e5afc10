"""Connections whose names trade places: refused, as iotplan cannot tell which site is which.

Two rows of a --sites file with their `site` keys swapped (site-01 ↔ site-02) render each site's name
(and location, and devices) under the other's key; three rotated, each under the next one's. Planned
as it reads, each connection is updated in place to another's name: each site's history then reads
as another's, and nothing says so. The names traded in the platform's web app, the manifest right,
read the same. Which it is no rule guesses, so the plan stops, naming every connection of the trade
and what each holds. A connection takes another's name where its new name is that one's live name,
compared as the plan compares names (exactly); a trade is a closed cycle of such takings (A takes
B's, B takes A's; or A B's, B C's, C A's). A chain that ends in a name no connection holds (the
two-step way the refusal gives: one renamed to a spare name first) is no trade.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from iotplan.live.model import LiveProject
from iotplan.manifest.checks import spare_key_steps
from iotplan.plan.address import Address
from iotplan.plan.desired import OtherNode
from iotplan.plan.model import Action, Cause, Change, FieldChange, Kind, Refusal
from iotplan.wording import observations

_HOW_MANY = {2: "two", 3: "three", 4: "four"}
# Said of a rename only another shard plans: never shown, read by this rule alone.
ELSEWHERE = "renamed by another shard"


@dataclass(frozen=True)
class _Renamed:
    """A connection's update that renames it: from its live name to its new one."""

    change: Change
    live_name: str
    new_name: str


def traded_names(changes: Sequence[Change]) -> list[Refusal]:
    """One refusal per closed cycle of connections trading names, at its first in the plan's order.
    It is about the others and every write beneath any too: a --target or --exclude writing one
    side alone would relabel one site's history all the same."""
    renamed = list(_renamed_connections(changes))
    if len(renamed) < 2:  # nearly every plan
        return []
    return _refused(renamed, changes, len(renamed))


def traded_across_shards(
    changes: Sequence[Change], others: Sequence[OtherNode], projects: Mapping[str, LiveProject]
) -> list[Refusal]:
    """Under --shard, the trades through this shard's connections and other shards' (`traded_names`
    refuses those within it), from what every shard has at no request more: the other shards'
    declared names (`OtherNode`) and their connections' live ones (the connection list every shard
    reads whole: `LiveProject.named_elsewhere`), at the first of this shard's. Each shard of the
    trade refuses it. The list carries no count: the other shards' hold an unknown number."""
    mine = list(_renamed_connections(changes))
    theirs = list(_renamed_elsewhere(others, projects)) if mine else []
    if not theirs:  # nearly every shard
        return []
    return _refused([*mine, *theirs], changes, len(mine))


def _refused(renamed: list[_Renamed], changes: Sequence[Change], mine: int) -> list[Refusal]:
    """One refusal per closed cycle through one of the first `mine` of `renamed`, and, where there
    are more (another shard's), through one of those too."""
    by_live_name: dict[str, list[int]] = {}
    for index, each in enumerate(renamed):
        by_live_name.setdefault(each.live_name, []).append(index)
    takes = [by_live_name.get(each.new_name, []) for each in renamed]
    refusals = []
    for component in _closed_cycles(takes):
        if component[0] >= mine or (mine < len(renamed) and component[-1] < mine):
            continue  # another shard's alone, or this shard's alone, which its plan refuses
        trade = _in_turn(component, takes)
        joined = [renamed[index] for index in component if index not in trade]
        refusals.append(_refusal([renamed[index] for index in trade], joined, changes))
    return refusals


def _renamed_elsewhere(
    others: Sequence[OtherNode], projects: Mapping[str, LiveProject]
) -> Iterator[_Renamed]:
    """The other shards' API connections whose declared name is not their listed one."""
    for other in others:
        project = projects.get(other.project_id)
        if other.thread or other.name is None or project is None or not project.named_elsewhere:
            continue
        listed = next(
            (project.named_elsewhere[c] for c in other.claims if c in project.named_elsewhere), None
        )
        if listed is not None and listed[1] != other.name:
            yield _Renamed(_renamed_by_another_shard(other, *listed), listed[1], other.name)


def _renamed_by_another_shard(other: OtherNode, node_id: str, live_name: str) -> Change:
    node = Address(other.key)
    renamed = (FieldChange("name", live_name, other.name),)
    return Change(
        node,
        Kind.NODE,
        Action.UPDATE,
        other.project_id,
        node,
        ELSEWHERE,
        Cause.DIFFERS,
        live_id=node_id,
        fields=renamed,
        observations_unknown=True,
    )


def _renamed_connections(changes: Sequence[Change]) -> Iterator[_Renamed]:
    for change in changes:
        if change.kind is not Kind.NODE or change.action is not Action.UPDATE:
            continue
        for field in change.fields:
            if field.path == "name" and isinstance(field.before, str) and isinstance(field.after, str):
                yield _Renamed(change, field.before, field.after)


def _closed_cycles(takes: list[list[int]]) -> list[list[int]]:
    """The strongly connected components of two or more (Tarjan's, without recursion: a chain of
    10,000 renames is no deeper a stack), each sorted, in the order of their first. Live names are
    nearly always unique, each connection then taking one other's at most, and a component is one
    cycle; two connections named alike may join two cycles in one, refused once."""
    order: dict[int, int] = {}
    low: dict[int, int] = {}
    stack: list[int] = []
    on_stack: set[int] = set()
    found: list[list[int]] = []
    for root in range(len(takes)):
        if root in order:
            continue
        work = [(root, 0)]
        while work:
            node, next_edge = work.pop()
            if next_edge == 0:
                order[node] = low[node] = len(order)
                stack.append(node)
                on_stack.add(node)
            if next_edge < len(takes[node]):
                work.append((node, next_edge + 1))
                taken = takes[node][next_edge]
                if taken not in order:
                    work.append((taken, 0))
                elif taken in on_stack:
                    low[node] = min(low[node], order[taken])
                continue
            if low[node] == order[node]:
                component = _popped_to(node, stack, on_stack)
                if len(component) > 1:
                    found.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return sorted(found)


def _popped_to(node: int, stack: list[int], on_stack: set[int]) -> list[int]:
    component = []
    while True:
        each = stack.pop()
        on_stack.discard(each)
        component.append(each)
        if each == node:
            return component


def _in_turn(component: list[int], takes: list[list[int]]) -> list[int]:
    """The shortest cycle through the component's first, each followed by the one whose name it
    takes: the component itself, but where two connections named alike join two cycles in one."""
    start, members = component[0], set(component)
    reached_from: dict[int, int] = {}
    waiting = deque([start])
    while waiting:
        one = waiting.popleft()
        if start in takes[one]:
            break
        for taken in takes[one]:
            if taken in members and taken not in reached_from and taken != start:
                reached_from[taken] = one
                waiting.append(taken)
    turn = [one]
    while turn[-1] != start:
        turn.append(reached_from[turn[-1]])
    return turn[::-1]


def _refusal(trade: list[_Renamed], joined: list[_Renamed], changes: Sequence[Change]) -> Refusal:
    """At the trade's first; `joined`: the connections of another cycle through one of its names.
    Another shard's connection is weighed by its shard, which reads it."""
    addresses = tuple(each.change.address for each in (*trade, *joined))
    beneath = tuple(
        change.address
        for change in changes
        if change.action.writes
        and change.address not in addresses
        and any(change.address.is_within(address) for address in addresses)
    )
    return Refusal(
        addresses[0],
        _text(trade),
        about_also=(*addresses[1:], *beneath),
        # Its words rest on what all hold: REST's 0s are asked of JSON-RPC before it is told.
        weighs=tuple(
            (each.change.project_id, str(each.change.live_id))
            for each in (*trade, *joined)
            if each.change.live_id and each.change.reason != ELSEWHERE
        ),
    )


def _text(trade: list[_Renamed]) -> str:
    first, *rest = trade
    takings = zip(rest, [*rest[1:], first], strict=True)
    others = ", and ".join(
        f"{one.change.address} takes {taken.change.address}'s, {taken.live_name!r}" for one, taken in takings
    )
    other = "the other" if len(trade) == 2 else "another"
    return (
        f"{first.change.address}: would take {rest[0].change.address}'s name {rest[0].live_name!r} while "
        f"{others}: the {_how_many(trade)} connections trade names, so each one's history would read as "
        f"{other}'s ({'; '.join(_holds(each.change) for each in trade)}), and iotplan cannot tell which site "
        f"is which. {_ways_forward(trade)}"
    )


def _ways_forward(trade: list[_Renamed]) -> str:
    """The commonest first: the names traded in the web app overnight, the manifest right."""
    pair = len(trade) == 2
    keys = [str(each.change.address) for each in trade]
    moves = [keys[0], *reversed(keys[1:]), keys[0]]  # each key's site goes to the key taking its name
    mistaken = (
        "two keys (two rows of a --sites file) were swapped by mistake, swap the keys back"
        if pair
        else "keys (rows of a --sites file) were rotated by mistake, put them back"
    )
    return (
        "If the names were traded in the platform's web app, trade them back there (the manifest is then "
        f"in sync); if the {mistaken}; if the {_how_many(trade)} sites really trade names, do it in two "
        f"steps: rename one to a spare name first, apply, then the {'other' if pair else 'others'}; if the "
        f"keys were meant to follow the sites, each keeping its history, {'swap' if pair else 'rotate'} them "
        "with `moved` through a spare key, one entry per apply, deleting each once applied: "
        f"{spare_key_steps(moves)}"
    )


def _how_many(trade: list[_Renamed]) -> str:
    return _HOW_MANY.get(len(trade), str(len(trade)))


def _holds(change: Change) -> str:
    held = observations(change.observations, change.observations_unknown)
    if change.reason == ELSEWHERE:
        whose = "another shard's, whose count the connection list omits"
        return f"{change.address} ({change.live_id}, {whose}) holds {held}"
    return f"{change.address} ({change.live_id}) holds {held}"
