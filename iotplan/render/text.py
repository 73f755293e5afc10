"""The plan as text, in Terraform's manner: `+ ~ - -/+`, changed fields only, secrets hidden."""

from __future__ import annotations

from collections.abc import Callable

from iotplan.plan.impact import impact_of
from iotplan.plan.model import Plan
from iotplan.render.lines import (
    DANGER,
    NOTE,
    ConnectionGroup,
    Line,
    change_lines,
    collapsed_lines,
    connection_groups,
    destroy_notice,
    impact_phrases,
    no_changes_line,
    partial_notice,
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


def render_text(plan: Plan, *, color: bool, detail: bool = False) -> str:
    """The whole plan; its last line is always the pinned `Plan: ...` summary line.

    Connections that destroy history come first; without `detail`, identical updates of one
    connection are one line.
    """
    paint = painter(color)
    lines: list[str] = []
    for notice in (destroy_notice(plan), partial_notice(plan)):
        if notice:
            lines += [paint(notice, "yellow"), ""]
    if not plan.summary.has_changes:
        lines += [paint(no_changes_line(plan), "bold"), ""]
    groups = connection_groups(plan.changes, detail=detail)
    several_projects = len({group.project_id for group in groups}) > 1
    project = None
    for group in groups:
        if several_projects and group.project_id != project:
            project = group.project_id
            lines += [paint(f"## project {project}", "bold"), ""]
        lines += _group_lines(group, paint)
    phrases = impact_phrases(impact_of(plan))
    if phrases:
        lines += [paint("Impact: " + "; ".join(phrases) + ".", "bold"), ""]
    lines.append(paint(plan.summary.line(), "bold"))
    return "\n".join(lines) + "\n"


def _group_lines(group: ConnectionGroup, paint: Paint) -> list[str]:
    lines = [paint(f"# connection {group.connection}: {group.counts_phrase()}", "bold")]
    lines += [_styled(line, paint) for change in group.shown for line in change_lines(change)]
    lines += [_styled(line, paint) for each in group.collapsed for line in collapsed_lines(each)]
    return [*lines, ""]


def _styled(line: Line, paint: Paint) -> str:
    if line.tone == DANGER:
        return paint(line.plain(), "red")  # data loss is the one detail that must not be skimmed over
    if line.tone == NOTE:
        return paint(line.plain(), "yellow")
    return f"{' ' * line.indent}{_symbol(line.symbol, paint)} {line.text}"


def _symbol(symbol: str, paint: Paint) -> str:
    if symbol == "-/+":
        return paint("-", "red") + "/" + paint("+", "green")
    return paint(symbol, SYMBOL_STYLES.get(symbol, "bold"))


def painter(color: bool) -> Paint:
    def paint(text: str, style: str) -> str:
        return f"\x1b[{ANSI[style]}m{text}\x1b[0m" if color else text

    return paint
