"""The plan as GitHub-flavoured Markdown for pull-request comments.

A summary table, a warning when history would be lost, a table of the connections with changes,
then one collapsible block per connection holding a ```diff of the same lines the text view shows,
with a diff marker in the first column so GitHub colours them (`!` is its "changed" colour).
"""

from __future__ import annotations

import dataclasses
import html
import re
import shlex
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from iotplan.plan.edge import downgrades
from iotplan.plan.impact import SMALLEST_TIER, Pace
from iotplan.plan.model import Action, Cause, Change, Kind, Plan, widest_first
from iotplan.render.distinct import Alike, alike_data_model_changes, connections_of, distinct_updates
from iotplan.render.json_plan import plan_digest
from iotplan.render.lines import (
    CAUTION,
    DANGER,
    HEADER_INDENT,
    SYMBOLS,
    ConnectionGroup,
    Line,
    ShownTexts,
    as_one_run_orders,
    change_lines,
    collapsed_lines,
    connection_groups,
    data_model_phrase,
    destroy_notice,
    impact_phrases,
    no_changes_line,
    pinned_trades_notice,
    shard_notice,
    shown_text,
    unread_gateways,
    unverified_settings,
)
from iotplan.render.read_time import SHARDS_READ_APART, read_time
from iotplan.secrets import mask_known, masked_in_place
from iotplan.wording import counted, first, no_reliable_count, observations, plural

TABLE_COLUMNS = ("add", "change", "destroy", "replace", "unmanaged")
EXTRA_COLUMNS = ("duplicate", "pending", "refused")  # shown when there are any
COLUMN_ACTIONS = {
    "add": Action.CREATE,
    "change": Action.UPDATE,
    "destroy": Action.REMOVE,
    "replace": Action.REPLACE,
}
DIFF_MARKERS = {"+": "+", "-": "-", "-/+": "!", "~": "!", "!": "-"}
_BACKTICKS = re.compile(r"`+")
# GitHub refuses comments over 65,536 characters.
COMMENT_LIMIT = 65_536
# A plan's comment names five things that may run to thousands: connections with changes, removals,
# gateway settings that may cut a gateway off, data-model changes, connection blocks. Each list
# names what fits in the limit less `_tail_room`; the rest of it (a heading, a note counting what is
# left out) is at most NOTE_ROOM characters besides the command the note names, so the comment fits
# whatever the plan holds.
LONG_LISTS = 5
NOTE_ROOM = 400
COPIES_NAMED = 3  # copies of declared entities a removal's line names before it counts the rest
SENSORS_NAMED = 3  # sensors (or their connections) a data-model change's line names before it counts the rest
# Characters of a change's text the first data-model line, and of a reason each gateway's line, shows at most.
CHANGE_SHOWN = 500
# Room the gateways refused or pending take, held back whatever else the comment holds: a refusal (a box
# swapped) is what a reviewer must see, and 42 THREADs' blocks cut both of fz76's. Forty or so lines;
# past them, the rest are counted.
WAITING_ROOM = COMMENT_LIMIT // 8


def render_markdown(
    plan: Plan,
    *,
    detail: bool = False,
    pace: Pace = SMALLEST_TIER,
    saved_as: str | None = None,
    digest: str | None = None,
) -> str:
    """A pull-request comment that always fits one comment: the summary, the impact, a row per
    connection with changes, the removals, the changes that need a flag besides --allow-destroy, then
    the connection blocks; each list names as many as the comment holds, in that order, and counts
    the rest. The plan's digest ties an approval to the saved plan that is applied: `saved_as`, the
    file it was saved to, when known; `digest`, `plan_digest(plan)` when the caller has it already."""
    lines = ["### iotplan plan", "", _target_line(plan), _digest_line(plan, saved_as, digest), ""]
    plan = as_one_run_orders(plan)  # after its digest, which is the saved plan's
    lines += [*_summary_table(plan), ""]
    phrases = impact_phrases(plan, pace)
    if phrases:
        lines += ["**Impact**: " + "; ".join(html.escape(phrase) for phrase in phrases) + ".", ""]
    notice = destroy_notice(plan)
    if notice:
        lines += ["> [!WARNING]", f"> **{html.escape(notice)}**", ""]
    if plan.partial:
        flags = [f"--target {glob}" for glob in plan.options.targets]
        flags += [f"--exclude {glob}" for glob in plan.options.excludes]
        lines += [
            "> [!NOTE]",
            f"> **Partial plan** ({_codes(flags)}): changes outside the selection are not shown and will "
            "not be made.",
            "",
        ]
    shard = shard_notice(plan)
    if shard:
        lines += ["> [!NOTE]", f"> {html.escape(shard, quote=False)}", ""]
    pinned = pinned_trades_notice(plan)
    if pinned:  # a claim of its shards' plans merge took on their word: the reviewer holds it to the manifest
        lines += ["> [!IMPORTANT]", f"> {html.escape(pinned, quote=False)}", ""]
    lines += _destruction_warning(plan)
    if not plan.summary.has_changes:
        lines += [no_changes_line(plan), ""]
    lists_end = COMMENT_LIMIT - _tail_room(plan, saved_as)
    groups = connection_groups(plan.changes, detail=detail)
    rows = _connection_rows(groups)
    flagged = _flagged_changes(plan, saved_as)
    held = comment_size(_flagged_callouts(flagged, 0, saved_as))  # their first lines, held back for them
    lines += _connections_and_removals(plan, rows, lists_end - comment_size(lines) - held, saved_as)
    # All of them: the comment may cut the connection blocks a text plan's `12 more` points to.
    distinct = None if detail else distinct_updates(plan, shown=len(plan.changes))
    lines += _callouts_and_blocks(
        plan, groups, flagged, distinct, lists_end - comment_size(lines), saved_as, distinct_shown=not detail
    )
    lines.append(plan.summary.line())
    return "\n".join(lines) + "\n"


def _tail_room(plan: Plan, saved_as: str | None) -> int:
    """What the long lists may add past the point where they stop naming, and the summary line."""
    note = NOTE_ROOM + len(_show_command(saved_as))
    return LONG_LISTS * note + comment_size([plan.summary.line()])


def _show_command(saved_as: str | None, *, detail: bool = True) -> str:
    """The `show` command that names everything a comment leaves out: with no plan saved, how to save
    one (the command that made the comment may have saved none). With `--detail` unless `detail` is
    false: without it, the sensors of an identical update are folded into `a, b, c and 9,997 more`,
    while its text names every connection, which is all a note of connections left out needs."""
    flag = " --detail" if detail else ""
    return (
        code_span(_command("show", saved_as) + flag)
        if saved_as
        else f"`iotplan show{flag}` of a plan saved with `--out plan.json`"
    )


def _digest_line(plan: Plan, saved_as: str | None, digest: str | None) -> str:
    """The file is named only when known: the comment of `plan --format markdown` or `merge` without
    a JSON `--out` has none, and a name guessed (`plan.json`) is a command that may apply nothing."""
    applying = code_span(_command("apply", saved_as)) if saved_as else "`iotplan apply` of the saved plan"
    return f"**Plan** {code_span(digest or plan_digest(plan))} ({applying} prints the digest it applies)"


def _command(name: str, saved_as: str) -> str:
    """Named masked, as every message names a file (a URL's credential in its folders' names)."""
    return f"iotplan {name} {shlex.quote(masked_in_place(saved_as))}"


@dataclass(frozen=True)
class _ConnectionRow:
    """One connection's writes counted (its group's), and the history they destroy."""

    group: ConnectionGroup
    held: int
    unknown: bool  # a removal whose count the platform did not report: treated as holding data

    @property
    def connection(self) -> str:
        return self.group.connection

    @property
    def destroys_history(self) -> bool:
        return bool(self.held or self.unknown)

    @property
    def rank(self) -> tuple[bool, int, bool, int | None]:
        """History destroyed first, the most first; then removals: the order a reviewer reads in. The
        group's risk says which, so the table and the blocks cannot disagree on either. Ties keep the
        plan's order."""
        risk = self.group.risk
        return (risk > 0, -self.held, risk > 1, self.group.first_write)


def _connection_rows(groups: list[ConnectionGroup]) -> list[_ConnectionRow]:
    """A row per connection the plan writes to, ranked."""
    rows = [_connection_row_of(group) for group in groups if group.first_write is not None]
    return sorted(rows, key=lambda row: row.rank)


def _connection_row_of(group: ConnectionGroup) -> _ConnectionRow:
    # A change destroying history is always shown: only updates are collapsed.
    destroying = [change for change in group.shown if change.destroys_data]
    held = sum(change.observations for change in destroying)
    return _ConnectionRow(group, held, any(change.observations_unknown for change in destroying))


def _connection_table(plan: Plan, rows: list[_ConnectionRow], budget: int, saved_as: str | None) -> list[str]:
    """A row per connection with changes, as far as `budget` holds: at 200 connections the blocks
    name four, and the rest were totals only. What does not fit is counted from the end, so a
    connection that destroys nothing is cut before any that does, and the note counts the history
    of any cut. A plan writing to one connection has none: its summary table says it all."""
    if len(rows) < 2:
        return []
    columns = ["add", "change", "destroy", *(["replace"] * bool(plan.summary.replace))]
    named = ["connection", *(["project"] * spans_projects(plan))]
    lines = [
        f"**{counted(len(rows), 'connection')} with changes** (those destroying history first):",
        "",
        "| " + " | ".join([*named, *columns]) + " | observations lost |",
        "|" + " --- |" * len(named) + " ---: |" * (len(columns) + 1),
    ]
    each = (_connection_row(row, columns, len(named) > 1) for row in rows)
    shown = _lines_within(each, budget - comment_size(lines))
    if len(shown) < len(rows):
        return [*lines, *shown, "", _connections_not_shown(rows[len(shown) :], saved_as), ""]
    return [*lines, *shown, ""]


def _connection_row(row: _ConnectionRow, columns: list[str], with_project: bool) -> str:
    named = [table_code(row.connection), *([table_code(row.group.project_id)] * with_project)]
    counts = [f"{row.group.counts[COLUMN_ACTIONS[column]]:,}" for column in columns]
    return "| " + " | ".join([*named, *counts, _lost(row)]) + " |"


def spans_projects(plan: Plan) -> bool:
    """A plan of more than one project: its views name each connection's and removal's project, since
    one key may name a connection in each, and a reviewer must know which site loses history."""
    return len({change.project_id for change in plan.changes}) > 1


def _lost(row: _ConnectionRow) -> str:
    """`1,200`; `at least 1,200` or `unknown` where a removal's count was not reported."""
    if not row.unknown:
        return f"{row.held:,}"
    return f"at least {row.held:,}" if row.held else "unknown"


def _connections_not_shown(left: list[_ConnectionRow], saved_as: str | None) -> str:
    destroying = [row for row in left if row.destroys_history]
    history = ""
    if destroying:
        held = observations(sum(row.held for row in destroying), any(row.unknown for row in destroying))
        history = f", {len(destroying):,} of them destroying {held},"
    return (
        f"_{counted(len(left), 'more connection')}{history} {plural('is', len(left))} not in this table "
        f"(comment size limit): see `iotplan plan` or {_show_command(saved_as, detail=False)}._"
    )


def _connections_and_removals(
    plan: Plan, rows: list[_ConnectionRow], budget: int, saved_as: str | None
) -> list[str]:
    """The table of connections, then the removals, within `budget`. Removals that fit whole are
    all named, the table taking what they leave (half of `budget` at most, for the lists after
    them); removals cut short anyway give the table its half first: at that scale a row per
    connection says more than a few hundred more removal lines, and the rest are counted.

    Every removal and replacement has a line, whatever else is folded: they cannot be undone.
    Connections first, then devices, then sensors: past what one comment holds (thousands of them)
    the rest are counted, with the history they hold, and what is cut is the smallest."""
    destroying = widest_first(change for change in plan.changes if change.action.destroys)
    heading = _removals_heading(destroying)
    room = budget - comment_size(heading)
    in_project = _in_project if spans_projects(plan) else lambda change: ""
    lines = (_removal_line(change, in_project(change)) for change in destroying)
    named = _lines_within(lines, room)  # written only as far as they fit
    if len(named) == len(destroying):
        removals = _removals(heading, named, destroying, saved_as)
        table = _connection_table(plan, rows, min(budget // 2, budget - comment_size(removals)), saved_as)
        return table + removals
    table = _connection_table(plan, rows, budget // 2, saved_as)
    named = _lines_within(named, room - comment_size(table))
    return table + _removals(heading, named, destroying, saved_as)


def _lines_within(lines: Iterable[str], budget: int) -> list[str]:
    """The first of `lines` that `budget` characters hold, each whole; none past the first that does
    not fit."""
    kept: list[str] = []
    for line in lines:
        budget -= len(line) + 1
        if budget < 0:
            break
        kept.append(line)
    return kept


def _removals_heading(destroying: list[Change]) -> list[str]:
    if not destroying:
        return []
    return [f"**{_removals_counted(destroying)}** (cannot be undone{_renames_counted(destroying)}):", ""]


def _removal_line(change: Change, in_project: str) -> str:
    what = f"{change.action} {change.kind} {code_span(change.address)}{in_project}"
    return f"- {what}{_history(change)}{_copies(change)}{_renamed(change)}"


def _renamed(change: Change) -> str:
    """` — looks renamed to `dam-42`: add `moved` to keep its history`: said where `--allow-destroy` is
    approved, not only in its block, which the comment collapses and cuts first (its `moved` is there)."""
    created = change.looks_renamed_to
    if created is None:
        return ""
    if change.named_alike_elsewhere:  # which removal is its old key, this shard cannot tell
        alike = _codes(change.named_alike_elsewhere)
        return (
            f" — looks renamed to {code_span(created)}, as does {alike} in another shard: check which is its "
            "old key, and add `moved` to keep its history"
        )
    return f" — looks renamed to {code_span(created)}: add `moved` to keep its history"


def _renames_counted(destroying: list[Change]) -> str:
    """`; 40 of them look like renames: `moved` keeps their history`, on the removals' heading: the
    removals a list cut short leaves out are counted there too."""
    renamed = sum(change.looks_renamed_to is not None for change in destroying)
    if not renamed:
        return ""
    if renamed == 1:
        return "; 1 of them looks like a rename: `moved` keeps its history"
    return f"; {renamed:,} of them look like renames: `moved` keeps their history"


def _in_project(change: Change) -> str:
    return f" in project {code_span(change.project_id)}"


def _removals(
    heading: list[str], named: list[str], destroying: list[Change], saved_as: str | None
) -> list[str]:
    """The removals `named`, then the rest of `destroying` counted, with the history they hold."""
    if not destroying:
        return []
    left = destroying[len(named) :]
    note = [_removals_not_shown(left, saved_as)] if left else []
    return [*heading, *named, *note, ""]


def _removals_counted(destroying: list[Change], more: str = "") -> str:
    """`1 removal`, `2 replacements`, `3 removals and 1 replacement`: what there is, counted (`more`
    says `3 more removals and 1 more replacement`)."""
    removals = sum(change.action is Action.REMOVE for change in destroying)
    counts = ((removals, f"{more}removal"), (len(destroying) - removals, f"{more}replacement"))
    return " and ".join(counted(count, noun) for count, noun in counts if count)


def _removals_not_shown(left: list[Change], saved_as: str | None) -> str:
    held, unknown = sum(c.observations for c in left), any(c.observations_unknown for c in left)
    history = f", holding {observations(held, unknown)}," if held or unknown else ""
    return (
        f"- _{_removals_counted(left, 'more ')}{history} {'is' if len(left) == 1 else 'are'} not shown "
        f"here (comment size limit): {_show_command(saved_as)} names every one._"
    )


def comment_size(lines: list[str]) -> int:
    """Characters `lines` take in a comment, a newline each."""
    return sum(len(line) + 1 for line in lines)


def _history(change: Change) -> str:
    if change.observations_unknown:
        return f": **{observations(change.observations, True)}** ({no_reliable_count()})"
    return f": **{change.observations:,} observations**" if change.observations else ""


def _copies(change: Change) -> str:
    """`, taking `north/other/t`, a copy of `east/lg/t``: what a plan keeping its parent shows as a
    duplicate iotplan does not remove on its own, named where the removal is approved."""
    if not change.copies_taken:
        return ""
    named = [f"{code_span(copy)}, a copy of {code_span(declared)}" for copy, declared in change.copies_taken]
    return f", taking {first(named, COPIES_NAMED, '; ')}"


def _leading_first(groups: list[ConnectionGroup]) -> list[ConnectionGroup]:
    """The blocks of connections that destroy or move first, then the rest that write, then those
    that write nothing, each in the plan's ranking: a connection's removal and a `moved` site are
    what a reviewer must see, and a unit changed fleet-wide put 400 connections' blocks before the
    one moved. A block that writes is what is approved: of 200 THREADs with 120 refused, 68 blocks
    of `1 refused, 1 unchanged` (each its callout line again) cut 68 of the 80 that write. A
    connection holding a web-app copy leads too, though it writes nothing: the summary table counts
    the copy, and 600 sites' creations cut the one block that named it."""
    return sorted(groups, key=_rank)


def _rank(group: ConnectionGroup) -> int:
    """0 for a block that leads, 1 for another that writes, 2 for one that writes nothing."""
    if _leads(group):
        return 0
    return 1 if group.first_write is not None else 2


def _leads(group: ConnectionGroup) -> bool:
    return group.risk < 2 or any(
        change.cause is Cause.MOVED or change.action is Action.DUPLICATE for change in group.shown
    )


def _callouts_and_blocks(
    plan: Plan,
    groups: list[ConnectionGroup],
    flagged: _Flagged,
    distinct: tuple[str, list[Line]] | None,
    budget: int,
    saved_as: str | None,
    *,
    distinct_shown: bool,
) -> list[str]:
    """The changes that need a flag besides --allow-destroy, the distinct updates, then the
    connection blocks, within `budget`: the callouts first, each change a line as far as `budget`
    holds (a removal's block says again what its callout line says: room held back for the blocks
    would leave changes that need a flag only counted); the distinct updates then leave
    room for the blocks of connections that destroy or move (half of what the callouts leave at
    most), or a long list of them left a connection's removal block out. A gateway refused or
    pending is said once: the callout names it or counts it where its block is, and its block points
    to the callout where it names it (of 200 THREADs with 120 refused, the callout named 52 and said
    the other 68 were not shown, above 120 blocks of its own lines again that cut 73 of the 80
    gateways with changes)."""
    named = {id(change) for change in flagged.named}
    ranked = _leading_first(_without_named(groups, named))
    with_project = spans_projects(plan)  # a scan of the whole plan: once, not once a connection
    blocks = [_connection_block(group, with_project, named, saved_as) for group in ranked]
    leading = sum(comment_size(block) for block, group in zip(blocks, ranked, strict=True) if _leads(group))
    longest = _longest_waiting_callout(flagged, saved_as)
    after = _callouts_after_waiting(flagged, budget - comment_size(longest), saved_as)
    callouts = longest + after
    left = budget - comment_size(callouts)
    updates = _distinct_section(distinct, left - min(leading, left // 2), saved_as)
    said = unverified_settings(plan.changes) if distinct_shown else None
    unverified = [markdown_text(said), ""] if said else []  # after the blocks, room kept for it
    room = budget - comment_size([*callouts, *updates, *unverified])
    shown = _blocks_that_fit(blocks, room)
    below = _waiting_among(ranked[:shown], flagged.waiting, named)
    nowhere = len(flagged.waiting) - len(flagged.named) - below
    callouts = _waiting_callout(flagged, saved_as, below, nowhere) + after  # no longer than above
    return callouts + updates + _blocks_within_budget(blocks, shown, saved_as) + unverified


def _without_named(groups: list[ConnectionGroup], named: set[int]) -> list[ConnectionGroup]:
    """`groups` less those left with nothing to show once the callout of gateways refused or pending
    has said the changes it names (by id), a held logger's sensors with it. The others keep a line
    for each change it names, pointing to it: a block counting `1 pending` held no line of it."""
    if not named:  # a plan with every gateway read: no scan of its 100,000 changes
        return groups
    return [group for group in groups if not _said_in_the_callout(group, named)]


def _said_in_the_callout(group: ConnectionGroup, named: set[int]) -> bool:
    names_one = any(id(change) in named for change in group.shown)
    rest = (change for change in group.shown if id(change) not in named)
    return names_one and not group.collapsed and all(_held_sensor(change) for change in rest)


def _waiting_among(groups: list[ConnectionGroup], waiting: Sequence[Change], named: set[int]) -> int:
    """How many of the gateways refused or pending `groups` show, those `named` (by id) aside."""
    each = {id(change) for change in waiting} - named
    return sum(id(change) in each for group in groups for change in group.shown)


def _distinct_section(
    distinct: tuple[str, list[Line]] | None, budget: int, saved_as: str | None
) -> list[str]:
    """The text plan's distinct updates, each once with where and how many, as far as `budget` holds:
    a port setting changed on 40 gateways was 40 blocks alike, of which the comment held 18."""
    if distinct is None:
        return []
    heading, each = distinct
    body = [_diff_line(line) for line in each]
    fence = _fence_for(body)
    opening = [f"**{markdown_text(heading)}**", "", f"{fence}diff"]
    closing = [fence, ""]
    note = _distinct_not_shown(len(body), saved_as)  # its longest: room for it whatever it counts
    shown = _lines_within(body, budget - comment_size([*opening, *closing, note]))
    if not shown:
        return []
    left = len(body) - len(shown)
    return [*opening, *shown, *closing, *([_distinct_not_shown(left, saved_as), ""] if left else [])]


def _distinct_not_shown(left: int, saved_as: str | None) -> str:
    return (
        f"_{left:,} more {plural('line', left)} of them {plural('is', left)} not shown here (comment size "
        f"limit): see `iotplan plan` or {_show_command(saved_as, detail=False)}._"
    )


@dataclass(frozen=True)
class _Flagged:
    """The changes that need a flag besides --allow-destroy, found once a render: the room held back
    for their callouts and the callouts themselves are both made from them (each a scan of the whole
    plan, and the data-model changes grouped)."""

    cuts_off: Sequence[str]  # the addresses of the gateway settings that need --allow-disconnect
    downgrades: Sequence[str]  # the addresses of the app_version settings that need --allow-downgrade
    rereading: str  # `3 sensors with history change metrics or units`; empty when none do
    alike: Alike  # the data-model changes, grouped as a reviewer reads them
    unread: str  # `2 gateways were refused: their settings are not compared`; empty when all were read
    waiting: Sequence[Change]  # the gateways refused or pending, and the loggers held
    named: Sequence[Change]  # the first of `waiting`, which their callout names and their blocks point to
    with_sensors: Mapping[str | None, int]  # by a held logger's address, the sensors held with it


def _flagged_changes(plan: Plan, saved_as: str | None) -> _Flagged:
    cuts_off = [change.address for change in plan.changes if change.cuts_off and change.action.writes]
    older = [change.address for change in plan.changes if downgrades(change)]
    rereads = [change for change in plan.changes if change.rereads_data]
    rereading = data_model_phrase(plan, len(rereads)) if rereads else ""
    unread = unread_gateways(plan)
    waiting = [change for change in plan.changes if _waits(change)] if unread else []
    held = (change.address.parent_text for change in plan.changes if _held_sensor(change)) if unread else ()
    with_sensors = Counter(held)
    named = _waiting_named(unread, waiting, with_sensors, saved_as)
    alike = alike_data_model_changes(rereads)
    return _Flagged(cuts_off, older, rereading, alike, unread, waiting, named, with_sensors)


def _waits(change: Change) -> bool:
    """A gateway refused or pending, or a logger held: a held logger's sensors are said with it."""
    waiting = change.action is Action.REFUSED or change.action is Action.PENDING
    return waiting and not _held_sensor(change)


def _held_sensor(change: Change) -> bool:
    return change.kind is Kind.SENSOR and change.cause is Cause.PORT_UNCONFIRMED


def _flagged_callouts(flagged: _Flagged, budget: int, saved_as: str | None) -> list[str]:
    """The changes that need a flag besides --allow-destroy, as far as `budget` holds, each callout
    naming its first whatever `budget` says: at `budget` 0, the room `render_markdown` holds back
    for them before the removals take theirs (1,000 removals left a unit changed on 10,000 sensors
    only counted, with no word of what it was). The gateways refused or pending come first, in room
    of their own that `budget` does not cut, at the longest their callout can be."""
    longest = _longest_waiting_callout(flagged, saved_as)
    return longest + _callouts_after_waiting(flagged, budget - comment_size(longest), saved_as)


def _callouts_after_waiting(flagged: _Flagged, budget: int, saved_as: str | None) -> list[str]:
    lines = _cut_off_warning(flagged.cuts_off, budget, saved_as)
    lines += _downgrade_warning(flagged.downgrades, budget - comment_size(lines), saved_as)
    return lines + _data_model_warning(flagged, budget - comment_size(lines), saved_as)


def _longest_waiting_callout(flagged: _Flagged, saved_as: str | None) -> list[str]:
    """Before the blocks are placed: each gateway it does not name counted both ways, below and not
    shown, the longest its note can be."""
    left = len(flagged.waiting) - len(flagged.named)
    return _waiting_callout(flagged, saved_as, left, left)


def _waiting_callout(flagged: _Flagged, saved_as: str | None, below: int, nowhere: int) -> list[str]:
    """Each gateway refused or pending and why, those `flagged.named`, the rest counted: `below` in
    their blocks, `nowhere` in none the comment holds. A table's `refused 2` named no box, and the
    identity mismatch of a box swapped was in a connection block the comment had no room for."""
    if not flagged.unread:
        return []
    lines = [_waiting_line(change, flagged.with_sensors, saved_as) for change in flagged.named]
    note = _waiting_not_shown(below, nowhere, saved_as)
    return [*_waiting_heading(flagged.unread, flagged.waiting), *lines, *note, ""]


def _waiting_named(
    unread: str, waiting: Sequence[Change], with_sensors: Mapping[str | None, int], saved_as: str | None
) -> Sequence[Change]:
    """The first of the gateways refused or pending, as many as `WAITING_ROOM` holds, one at least."""
    if not waiting:
        return []
    # Its longest, each counted both ways: room for it whatever it counts.
    note = _waiting_not_shown(len(waiting), len(waiting), saved_as)
    each = (_waiting_line(change, with_sensors, saved_as) for change in waiting)
    room = WAITING_ROOM - comment_size([*_waiting_heading(unread, waiting), *note])
    return waiting[: len(_lines_within(each, room)) or 1]


def _waiting_heading(unread: str, waiting: Sequence[Change]) -> list[str]:
    kind = "CAUTION" if any(change.action is Action.REFUSED for change in waiting) else "WARNING"
    return [f"> [!{kind}]", f"> {unread[:1].upper()}{unread[1:]}."]


def _waiting_line(change: Change, with_sensors: Mapping[str | None, int], saved_as: str | None) -> str:
    """`> - refused edge `s41/edge`: identity mismatch: ...`, the text view's header in Markdown; a
    held logger's counts the sensors held with it (`(with its 3 sensors)`): its block, left with them
    alone, is left out, and the table said `pending 4` where the comment named the logger alone."""
    sensors = with_sensors.get(change.address, 0) if change.cause is Cause.PORT_UNCONFIRMED else 0
    held = f" (with its {counted(sensors, 'sensor')})" if sensors else ""
    address = code_span(mask_known(change.address))
    reason, cut = _reason_within(change, saved_as)
    return f"> - {change.action} {change.kind} {address}{held}: {markdown_text(reason)}{cut}"


def _reason_within(change: Change, saved_as: str | None) -> tuple[str, str]:
    """Its reason as shown, masked and escaped, cut to `CHANGE_SHOWN` characters as a data-model
    change's text is, and the note saying so (empty where it is whole): the callout names its first
    gateway whatever its length, and one whose error message ran to 70,000 characters made a
    comment of 70,681, over the limit."""
    reason = shown_text(mask_known(change.reason))  # masked before it is cut: a secret cut is not known
    if len(reason) <= CHANGE_SHOWN:
        return reason, ""
    # Not "shows it whole": a reason may hold a platform's message cut already (`... (its first 2,000 of 9,000
    # characters)`), which no view shows whole.
    shown = f"{_show_command(saved_as)} shows all {len(reason):,}"
    return reason[:CHANGE_SHOWN], f"... (its first {CHANGE_SHOWN:,} of {len(reason):,} characters: {shown})"


def _waiting_not_shown(below: int, nowhere: int, saved_as: str | None) -> list[str]:
    """The gateways refused or pending the callout does not name: `below` in their connections'
    blocks, `nowhere` in none the comment holds."""
    where = "its connection's block" if below == 1 else "their connections' blocks"
    lines = [f"> - _{below:,} more {plural('is', below)} in {where} below._"] if below else []
    if nowhere:
        lines.append(
            f"> - _{nowhere:,} more {plural('is', nowhere)} not shown here (comment size limit): "
            f"{_show_command(saved_as)} names every one._"
        )
    return lines


def _blocks_that_fit(blocks: list[list[str]], budget: int) -> int:
    """How many of `blocks`, the first first, `budget` characters hold."""
    used = 0
    for index, block in enumerate(blocks):
        used += comment_size(block)
        if used > budget:
            return index
    return len(blocks)


def _blocks_within_budget(blocks: list[list[str]], shown: int, saved_as: str | None) -> list[str]:
    """The first `shown` connection blocks, as many as a pull-request comment holds; the rest are
    counted, not lost."""
    kept = [line for block in blocks[:shown] for line in block]
    left = len(blocks) - shown
    if not left:
        return kept
    more = f"{counted(left, 'more connection')} {plural('is', left)}"
    saved = _show_command(saved_as, detail=False)
    return [*kept, f"_{more} not shown here (comment size limit): see `iotplan plan` or {saved}._", ""]


def _target_line(plan: Plan) -> str:
    """Where and when the plan was read: a comment read days later must not pass for today's."""
    # The manifest named masked, as every message names a file (a URL's credential); the plan keeps it whole.
    named = masked_in_place(plan.manifest.path)
    target, stack, manifest = (code_span(text) for text in (plan.target, plan.stack, named))
    read = read_phrase(plan.read_at, plan.read_until)
    return f"**Target** {target} · **stack** {stack} · **manifest** {manifest} · {read}"


def read_phrase(read_at: datetime | None, until: datetime | None = None) -> str:
    """`**read** 2026-12-05 07:30 UTC`, on a comment's header line; from the earliest to the latest
    read of a merge's shards read apart (`until`, plan/merge.py `latest_read_if_apart`)."""
    if read_at is None:
        return read_time(read_at)
    if until is None:
        return f"**read** {read_time(read_at)}"
    return f"**read** {read_time(read_at)} to {read_time(until)} ({SHARDS_READ_APART})"


def _summary_table(plan: Plan) -> list[str]:
    summary = plan.summary
    columns = [*TABLE_COLUMNS, *(name for name in EXTRA_COLUMNS if getattr(summary, name))]
    return [
        "| " + " | ".join(columns) + " |",
        "|" + " ---: |" * len(columns),
        "| " + " | ".join(f"{getattr(summary, name):,}" for name in columns) + " |",
    ]


def _destruction_warning(plan: Plan) -> list[str]:
    destroying = [change for change in plan.changes if change.destroys_data]
    if not destroying:
        return []
    known = sum(change.observations for change in destroying)
    unknown = [change for change in destroying if change.observations_unknown]
    amount = f"**{observations(known, bool(unknown))}**"
    lines = ["> [!WARNING]", f"> This plan destroys {amount}; sensor history cannot be recovered."]
    if unknown:
        lines.append(
            f"> {counted(len(unknown), 'removal')} {plural('destroys', len(unknown))} history of which "
            f"{no_reliable_count()} (treated as holding data)."
        )
    return [*lines, ""]


def _cut_off_warning(cuts_off: Sequence[str], budget: int, saved_as: str | None) -> list[str]:
    """Settings that need --allow-disconnect, the first and as many more as `budget` holds, the rest
    counted."""
    heading = (
        f"> {counted(len(cuts_off), 'gateway setting')} may cut a gateway off from the platform "
        "(needs `--allow-disconnect`): "
    )
    return _callout("CAUTION", heading, cuts_off, budget, saved_as)


def _downgrade_warning(older: Sequence[str], budget: int, saved_as: str | None) -> list[str]:
    """Settings that need --allow-downgrade, as `_cut_off_warning` names those that need
    --allow-disconnect: a callout has its room before the blocks, so a downgrade is told however many
    removals the comment lists."""
    heading = (
        f"> {counted(len(older), 'gateway setting')} would send a gateway back to an older application "
        "(needs `--allow-downgrade`): "
    )
    return _callout("CAUTION", heading, older, budget, saved_as)


def _data_model_warning(flagged: _Flagged, budget: int, saved_as: str | None) -> list[str]:
    """Sensors that need --allow-data-model-change, a line per distinct change naming how many
    sensors and connections it touches, the first and as many more as `budget` holds, the rest
    counted (the note's room is `_tail_room`'s): a unit changed fleet-wide named ten thousand
    sensors one by one, 50,000 characters of one change, and left the connection blocks no room."""
    alike = flagged.alike
    if not alike:
        return []
    heading = ["> [!WARNING]", f"> {flagged.rereading} (needs `--allow-data-model-change`):"]
    each = (_data_model_line(what, changes) for what, changes in alike)
    lines = _lines_within(each, budget - comment_size(heading)) or [_first_data_model_line(alike, saved_as)]
    left = alike[len(lines) :]
    note = [f"> - _{_data_model_changes_not_shown(alike, len(lines), saved_as)}_"] if left else []
    return [*heading, *lines, *note, ""]


def _first_data_model_line(alike: list[tuple[str, list[Change]]], saved_as: str | None) -> str:
    """The first change's line whatever the budget (room was held back for it), its text cut to
    `CHANGE_SHOWN` characters: kept whole, a `metrics` list of 800 custom metrics changed on 5 sensors
    made a comment of 142,111 characters, over the limit, and named none of 1,000 removals."""
    what, changes = alike[0]
    if len(what) <= CHANGE_SHOWN:
        return _data_model_line(what, changes)
    cut = f"{what[:CHANGE_SHOWN]}..."
    whole = (
        f" (its first {CHANGE_SHOWN:,} of {len(what):,} characters: {_show_command(saved_as)} shows it whole)"
    )
    return _data_model_line(cut, changes, whole)


def _data_model_line(what: str, changes: list[Change], cut: str = "") -> str:
    """`> - `unit: "Pa" → "kPa"` on 9,975 sensors in 399 connections: `c0`, `c1`, `c2` and 396 more`;
    a few sensors are named themselves."""
    if len(changes) <= SENSORS_NAMED:
        return f"> - {code_span(what)}{cut} on {_codes([change.address for change in changes])}"
    # One key may name a connection in each project: counted apart, named once.
    connections = connections_of(changes)
    named = list(dict.fromkeys(code_span(connection) for connection in connections))
    sensors = counted(len(changes), changes[0].kind)
    where = first(named, SENSORS_NAMED)
    return f"> - {code_span(what)}{cut} on {sensors} in {counted(len(connections), 'connection')}: {where}"


def _data_model_changes_not_shown(
    alike: list[tuple[str, list[Change]]], shown: int, saved_as: str | None
) -> str:
    """`12 more changes, on 40 entities, are not shown here (...)`: the first is always shown."""
    groups, entities = len(alike) - shown, sum(len(changes) for _, changes in alike[shown:])
    return (
        f"{counted(groups, 'more change')}, on {counted(entities, 'entity')}, {plural('is', groups)} not "
        f"shown here (comment size limit): {_show_command(saved_as)} names every one"
    )


def _callout(
    kind: str, heading: str, addresses: Sequence[str], budget: int, saved_as: str | None
) -> list[str]:
    """A GitHub alert naming `addresses` after `heading`, as far as `budget` holds; none without any."""
    if not addresses:
        return []
    return [f"> [!{kind}]", heading + _named_within(addresses, budget - len(heading), saved_as), ""]


def _named_within(addresses: Sequence[str], budget: int, saved_as: str | None) -> str:
    """`a`, `b` and 9,583 more, not shown here (...): the first, and as many more as `budget`
    characters hold, each whole."""
    named: list[str] = []
    used = len(_more_not_shown(len(addresses), saved_as))  # room for the note, however many it counts
    for address in addresses:
        span = code_span(address)
        used += len(span) + 2
        if used > budget and named:
            break
        named.append(span)
    left = len(addresses) - len(named)
    if not left:
        return ", ".join(named)
    return ", ".join(named) + _more_not_shown(left, saved_as)


def _more_not_shown(left: int, saved_as: str | None) -> str:
    return (
        f" and {left:,} more, not shown here (comment size limit): {_show_command(saved_as)} names every one"
    )


def _codes(addresses: Sequence[str]) -> str:
    return ", ".join(code_span(address) for address in addresses)


def _connection_block(
    group: ConnectionGroup, with_project: bool, named: set[int], saved_as: str | None
) -> list[str]:
    """`named`: the ids of the changes the callout of gateways refused or pending names, each a line
    pointing there."""
    view = ShownTexts()  # as the text view shows them: a shared value once, the headers asked at once
    view.about_to_show(group.shown)
    lines = (
        [_pointer_line(change)] if id(change) in named else change_lines(_within(change, saved_as), view)
        for change in group.shown
    )
    body = [_diff_line(line) for each in lines for line in each]
    body += [_diff_line(line) for each in group.collapsed for line in collapsed_lines(each)]
    fence = _fence_for(body)
    project = f" in project <code>{html.escape(group.project_id)}</code>" if with_project else ""
    summary = f"<code>{html.escape(group.connection)}</code>{project}: {html.escape(group.counts_phrase())}"
    opening = ["<details>", f"<summary>{summary}</summary>", ""]
    return [*opening, f"{fence}diff", *body, fence, "", "</details>", ""]


def _within(change: Change, saved_as: str | None) -> Change:
    """A gateway refused or pending with its reason cut as the callout cuts it: 60 blocks each holding
    a reason of 2,000 characters cut 58 blocks of connections that write."""
    if not _waits(change):
        return change
    reason, cut = _reason_within(change, saved_as)
    return dataclasses.replace(change, reason=reason + cut) if cut else change


def _pointer_line(change: Change) -> Line:
    """`… edge tunnel-thread: pending, named in the callout above`, where its header and reason were."""
    where = f"{change.kind} {mask_known(change.address)}: {change.action}, named in the callout above"
    return Line(HEADER_INDENT, SYMBOLS[change.action], shown_text(where))


def _diff_line(line: Line) -> str:
    # The text view indents every line, so column 0 is free for the marker GitHub colours by. A gateway
    # that may be cut off is flagged as a change is (`!`), not coloured as a removal.
    marker = (
        "-" if line.tone == DANGER else "!" if line.tone == CAUTION else DIFF_MARKERS.get(line.symbol, " ")
    )
    return marker + line.plain()[1:]


def _fence_for(body: list[str]) -> str:
    """A fence longer than any run of backticks inside, so no address or reason can close it."""
    longest = max((len(run) for line in body for run in _BACKTICKS.findall(line)), default=0)
    return "`" * max(3, longest + 1)


def code_span(text: str) -> str:
    """An inline code span that holds any text, backticks included (CommonMark's rule). Nothing is
    escaped inside: CommonMark shows a code span's text as it is (`&lt;` stays `&lt;`)."""
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(text)), default=0) + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def table_code(text: str) -> str:
    """A code span in a table cell: GitHub splits the row at every `|`, in code spans too, unless
    escaped; the escape is removed before the span is read."""
    return code_span(text.replace("|", "\\|"))


# What Markdown (CommonMark and GitHub's tables and strikethrough) reads as markup in running text:
# each is escaped with a backslash, which CommonMark removes from any ASCII punctuation. A link or
# image needs `[`; an underscore between letters or digits (TILT_SDE) never opens emphasis.
_MARKUP = re.compile(r"[\\`*\[<>&|~]|_(?![^\W_])|(?<![^\W_])_")


def markdown_text(text: str) -> str:
    """`text` shown as it is in running Markdown: `R&D <north> *x*` neither tags, entities nor emphasis."""
    return _MARKUP.sub(lambda markup: "\\" + markup.group(), text)
