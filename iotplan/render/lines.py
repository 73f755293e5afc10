"""One Change as the lines every human view shows, so text and Markdown can never disagree.

A view decides only how a line looks (colour for a terminal, a diff marker for a pull request);
what is shown, and what is hidden, is decided here once.
"""

from __future__ import annotations

import dataclasses
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from iotplan.look_alikes import look_alike
from iotplan.plan.edge import downgrades
from iotplan.plan.impact import SMALLEST_TIER, Impact, Pace, impact_of
from iotplan.plan.model import DESTROYING, Action, Cause, Change, FieldChange, Kind, Plan
from iotplan.plan.on_device import made_on_device
from iotplan.plan.renames import rename_phrase
from iotplan.plan.unwritten import differs_unwritten
from iotplan.records import record
from iotplan.render.secrets import SENSITIVE, for_people
from iotplan.secrets import mask_known, masks_none
from iotplan.wording import (
    counted,
    cut_off,
    escaped_where_unseen,
    first,
    history_reread,
    joined,
    json_escape,
    no_reliable_count,
    observations,
    observations_held,
    plural,
    sent_back,
)

_DIGIT_RUNS = re.compile("([0-9]+)")  # ASCII: int() takes any script's digits

# One encoder for every value shown: json.dumps with options builds a new one per call, and a cold
# apply of 100,000 sensors shows 200,000 values.
_AS_JSON = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))
_QUOTED = json.encoder.encode_basestring  # what _AS_JSON.encode does with a str
SYMBOLS = {
    Action.CREATE: "+",
    Action.UPDATE: "~",
    Action.REMOVE: "-",
    Action.REPLACE: "-/+",
    Action.UNMANAGED: "?",
    Action.DUPLICATE: "*",
    Action.PENDING: "…",
    Action.REFUSED: "!",
    Action.NOOP: "=",
}
# Ordered as the summary line reads, so per-connection counts read the same way.
COUNT_LABELS = {
    Action.CREATE: "to add",
    Action.UPDATE: "to change",
    Action.REMOVE: "to destroy",
    Action.REPLACE: "to replace",
    Action.UNMANAGED: "unmanaged",
    Action.DUPLICATE: "duplicate",
    Action.PENDING: "pending",
    Action.REFUSED: "refused",
    Action.NOOP: "unchanged",
}
DANGER = "danger"  # a line about data loss
# A line about a gateway that may be cut off: as loud as DANGER in a terminal, yet no removal, so a
# pull request's diff does not colour it as one.
CAUTION = "caution"
NOTE = "note"
HEADER_INDENT = 2
DETAIL_INDENT = 6
NO_CHANGES = "No changes. The platform matches the manifest."
NO_CHANGES_ON_DEVICE = "No changes. This THREAD matches the manifest."
NO_CHANGES_IN_SELECTION = "No changes in the selection."
NOTHING_TO_DESTROY = (
    "Nothing to destroy: the stack owns nothing that --destroy removes (what it adopted stays: "
    "connections adopted by id, THREADs among them with their devices and sensors, and entities adopted "
    "by a ref_id that is not the stack's own)."
)


def no_changes_line(plan: Plan) -> str:
    """A partial plan saw only its selection, one shard's plan only its shard, and a gateway not read
    or refused was not compared: what lies outside may still differ, so none says the whole platform
    (or THREAD) matches."""
    unread = unread_gateways(plan)
    shard = one_shard(plan)
    if unread:
        where = " in the selection" if plan.partial else f" in {shard}" if shard else ""
        if plan.holds_creations:  # a held logger is missing: there is something to do, not yet
            return f"Not converged{where}: {unread}; nothing else to make now."
        return f"No changes{where} to make now; {unread}."
    if plan.partial:
        return NO_CHANGES_IN_SELECTION
    if shard:
        return f"No changes in {shard}."
    if plan.options.destroy:  # nothing the stack owns is left, or all it holds was adopted
        return NOTHING_TO_DESTROY
    differing = sum(1 for change in plan.changes if differs_unwritten(change))
    if differing:  # noted on their `=` lines: nothing iotplan writes makes them match (drift MODIFIED)
        where = "this THREAD" if made_on_device(plan) else "the platform"
        verb = "differs" if differing == 1 else "differ"
        return (
            f"No changes to write, but {counted(differing, 'entity')} {verb} "
            f"from the manifest in what iotplan does not write (noted below): {where} does not match it."
        )
    left = left_alone(plan)
    if left:  # nothing to do, yet not a match: `drift` calls them drift
        where = "this THREAD" if made_on_device(plan) else "the platform"
        return f"No changes. {left} left alone (listed below): {where} holds more than the manifest declares."
    # Noted on their `=` lines (a logger on a port read or declared off): "matches" would claim them.
    unconfirmed = sum(1 for change in plan.changes if change.on_dead_port)
    if unconfirmed:
        verb, them = ("is", "it") if unconfirmed == 1 else ("are", "them")
        return (
            f"No changes to write, but {counted(unconfirmed, 'entity')} {verb} not confirmed as the "
            f"manifest declares {them} (noted below)."
        )
    unverifiable = sum(1 for change in plan.changes if _folds_unread(change))
    if unverifiable:  # never written, never compared: "matches" would claim what no read saw
        where = "This THREAD" if made_on_device(plan) else "The platform"
        return (
            f"No changes. {where} matches the manifest but for "
            f"{counted(unverifiable, 'setting')} iotplan cannot verify (below)."
        )
    return NO_CHANGES_ON_DEVICE if made_on_device(plan) else NO_CHANGES


def left_alone(plan: Plan) -> str:
    """`2 unmanaged entities and 1 duplicate are`, or "": what a plan reports and never touches."""
    unmanaged, duplicate = plan.summary.unmanaged, plan.summary.duplicate
    parts = [f"{unmanaged:,} unmanaged {plural('entity', unmanaged)}"] if unmanaged else []
    parts += [counted(duplicate, "duplicate")] if duplicate else []
    return f"{' and '.join(parts)} {plural('is', unmanaged + duplicate)}" if parts else ""


def unread_gateways(plan: Plan) -> str:
    """`1 gateway could not be read (pending): its settings are not compared`, or "" when every
    gateway was read: a plan or a verifying read that says no more than it saw. THREAD loggers held
    on a port their gateway did not confirm are pending too, and said apart."""
    summary = plan.summary
    if not summary.gateways_waiting:
        return ""
    held = [change for change in plan.changes if change.cause is Cause.PORT_UNCONFIRMED]
    said = (_gateways_waiting(summary.pending - len(held), summary.refused), _loggers_held(held))
    return "; ".join(part for part in said if part)


def _gateways_waiting(pending: int, refused: int) -> str:
    parts = []
    if pending:
        parts.append(f"{counted(pending, 'gateway')} could not be read (pending)")
    if refused:
        parts.append(f"{counted(refused, 'gateway')} {plural('was', refused)} refused")
    whose = "its" if pending + refused == 1 else "their"
    return " and ".join(parts) + f": {whose} settings are not compared" if parts else ""


def _loggers_held(held: list[Change]) -> str:
    loggers = sum(change.kind is Kind.DEVICE for change in held)
    whose = "its" if loggers == 1 else "their"
    return f"{counted(loggers, 'logger')} held, not created: {whose} port is not confirmed" if loggers else ""


@record  # one per line of a plan: 400,000 for 100,000 sensors created
class Line:
    """`symbol` leads the line and carries its meaning; views style it, never reword it."""

    indent: int
    symbol: str
    text: str
    tone: str = ""  # DANGER, CAUTION or NOTE for lines that are not a value

    def plain(self) -> str:
        return f"{' ' * self.indent}{self.symbol} {self.text}"


COLLAPSE_AT = 5  # identical updates in one connection shown as one line from this many on


@dataclass(frozen=True)
class Collapsed:
    """Identical updates of one connection, shown once: `~ 12 sensors: unit "mm" → "m"`, with the
    warning each would carry (what they all reread, summed)."""

    # The fold's key (`_group`): one kind, the same fields, and alike in rereading history, touching
    # the data model and being on a THREAD.
    changes: list[Change]

    @property
    def kind(self) -> str:
        return self.changes[0].kind

    @property
    def fields(self) -> tuple[FieldChange, ...]:
        return self.changes[0].fields

    @property
    def addresses(self) -> list[str]:
        return [change.address for change in self.changes]

    @property
    def rereads_data(self) -> bool:
        return self.changes[0].rereads_data


@dataclass(frozen=True)
class ConnectionGroup:
    connection: str
    project_id: str
    shown: list[Change]
    counts: Counter[Action]
    collapsed: list[Collapsed] = field(default_factory=list)
    # Where its first write comes among the connections the plan writes to (None: it writes nothing):
    # the plan's order, for views that rank connections their own way and keep it for ties.
    first_write: int | None = None

    def counts_phrase(self) -> str:
        return counts_phrase(self.counts)

    @property
    def risk(self) -> int:
        """0 destroys history, 1 removes or replaces, 2 changes how history reads, 3 the rest: the
        order a reviewer reads in. A unit changed fleet-wide touches every connection with history:
        ranked with the removals, it buried a connection's removal behind thousands of its lines."""
        # `Action.destroys`, by a set lookup in C: a group's risk asks it of each of 100,000 creations.
        destroying = [change for change in self.shown if change.action in DESTROYING]  # few, if any
        if any(change.destroys_data for change in destroying):
            return 0
        if destroying:
            return 1
        rereading = any(change.rereads_data for change in self.shown)
        return 2 if rereading or any(each.rereads_data for each in self.collapsed) else 3


def as_one_run_orders(plan: Plan) -> Plan:
    """A merged plan's changes are its shards' one after the other, so its connections came in shard
    order (`c0`, `c2`, `c7`, then shard 2's `c1`): one run's follow the manifest, which a merged plan
    does not record. Its connections are put in the order of their keys, digits as numbers (`c2`
    before `c10`): one run's where the manifest declares them so (a fleet's generated one), and the
    same whatever the split. Each connection's changes keep the plan's order. Text and Markdown both,
    so that a merged plan names the distinct updates one run's names."""
    coverage = plan.shard
    if coverage is None or len(coverage.covered) < 2:
        return plan
    projects = {
        project: index for index, project in enumerate(dict.fromkeys(c.project_id for c in plan.changes))
    }
    keys = {connection: _in_numbers(connection) for connection in {c.connection for c in plan.changes}}
    changes = sorted(plan.changes, key=lambda change: (projects[change.project_id], keys[change.connection]))
    return dataclasses.replace(plan, changes=tuple(changes))


def _in_numbers(key: str) -> tuple[tuple[int, str], ...]:
    """`c10` as ((-1, "c"), (10, "")): digits compared as numbers, the rest as text."""
    parts = _DIGIT_RUNS.split(key)
    return tuple(
        (int(part), "") if part.isascii() and part.isdigit() else (-1, part) for part in parts if part
    )


def connection_groups(changes: Sequence[Change], *, detail: bool = True) -> list[ConnectionGroup]:
    """Changes per connection: those that destroy history first, then those that remove, then those
    that change how history reads, then the rest, each in order of first appearance; within a
    connection, the plan's order. Without `detail`, the gateway settings iotplan cannot verify are
    left to one line of their own (`unverified_settings`): a converged plan of 42 THREADs was 42
    blocks of `= port1.mode: unverifiable`, 84 of its 172 lines.

    Removals come last in a plan, so one connection's changes are not contiguous: grouping by
    first appearance keeps each connection in one place without reordering its changes. Without
    `detail`, identical updates are collapsed into one line.
    """
    # Counted in one pass in C (a no-op plan is 100,000 changes); its keys keep first appearance. A
    # connection is one key in one project, as apply's units are: a key left in two is two groups.
    tally = Counter((change.project_id, change.connection, change.action) for change in changes)
    counts: dict[tuple[str, str], Counter[Action]] = {}
    first_writes: dict[tuple[str, str], int] = {}
    for (project_id, connection, action), count in tally.items():
        counts.setdefault((project_id, connection), Counter())[action] += count
        if action.writes:  # the tally's keys in first appearance: its first write is its first writing key
            first_writes.setdefault((project_id, connection), len(first_writes))
    shown: dict[tuple[str, str], list[Change]] = {}
    for change in changes:
        if is_shown(change) and (detail or not _folds_unread(change)):
            shown.setdefault((change.project_id, change.connection), []).append(change)
    groups = [
        _group(where[1], where[0], shown[where], counts[where], detail, first_writes.get(where))
        for where in counts
        if where in shown
    ]
    order = {project: index for index, project in enumerate(dict.fromkeys(where[0] for where in counts))}
    return sorted(groups, key=lambda group: (order[group.project_id], group.risk))


def _group(
    name: str,
    project: str,
    shown: list[Change],
    counts: Counter[Action],
    detail: bool,
    first_write: int | None,
) -> ConnectionGroup:
    if detail:
        return ConnectionGroup(name, project, shown, counts, first_write=first_write)
    # A data-model change folds with its like, keeping its warning (the fold's line sums what they
    # reread): a unit changed on a fleet was three lines a sensor, the same three 13,200 times.
    alike: dict[tuple[str, bool, bool, bool, str], list[Change]] = {}
    signatures: dict[tuple[Any, ...], str] = {}  # by `fields_key`: a fleet's updates say one thing
    for change in shown:
        if _foldable(change):
            marks = (change.rereads_data, change.touches_data_model, change.on_thread)
            signature = said_once(signatures, change.fields, _signature)
            alike.setdefault((change.kind, *marks, signature), []).append(change)
    groups = [group for group in alike.values() if len(group) >= COLLAPSE_AT]
    folded = {id(change) for group in groups for change in group}
    collapsed = [Collapsed(group) for group in groups]
    shown = [c for c in shown if id(c) not in folded]
    return ConnectionGroup(name, project, shown, counts, collapsed, first_write)


def _folds_unread(change: Change) -> bool:
    """A gateway setting iotplan cannot verify, left unwritten: one line says them all."""
    return change.cause is Cause.UNVERIFIABLE and change.kind is Kind.EDGE and change.action is _NOOP


def unverified_settings(changes: Sequence[Change]) -> str | None:
    """`Not written: 126 settings iotplan cannot verify (port1.mode, port2.mode, port3.mode on 42
    gateways; --detail lists them): apply writes them only with --force-write-only.`, as the apply
    report says them; None when there are none."""
    unread = [change for change in changes if _folds_unread(change)]
    if not unread:
        return None
    names = list(dict.fromkeys(shown_text(mask_known(change.address.name)) for change in unread))
    gateways = counted(len(dict.fromkeys((c.project_id, c.connection) for c in unread)), "gateway")
    them = "it" if len(unread) == 1 else "them"
    return (
        f"Not written: {counted(len(unread), 'setting')} iotplan cannot verify ({first(names, 3)} on "
        f"{gateways}; --detail lists {them}): apply writes {them} only with --force-write-only."
    )


def _foldable(change: Change) -> bool:
    """An update, unless it may cut a gateway off, sends one back to an older application, or moves
    an entity (its reason names where from, and a `moved` site is what a reviewer looks for): each of
    those keeps its own line."""
    return (
        change.action is Action.UPDATE
        and not change.cuts_off
        and change.cause is not Cause.MOVED
        and not downgrades(change)
    )


def said_once(
    said: dict[tuple[Any, ...], str],
    fields: tuple[FieldChange, ...],
    say: Callable[[tuple[FieldChange, ...]], str],
) -> str:
    """`say(fields)`, kept in `said` by `fields_key` and taken from there for field changes alike: a
    unit changed on 100,000 sensors was said 100,000 times, every value asked for secrets each time."""
    key = fields_key(fields)
    if key is None:
        return say(fields)
    text = said.get(key)
    if text is None:
        text = said[key] = say(fields)
    return text


def fields_key(fields: tuple[FieldChange, ...]) -> tuple[Any, ...] | None:
    """Field changes as a key equal only for changes every view says alike: their values' classes
    with them (`1` and `true` are equal values, said apart), and only a text, an int, a bool or none
    (a float's `-0.0` equals `0.0`, a text's subclass compares otherwise, a list does not hash); None
    for any other, said anew each time."""
    key = []
    for each in fields:
        before, after = each.before, each.after
        if before.__class__ not in _KEYED or after.__class__ not in _KEYED:
            return None
        key.append((each.path, before.__class__, before, after.__class__, after, each.sensitive))
    return tuple(key)


_KEYED = frozenset((str, int, bool, type(None)))


def _signature(fields: tuple[FieldChange, ...]) -> str:
    """Field changes as comparable text (their values may be lists, which do not hash)."""
    return json.dumps([(f.path, f.before, f.after, f.sensitive) for f in fields], sort_keys=True, default=str)


def collapsed_lines(collapsed: Collapsed) -> Iterator[Line]:
    count = len(collapsed.addresses)
    what = ", ".join(_field_line(each).text for each in collapsed.fields)
    yield Line(HEADER_INDENT, SYMBOLS[Action.UPDATE], f"{counted(count, collapsed.kind)}: {what}")
    yield from _collapsed_warning(collapsed)
    more = count - 3
    named = [change.address for change in _most_held_first(collapsed.changes)[:3]]
    yield Line(DETAIL_INDENT, "#", f"{', '.join(named)} and {more:,} more (--detail lists them)", NOTE)


def _most_held_first(changes: list[Change]) -> list[Change]:
    """Those holding the most observations first, an unknown count before a known one as large, the
    rest in the plan's order: a fold names three, and the sensor holding a million observations was
    one of `and 97 more` when it came late in its connection."""
    return sorted(changes, key=lambda change: (-change.observations, not change.observations_unknown))


def _collapsed_warning(collapsed: Collapsed) -> Iterator[Line]:
    """What each folded change would say of its data model, said once for all of them."""
    changes = collapsed.changes
    if collapsed.rereads_data:
        known = sum(change.observations for change in changes)
        unknown = sum(change.observations_unknown for change in changes)
        whose = _whose(changes[0].on_thread, len(changes))
        yield Line(DETAIL_INDENT, "!", _rereads(known, unknown, whose, len(changes)), DANGER)
    elif changes[0].touches_data_model:
        yield Line(DETAIL_INDENT, "#", touches_phrase(changes[0], len(changes)), NOTE)


def is_shown(change: Change) -> bool:
    """No-ops are hidden, except settings a gateway cannot report (silence is not agreement) and
    what differs with nothing to write (a THREAD logger's serial edited behind iotplan)."""
    return change.action is not _NOOP or change.cause in _SHOWN_NOOPS


# Read once, and a set lookup: asked of each of 100,000 no-ops, the members read through their
# classes and compared as texts cost 0.2 µs each.
_NOOP = Action.NOOP
_SHOWN_NOOPS = frozenset({Cause.UNVERIFIABLE, Cause.DIFFERS})


def counts_phrase(counts: Counter[Action]) -> str:
    return ", ".join(
        f"{counts[action]:,} {label}" for action, label in COUNT_LABELS.items() if counts[action]
    )


def data_model_phrase(plan: Plan, count: int) -> str:
    """`3 sensors with history change metrics or units`; on a THREAD a logger's zero date or mode, a
    sensor's channel, count too, and are named. One whose count is unknown is said to hold history
    only as it may: none was counted."""
    changes = plural("changes", count)
    rereading = [change for change in plan.changes if change.rereads_data]
    holding = _holding_history(count, sum(change.observations_unknown for change in rereading))
    if not any(change.on_thread for change in rereading):
        return f"{counted(count, 'sensor')} {holding} {changes} metrics or units"
    entities = "sensor or logger" if count == 1 else "sensors or loggers"
    return (
        f"{count:,} {entities} {holding} {changes} what it means "
        "(metrics, units, or a THREAD's channel, zero date or mode)"
    )


def _holding_history(count: int, unknown: int) -> str:
    """`with history`; with counts unknown, `that may hold history (no count ...)`, or, some counted,
    `that hold or may hold history (no count ... for 2)`."""
    if not unknown:
        return "with history"
    if unknown == count:
        return f"that may hold history ({no_reliable_count()})"
    return f"that hold or may hold history ({no_reliable_count(f'{unknown:,}')})"


def impact_phrases(plan: Plan, pace: Pace = SMALLEST_TIER) -> list[str]:
    """The impact of applying a plan, in the words every human view uses."""
    impact = impact_of(plan, pace.entities_per_call)
    phrases = []
    if impact.observations_destroyed or impact.unknown_removals:
        phrases.append(_destroyed_phrase(impact))
    if impact.data_model_changes:
        phrases.append(data_model_phrase(plan, impact.data_model_changes))
    if impact.disconnecting:
        phrases.append(f"{counted(impact.disconnecting, 'gateway setting')} may cut a gateway off")
    if impact.write_requests:
        phrases.append(_requests_phrase(impact, pace, on_device=made_on_device(plan)))
    return phrases


def _destroyed_phrase(impact: Impact) -> str:
    """`destroys 1,230 observations`; with counts unknown, `at least 1,230 observations`, or, none
    counted, `an unknown number of observations` (never "at least 0"), saying for how many removals
    no count can be relied on."""
    known, unknown = impact.observations_destroyed, impact.unknown_removals
    if not unknown:
        return f"destroys {observations(known, False)}"
    return f"destroys {observations(known, True)} ({no_reliable_count(counted(unknown, 'removal'))})"


def _requests_phrase(impact: Impact, pace: Pace, *, on_device: bool) -> str:
    requests = counted(impact.write_requests, "request")
    if on_device:  # the gateway's own API: no platform, so no platform rate tier to estimate at
        return (
            f"apply sends about {requests} to this THREAD (its local API, none to the platform), "
            "then a verifying plan"
        )
    return f"apply sends about {requests} (~{impact.seconds_at(pace)} s at {pace}), then a verifying plan"


def destroy_notice(plan: Plan) -> str | None:
    """A plan made with --destroy says so first: every removal in it is deliberate."""
    if not plan.options.destroy:
        return None
    return (
        f"Destroy plan (--destroy): everything stack {plan.stack!r} owns is removed; what it adopted "
        "(connections by id, entities by a ref_id not its own) stays."
    )


def partial_notice(plan: Plan) -> str | None:
    """Every view of a plan made under --target or --exclude says so (as Terraform warns)."""
    if not plan.partial:
        return None
    flags = [f"--target {glob!r}" for glob in plan.options.targets]
    flags += [f"--exclude {glob!r}" for glob in plan.options.excludes]
    return (
        f"Partial plan ({' '.join(flags)}): changes outside the selection are not shown and will not be "
        "made, so the platform may still differ from the manifest afterwards."
    )


def one_shard(plan: Plan) -> str | None:
    """`shard 2/10` for a plan of some shards of a split (not a merge of all of them), else None."""
    if plan.shard is None or plan.shard.complete:
        return None
    return plan.shard.label()


def shard_notice(plan: Plan) -> str | None:
    """Every view of one shard's plan says so: the other shards' changes are in their plans."""
    shard = one_shard(plan)
    if shard is None:
        return None
    return (
        f"Shard plan ({shard}): only this shard's connections were read and planned; the other shards' "
        "changes are in their own plans (`iotplan merge` joins them into one)."
    )


def pinned_trades_notice(plan: Plan) -> str | None:
    """Every view of a merged plan says which trades of names or locations across shards it leaves
    to apply as moves on a shard plan's word that a side is pinned by `id:`: merge reads no manifest,
    and a plan edited to list a connection would pass a trade one run refuses. A reviewer holds the
    claim against the manifest."""
    if not plan.pinned_connections:  # only a merged plan lists them: plan/merge.py is left unloaded
        return None
    from iotplan.plan.merge import trades_left_to_shard_plans  # and with it drift's modules

    trades = trades_left_to_shard_plans(plan)
    if not trades:  # nearly every plan
        return None
    return " ".join(_left_to_its_pin(trade.connections, trade.what, trade.pinned) for trade in trades)


def _left_to_its_pin(connections: Sequence[object], what: str, pinned: Sequence[object]) -> str:
    """`k07 and k01 trade locations; left to apply as moves because k01's shard plan says ...`."""
    sides = joined([f"{each}'s" for each in pinned])
    says = "shard plan says it is" if len(pinned) == 1 else "shard plans say they are"
    return (
        f"{joined(connections)} trade {what}; left to apply as moves because {sides} {says} pinned by "
        f"`id:` (one run agrees only if the manifest pins {'it' if len(pinned) == 1 else 'them'})."
    )


def change_lines(change: Change, view: ShownTexts | None = None) -> Iterator[Line]:
    """`view`: the view's, so that what its changes share is shown once."""
    view = view or ShownTexts()
    # An unmanaged entity's address and template are the platform's: shown, never acted on, and a
    # secret of this run's that the platform echoed into its serial (quoted in the reason) is masked.
    header = view.unmasked_header(change)
    unmasked = header is not None
    header = header or mask_known(_header(change))
    yield Line(HEADER_INDENT, SYMBOLS[change.action], shown_text(header))
    if change.action is Action.CREATE:
        yield from _created_fields(change.after or {}, view, unmasked)
        if change.before:  # a sensor made again with its replaced device, as the replacement is
            yield from _dropped_fields(change.before, change.after or {}, view)
    yield from (_field_line(field) for field in change.fields)
    if change.action is Action.REPLACE:  # the entity made in its place, shown as a create is: its
        # metrics and units are what its new history is recorded in, and no other view names them
        yield from _created_fields(change.after or {}, view, unmasked)
        yield from _dropped_fields(change.before or {}, change.after or {}, view)
    if change.rereads_data:
        yield Line(DETAIL_INDENT, "!", rereads_phrase(change), DANGER)
    elif change.touches_data_model:
        yield Line(DETAIL_INDENT, "#", touches_phrase(change), NOTE)
    if change.cuts_off and change.action.writes:
        yield Line(DETAIL_INDENT, "!", cut_off("the gateway"), CAUTION)
    if downgrades(change):
        yield Line(DETAIL_INDENT, "!", sent_back("the gateway"), CAUTION)
    if change.destroys_data:
        yield Line(
            DETAIL_INDENT, "!", destroys_phrase(change.observations, change.observations_unknown), DANGER
        )
    if change.looks_renamed_to is not None:  # what it destroys, one line of the manifest keeps
        yield Line(DETAIL_INDENT, "#", shown_text(mask_known(rename_phrase(change))), NOTE)


def touches_phrase(change: Change, count: int = 1) -> str:
    """A data-model change of an entity without history (`count` alike, folded): said, not guarded."""
    what = "a new channel, zero date or mode changes" if change.on_thread else "metrics change"
    whose = f"the {change.kind}'s" if count == 1 else f"the {counted(count, change.kind)}'"
    return f"note: {what} {whose} data model"


def rereads_phrase(change: Change) -> str:
    return _rereads(change.observations, change.observations_unknown, _whose(change.on_thread, 1))


def _rereads(known: int, unknown: int, whose: str, count: int = 1) -> str:
    """What `count` changes reread, `unknown` of them with no count that can be relied on."""
    held = observations(known, bool(unknown))
    return "changes " + history_reread(held, f" ({whose} {_holding(known, unknown, count)})")


def _whose(on_thread: bool, count: int) -> str:
    """`metrics or units of a sensor`, `... of 11 sensors`: whose data model a warning names."""
    if on_thread:
        entities = "a THREAD entity" if count == 1 else f"{count:,} THREAD entities"
        return f"channel, zero date or mode of {entities}"
    return f"metrics or units of {'a sensor' if count == 1 else counted(count, 'sensor')}"


def _holding(known: int, unknown: int, count: int = 1) -> str:
    """`with history`, or with counts unknown, why: `that may hold history: no count ...`; of `count`
    folded, for how many (`that hold or may hold history: no count ... for 4 of them`): `for the
    rest` told of a fold that all its sensors hold history, though 4 of 7 may hold none."""
    if not unknown:
        return "with history"
    if not known:
        return f"that may hold history: {no_reliable_count()}"
    if count == 1:
        return f"with history: {no_reliable_count('the rest')}"
    return f"that hold or may hold history: {no_reliable_count(f'{unknown:,} of them')}"


def destroys_phrase(observations: int, unknown: bool = False) -> str:
    if not unknown:
        return f"destroys {observations:,} observations (sensor history cannot be recovered)"
    return f"destroys {observations_held(observations, True)}, treated as holding data"


def _header(change: Change) -> str:
    template = f" ({change.template})" if change.template else ""
    return f"{change.kind} {change.address}{template}: {change.reason}"


def _created_fields(after: dict[str, Any], view: ShownTexts, unmasked: bool) -> Iterator[Line]:
    for name, value in after.items():
        yield Line(DETAIL_INDENT, "+", f"{name} = {view.shown(name, value, unmasked)}")


# What a replacement's new entity takes from its template, not from the manifest: never dropped by
# leaving it undeclared.
_FROM_THE_TEMPLATE = frozenset({"metrics"})


def _dropped_fields(before: dict[str, Any], after: dict[str, Any], view: ShownTexts) -> Iterator[Line]:
    """What the entity a replacement removes (or a sensor its replaced device takes) holds that the
    manifest does not declare (a name or notes `import` left out as naming a credential, say):
    created again as declared, the new one is made without it. An update leaves such a field as it
    stands; a replacement cannot, so it is shown."""
    for name, value in before.items():
        if name not in after and name not in _FROM_THE_TEMPLATE:
            yield Line(DETAIL_INDENT, "-", f"{name} = {view.shown(name, value)}")


class ShownTexts:
    """What one view of one plan shows of its changes' own texts, each asked once, and only while
    the view is made (no secret is remembered meanwhile):
    - a value created entities share (a fleet's sensors share one metrics list, made once by the
      differ and by a saved plan's reader) is shown once for each run of changes holding it, not
      100,000 times: kept with the value itself, never by its id;
    - the changes a view is about to show (`about_to_show`) whose headers and created texts all hold
      none of this run's secrets, asked of them all at once, show those without masking each."""

    def __init__(self) -> None:
        self._last: dict[str, tuple[Any, str]] = {}  # by field: the last value shown, as shown
        # The headers of the changes asked at once and found to hold no secret, as are their created
        # texts: by id, each kept with its change, so an id reused by another change never finds one.
        self._unmasked: dict[int, tuple[Change, str]] = {}

    def about_to_show(self, changes: list[Change]) -> None:
        headers = {id(change): (change, _header(change)) for change in changes}
        texts = [value for change in changes for value in _created_texts(change)]
        said = [header for _, header in headers.values()]
        self._unmasked = headers if masks_none([*said, *texts]) else {}

    def unmasked_header(self, change: Change) -> str | None:
        """`change`'s header, if `about_to_show` found that it and its created texts hold no secret."""
        found = self._unmasked.get(id(change))
        return found[1] if found is not None and found[0] is change else None

    def shown(self, name: str, value: Any, unmasked: bool = False) -> str:
        """`shown_value(name, value)`; `unmasked`: a text known to hold no secret of this run's."""
        if value.__class__ is str:  # a name: each its own, nothing to share
            return _shown_unmasked(name, value) if unmasked else shown_value(name, value)
        last = self._last.get(name)
        if last is None or last[0] is not value:
            last = self._last[name] = (value, shown_value(name, value))
        return last[1]


def _created_texts(change: Change) -> list[str]:
    """The texts a created entity's lines show of its fields (`_created_fields`)."""
    if change.action is not Action.CREATE and change.action is not Action.REPLACE:
        return []
    return [value for value in (change.after or {}).values() if value.__class__ is str]


def _shown_unmasked(name: str, text: str) -> str:
    """`shown_value(name, text)` of a manifest's text that holds no secret of this run's."""
    return shown_value(name, text, checked=True)


def _field_line(field: FieldChange) -> Line:
    return Line(DETAIL_INDENT, "~", field_text(field))


def field_text(field: FieldChange) -> str:
    """A changed field as every view says it: `name: "old" → "new"`, secrets hidden."""
    before = shown_value(field.path, field.before, field.sensitive)
    after = shown_value(field.path, field.after, field.sensitive)
    return f"{field.path}: {before} → {after}{encoding_note(field.before, field.after)}"


def encoding_note(before: Any, after: Any) -> str:
    """Two texts that show alike but differ in how their accented letters are encoded (`é` as one
    character, or `e` and a combining accent), or by look-alike characters NFKC does not join (a
    Cyrillic `е` for `e`, U+2011 for `-`: iotplan/look_alikes.py): without a word, a change no
    reviewer can see."""
    if before.__class__ is not str or after.__class__ is not str or before == after:
        return ""
    if unicodedata.normalize("NFC", before) != unicodedata.normalize("NFC", after):
        alike = look_alike(before, after)
        return f" (they read alike, differing only by {alike.differing})" if alike else ""
    return " (the same letters, encoded differently: Unicode NFC and NFD)"


def shown_value(path: str, value: Any, sensitive: bool = False, *, checked: bool = False) -> str:
    """A value as a person reads it: JSON literals, secrets hidden, a missing value named. Text
    naming a credential is hidden too, read from the platform or declared alike (render/secrets.py);
    a `checked` one is known to hold none of the run's secrets (`masks_none`), so is not asked again."""
    value = for_people(path, value, sensitive, checked=checked)
    if value is None:
        return "(unset)"
    if value == SENSITIVE:
        return SENSITIVE
    if value.__class__ is str:  # most values are names: the encoder's own quoting, without its dispatch
        return shown_text(_QUOTED(value))
    return shown_text(_AS_JSON.encode(value))


def shown_text(text: str) -> str:
    """`text` with every character a terminal, browser or CI page acts on rather than shows escaped
    as JSON escapes ESC (`\\u001b`): controls, and the direction overrides, isolates and marks
    (U+202E...), zero-width and other format characters that make a line read differently from what
    it holds; and what shows as nothing (the Hangul filler U+3164, variation selectors: wording.py
    `IGNORABLE`), which refIds are compared without. A name read from the platform is anyone's text;
    the manifest refuses these outright."""
    return escaped_where_unseen(text, json_escape)
