"""Updates grouped by what they change, as a reviewer reads them: a unit changed on 10,000 sensors is
one change made 10,000 times. The plan-wide lists (the text view's distinct updates, the Markdown
data-model warning) group them here, so those agree; a connection's block folds its own updates by
lines.py's key (`_group`), which also keeps apart those it warns of differently.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from iotplan.plan.edge import downgrades
from iotplan.plan.model import Action, Change, FieldChange, Kind, Plan
from iotplan.render.lines import CAUTION, DANGER, HEADER_INDENT, NOTE, Line, field_text, said_once, shown_text
from iotplan.secrets import mask_known
from iotplan.wording import (
    counted,
    cut_off,
    first,
    history_reread,
    no_reliable_count,
    observations,
    sent_back,
)

Alike = list[tuple[str, list[Change]]]
DISTINCT_SHOWN = 10  # distinct updates the summary names before it counts the rest
NAMED = 3  # connections (or entities) a distinct update's line names before it counts the rest
# A block's `may cut the gateway off`, said of a setting on one or many gateways.
_CUTS_A_GATEWAY_OFF = cut_off("a gateway")
_SENDS_A_GATEWAY_BACK = sent_back("a gateway")  # and an app_version older than a gateway reports


def alike_data_model_changes(rereads: Sequence[Change]) -> Alike:
    """The changes grouped by what they do to the data model, as a reviewer reads it, most sensors
    first (ties in the plan's order)."""
    return _alike(rereads, data_model_change)


def alike_updates(updates: Sequence[Change]) -> Alike:
    """Updates grouped by all the fields they change, as the text view shows them, most entities
    first (ties in the plan's order)."""
    return _alike(updates, _all_fields)


def _alike(changes: Sequence[Change], what: Callable[[tuple[FieldChange, ...]], str]) -> Alike:
    alike: dict[tuple[str, str], list[Change]] = {}
    said: dict[tuple[Any, ...], str] = {}  # `what` of the fields alike, said once (`said_once`)
    for change in changes:
        alike.setdefault((change.kind, said_once(said, change.fields, what)), []).append(change)
    return sorted(((said, grouped) for (_, said), grouped in alike.items()), key=lambda item: -len(item[1]))


def data_model_change(changed: tuple[FieldChange, ...]) -> str:
    """`metrics[0].unit: "Pa" → "kPa"`: the data-model fields of a change's fields, shown as the
    text view shows them (secrets hidden); all of them when none is one the differ names."""
    # Only these group the changes: a moved or renamed sensor's other fields make none of their own.
    fields = [field for field in changed if field.rereads_history] or changed
    return "; ".join(field_text(field) for field in fields)


def _all_fields(fields: tuple[FieldChange, ...]) -> str:
    return "; ".join(field_text(field) for field in fields)


def connections_of(changes: Sequence[Change]) -> list[str]:
    """The connections `changes` are in, each once, in the plan's order. One key may name a connection
    in each project: counted apart (the list's length), named as often."""
    return [connection for _, connection in dict.fromkeys((c.project_id, c.connection) for c in changes)]


def distinct_updates(plan: Plan, shown: int = DISTINCT_SHOWN) -> tuple[str, list[Line]] | None:
    """Each distinct update once, with where and how many: those that change how history reads
    first, then the rest, most entities first, `shown` of them and the rest counted: a heading
    and its lines, which the text view puts last before the impact (the end of the output is what a
    terminal and a CI log leave in view) and the Markdown view before the connection blocks it may
    cut. None when no two updates are alike: the blocks above say it all. Alike as the
    blocks fold them, every field compared: grouped by their data-model fields alone, a sensor renamed
    as its unit changed was counted with the unit and its rename said nowhere here."""
    if plan.summary.change < 2:  # no two updates to be alike: a no-op plan's 100,000 changes not walked
        return None
    update = Action.UPDATE  # looked up once, not per change
    updates = [change for change in plan.changes if change.action is update]
    rereading = alike_updates([change for change in updates if change.rereads_data])
    others = alike_updates([change for change in updates if not change.rereads_data])
    alike = rereading + sorted(others, key=lambda item: not _flagged(item[1]))  # flagged ones first
    if len(alike) == len(updates):
        return None
    heading = f"{counted(len(alike), 'distinct update')} on {_entities(updates)}:"
    lines = [_distinct_line(what, changes) for what, changes in alike[:shown]]
    return heading, [*lines, *_distinct_not_shown(alike[shown:])]


def _entities(changes: list[Change]) -> str:
    """`4,400 sensors`, `42 gateways`, or `12 entities` of more than one kind. A gateway's settings
    are a change each, so its gateways are counted, as `_where` does: 23 settings changed on 42
    THREADs were `on 966 edges`."""
    edges = [change for change in changes if change.kind is Kind.EDGE]
    count = len(changes) - len(edges) + len(connections_of(edges))
    kinds = {change.kind for change in changes}
    if len(kinds) > 1:
        return counted(count, "entity")
    return counted(count, "gateway" if edges else kinds.pop())


def _distinct_line(what: str, changes: list[Change]) -> Line:
    """`! metrics[0].unit: "Pa" → "kPa" on 4,400 sensors in 400 connections (c0, c1, c2 and 397 more):
    changes how 461,100 observations read: needs --allow-data-model-change`."""
    said = f"{what} on {_where(changes)}"
    if changes[0].rereads_data:
        return Line(HEADER_INDENT, "!", f"{said}: changes {_reread(changes)}", DANGER)
    if _cuts_off(changes):
        return Line(HEADER_INDENT, "!", f"{said}: {_CUTS_A_GATEWAY_OFF}", CAUTION)
    if _downgrades(changes):
        return Line(HEADER_INDENT, "!", f"{said}: {_SENDS_A_GATEWAY_BACK}", CAUTION)
    return Line(HEADER_INDENT, "~", said)


def _flagged(changes: list[Change]) -> bool:
    return _cuts_off(changes) or _downgrades(changes)


def _cuts_off(changes: list[Change]) -> bool:
    return any(change.cuts_off for change in changes)


def _downgrades(changes: list[Change]) -> bool:
    """Alike, they change one version to one: all of them downgrade, or none. Asked of each all the
    same, as `downgrades` reads a change's own field."""
    return any(downgrades(change) for change in changes)


def _where(changes: list[Change]) -> str:
    """`a/l/s1, a/l/s2`; `12 sensors in connection c0`; `4,400 sensors in 400 connections (c0, c1,
    c2 and 397 more)`."""
    if len(changes) <= NAMED:
        return ", ".join(_named(change.address) for change in changes)
    connections = connections_of(changes)
    named = [_named(name) for name in dict.fromkeys(connections)]
    if changes[0].kind is Kind.EDGE:  # a setting of one THREAD gateway, its connection: one a gateway
        return f"{counted(len(connections), 'gateway')} ({first(named, NAMED)})"
    entities = counted(len(changes), changes[0].kind)
    if len(connections) == 1:
        return f"{entities} in connection {named[0]}"
    return f"{entities} in {counted(len(connections), 'connection')} ({first(named, NAMED)})"


def _named(address: str) -> str:
    return shown_text(mask_known(address))


def _reread(changes: list[Change]) -> str:
    """`how 1,200 observations read: needs ...`, saying for how many no count can be relied on."""
    unknown = sum(change.observations_unknown for change in changes)
    held = observations(sum(change.observations for change in changes), bool(unknown))
    why = f" ({no_reliable_count(counted(unknown, changes[0].kind))})" if unknown else ""
    return history_reread(held, why)


def _distinct_not_shown(left: Alike) -> list[Line]:
    """`12 more distinct updates on 40 entities, each in its connection above`, saying apart those
    that need a flag: folded or not, their warning is in their connection's block. Past ten distinct
    data-model changes, `cloud_connection: false` on 30 THREADs was counted here with no word of it."""
    if not left:
        return []
    changes = [change for _, grouped in left for change in grouped]
    more = f"{counted(len(left), 'more distinct update')} on {_entities(changes)}"
    rereading = _rereading_left(left)
    cutting_off = _flagged_left(left, _cuts_off, _CUTS_A_GATEWAY_OFF)
    sending_back = _flagged_left(left, _downgrades, _SENDS_A_GATEWAY_BACK)
    flagged = [said for said in (rereading, cutting_off, sending_back) if said]
    if not flagged:
        return [Line(HEADER_INDENT, "#", f"{more}, each in its connection above", NOTE)]
    text = f"{more} ({'; '.join(flagged)}), each in its connection above"
    return [Line(HEADER_INDENT, "!", text, DANGER if rereading else CAUTION)]


def _rereading_left(left: Alike) -> str:
    """`5 of them, on 10 sensors, change how 30 observations read: needs ...`; empty if none do."""
    rereading = [grouped for _, grouped in left if grouped[0].rereads_data]
    rereads = [change for grouped in rereading for change in grouped]
    if not rereads:
        return ""
    return f"{len(rereading):,} of them, on {_entities(rereads)}, change {_reread(rereads)}"


def _flagged_left(left: Alike, flagged: Callable[[list[Change]], bool], said: str) -> str:
    """`1 of them, on 30 gateways, may cut a gateway off ...: needs --allow-disconnect`, `said` of the
    distinct updates left that are `flagged`; empty if none is."""
    flagged_left = [grouped for _, grouped in left if flagged(grouped)]
    if not flagged_left:
        return ""
    gateways = counted(
        len(connections_of([change for grouped in flagged_left for change in grouped])), "gateway"
    )
    return f"{len(flagged_left):,} of them, on {gateways}, {said}"
