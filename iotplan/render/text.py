"""The plan as text, in Terraform's manner: `+ ~ - -/+`, changed fields only, secrets hidden."""

from __future__ import annotations

from collections.abc import Callable

from iotplan.plan.impact import SMALLEST_TIER, Pace
from iotplan.plan.model import Action, Change, Kind, Plan
from iotplan.render.distinct import Alike, alike_updates, connections_of
from iotplan.render.lines import (
    DANGER,
    HEADER_INDENT,
    NOTE,
    ConnectionGroup,
    Line,
    ShownTexts,
    change_lines,
    collapsed_lines,
    connection_groups,
    destroy_notice,
    impact_phrases,
    no_changes_line,
    partial_notice,
    shard_notice,
    shown_text,
)
from iotplan.secrets import mask_known
from iotplan.wording import counted, cut_off, first, history_reread, no_reliable_count, observations

SYMBOL_STYLES = {
    "+": "green",
    "~": "yellow",
    "-": "red",
    "?": "cyan",
    "*": "red",
    "…": "magenta",
    "!": "red",
    "=": "dim",
}
ANSI = {"green": "32", "yellow": "33", "red": "31", "cyan": "36", "magenta": "35", "bold": "1", "dim": "2"}

Paint = Callable[[str, str], str]
DISTINCT_SHOWN = 10  # distinct updates the summary names before it counts the rest
NAMED = 3  # connections (or entities) a distinct update's line names before it counts the rest
# A block's `may cut the gateway off`, said of a setting on one or many gateways.
_CUTS_A_GATEWAY_OFF = cut_off("a gateway")


def render_text(plan: Plan, *, color: bool, detail: bool = False, pace: Pace = SMALLEST_TIER) -> str:
    """The whole plan; its last line is always the pinned `Plan: ...` summary line.

    Connections that destroy history come first; without `detail`, identical updates of one
    connection are one line, and a line per distinct update across connections precedes the impact.
    """
    paint = painter(color)
    styled = _Styler(paint)
    lines: list[str] = []
    for notice in (destroy_notice(plan), partial_notice(plan), shard_notice(plan)):
        if notice:
            lines += [paint(notice, "yellow"), ""]
    if not plan.summary.has_changes:
        lines += [paint(no_changes_line(plan), "bold"), ""]
    groups = connection_groups(plan.changes, detail=detail)
    view = ShownTexts()
    several_projects = len({group.project_id for group in groups}) > 1
    project = None
    for group in groups:
        if several_projects and group.project_id != project:
            project = group.project_id
            lines += [paint(f"## project {project}", "bold"), ""]
        lines += _group_lines(group, styled, view)
    if not detail:
        lines += _distinct_updates(plan, styled)
    phrases = impact_phrases(plan, pace)
    if phrases:
        lines += [paint("Impact: " + "; ".join(phrases) + ".", "bold"), ""]
    lines.append(paint(plan.summary.line(), "bold"))
    return "\n".join(lines) + "\n"


def _group_lines(group: ConnectionGroup, styled: _Styler, view: ShownTexts) -> list[str]:
    lines = [styled.paint(f"# connection {group.connection}: {group.counts_phrase()}", "bold")]
    view.about_to_show(group.shown)
    lines += [styled(line) for change in group.shown for line in change_lines(change, view)]
    lines += [styled(line) for each in group.collapsed for line in collapsed_lines(each)]
    return [*lines, ""]


def _distinct_updates(plan: Plan, styled: _Styler) -> list[str]:
    """Each distinct update once, with where and how many: those that change how history reads
    first, then the rest, most entities first, `DISTINCT_SHOWN` of them and the rest counted. Last
    before the impact, with which it is read: the end of the output is what a terminal and a CI log
    leave in view. None when no two updates are alike: the blocks above say it all. Alike as the
    blocks fold them, every field compared: grouped by their data-model fields alone, a sensor renamed
    as its unit changed was counted with the unit and its rename said nowhere here."""
    if plan.summary.change < 2:  # no two updates to be alike: a no-op plan's 100,000 changes not walked
        return []
    update = Action.UPDATE  # looked up once, not per change
    updates = [change for change in plan.changes if change.action is update]
    rereading = alike_updates([change for change in updates if change.rereads_data])
    others = alike_updates([change for change in updates if not change.rereads_data])
    alike = rereading + sorted(others, key=lambda item: not _cuts_off(item[1]))  # flagged ones first
    if len(alike) == len(updates):
        return []
    entities = _entities(updates)
    heading = styled.paint(f"{counted(len(alike), 'distinct update')} on {entities}:", "bold")
    shown = [_distinct_line(what, changes) for what, changes in alike[:DISTINCT_SHOWN]]
    left = _distinct_not_shown(alike[DISTINCT_SHOWN:])
    return [heading, *(styled(line) for line in [*shown, *left]), ""]


def _entities(changes: list[Change]) -> str:
    """`4,400 sensors`, or `12 entities` of more than one kind."""
    kinds = {change.kind for change in changes}
    return counted(len(changes), kinds.pop() if len(kinds) == 1 else "entity")


def _distinct_line(what: str, changes: list[Change]) -> Line:
    """`! metrics[0].unit: "Pa" → "kPa" on 4,400 sensors in 400 connections (c0, c1, c2 and 397 more):
    changes how 461,100 observations read: needs --allow-data-model-change`."""
    said = f"{what} on {_where(changes)}"
    if changes[0].rereads_data:
        return Line(HEADER_INDENT, "!", f"{said}: changes {_reread(changes)}", DANGER)
    if _cuts_off(changes):
        return Line(HEADER_INDENT, "!", f"{said}: {_CUTS_A_GATEWAY_OFF}", DANGER)
    return Line(HEADER_INDENT, "~", said)


def _cuts_off(changes: list[Change]) -> bool:
    return any(change.cuts_off for change in changes)


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
    flagged = [said for said in (_rereading_left(left), _cutting_off_left(left)) if said]
    if not flagged:
        return [Line(HEADER_INDENT, "#", f"{more}, each in its connection above", NOTE)]
    text = f"{more} ({'; '.join(flagged)}), each in its connection above"
    return [Line(HEADER_INDENT, "!", text, DANGER)]


def _rereading_left(left: Alike) -> str:
    """`5 of them, on 10 sensors, change how 30 observations read: needs ...`; empty if none do."""
    rereading = [grouped for _, grouped in left if grouped[0].rereads_data]
    rereads = [change for grouped in rereading for change in grouped]
    if not rereads:
        return ""
    return f"{len(rereading):,} of them, on {_entities(rereads)}, change {_reread(rereads)}"


def _cutting_off_left(left: Alike) -> str:
    """`1 of them, on 30 gateways, may cut a gateway off ...: needs --allow-disconnect`; empty if none may."""
    cutting_off = [grouped for _, grouped in left if _cuts_off(grouped)]
    if not cutting_off:
        return ""
    gateways = counted(
        len(connections_of([change for grouped in cutting_off for change in grouped])), "gateway"
    )
    return f"{len(cutting_off):,} of them, on {gateways}, {_CUTS_A_GATEWAY_OFF}"


class _Styler:
    """A Line as text. A plan of 100,000 creations has 400,000 lines led by a handful of indented
    symbols: each lead is painted once."""

    def __init__(self, paint: Paint) -> None:
        self.paint = paint
        self.leads: dict[tuple[int, str], str] = {}

    def __call__(self, line: Line) -> str:
        if line.tone == DANGER:  # data loss is the one detail that must not be skimmed over
            return self.paint(line.plain(), "red")
        if line.tone == NOTE:
            return self.paint(line.plain(), "yellow")
        lead = self.leads.get((line.indent, line.symbol))
        if lead is None:
            lead = f"{' ' * line.indent}{_symbol(line.symbol, self.paint)} "
            self.leads[line.indent, line.symbol] = lead
        return lead + line.text


def _symbol(symbol: str, paint: Paint) -> str:
    if symbol == "-/+":
        return paint("-", "red") + "/" + paint("+", "green")
    return paint(symbol, SYMBOL_STYLES.get(symbol, "bold"))


def painter(color: bool) -> Paint:
    def paint(text: str, style: str) -> str:
        return f"\x1b[{ANSI[style]}m{text}\x1b[0m" if color else text

    return paint
