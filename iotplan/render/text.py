"""The plan as text, in Terraform's manner: `+ ~ - -/+`, changed fields only, secrets hidden."""

from __future__ import annotations

from collections.abc import Callable

from iotplan.plan.impact import SMALLEST_TIER, Pace
from iotplan.plan.model import Plan
from iotplan.render.distinct import distinct_updates
from iotplan.render.lines import (
    CAUTION,
    DANGER,
    NOTE,
    ConnectionGroup,
    Line,
    ShownTexts,
    as_one_run_orders,
    change_lines,
    collapsed_lines,
    connection_groups,
    destroy_notice,
    impact_phrases,
    no_changes_line,
    partial_notice,
    pinned_trades_notice,
    shard_notice,
    unverified_settings,
)

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


def render_text(plan: Plan, *, color: bool, detail: bool = False, pace: Pace = SMALLEST_TIER) -> str:
    """The whole plan; its last line is always the pinned `Plan: ...` summary line.

    Connections that destroy history come first; without `detail`, identical updates of one
    connection are one line, and a line per distinct update across connections precedes the impact.
    """
    plan = as_one_run_orders(plan)  # a merged plan's connections as one run names them
    paint = painter(color)
    styled = _Styler(paint)
    lines: list[str] = []
    for notice in (
        destroy_notice(plan),
        partial_notice(plan),
        shard_notice(plan),
        pinned_trades_notice(plan),
    ):
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
        lines += _unverified_line(plan, paint)
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


def _unverified_line(plan: Plan, paint: Paint) -> list[str]:
    """The gateway settings the blocks leave out, iotplan unable to verify them, said once."""
    said = unverified_settings(plan.changes)
    return [paint(said, "dim"), ""] if said else []


def _distinct_updates(plan: Plan, styled: _Styler) -> list[str]:
    """The distinct updates (`distinct_updates`) under their bold heading; none when no two are alike."""
    distinct = distinct_updates(plan)
    if distinct is None:
        return []
    heading, lines = distinct
    return [styled.paint(heading, "bold"), *(styled(line) for line in lines), ""]


class _Styler:
    """A Line as text. A plan of 100,000 creations has 400,000 lines led by a handful of indented
    symbols: each lead is painted once."""

    def __init__(self, paint: Paint) -> None:
        self.paint = paint
        self.leads: dict[tuple[int, str], str] = {}

    def __call__(self, line: Line) -> str:
        if line.tone == DANGER or line.tone == CAUTION:  # data loss and a gateway cut off: never skimmed over
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
