"""The plan as Markdown for pull-request comments: a summary table, details per connection."""

from __future__ import annotations

from itertools import groupby

from iotplan.plan.model import Action, Change, Plan
from iotplan.render.text import SYMBOLS, _value


def render_markdown(plan: Plan) -> str:
    summary = plan.summary
    lines = [
        "### iotplan plan",
        "",
        f"Target: `{_escape(plan.target)}` · stack `{_escape(plan.stack)}` · "
        f"manifest `{_escape(plan.manifest.path)}`",
        "",
        "| add | change | destroy | replace | unmanaged | pending |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {summary.add} | {summary.change} | {summary.destroy} | {summary.replace} | {summary.unmanaged} "
        f"| {summary.pending + summary.refused} |",
        "",
    ]
    destroyed = sum(change.observations for change in plan.changes if change.action.destroys)
    if destroyed:
        lines += [
            f"> [!WARNING]\n> This plan destroys **{destroyed:,} observations**, which cannot be recovered.",
            "",
        ]
    shown = [change for change in plan.changes if change.action is not Action.NOOP]
    for connection, group in groupby(shown, key=lambda change: change.connection):
        lines += _connection_block(connection, list(group))
    lines += [f"**{plan.summary.line()}**", ""]
    return "\n".join(lines)


def _connection_block(connection: str, changes: list[Change]) -> list[str]:
    counts = ", ".join(
        f"{sum(1 for c in changes if c.action is a)} {a}"
        for a in Action
        if any(c.action is a for c in changes)
    )
    body = [line for change in changes for line in _diff_lines(change)]
    return [
        "<details>",
        f"<summary><code>{_escape(connection)}</code>: {counts}</summary>",
        "",
        "```diff",
        *body,
        "```",
        "",
        "</details>",
        "",
    ]


def _diff_lines(change: Change) -> list[str]:
    symbol = SYMBOLS[change.action][0]
    marker = {"+": "+", "-": "-", "-/+": "!", "~": "!"}.get(symbol, "#")
    lines = [f"{marker} {symbol} {change.kind} {change.address}: {change.reason}"]
    if change.action is Action.CREATE:
        lines += [f"+     {name} = {_value(name, value)}" for name, value in (change.after or {}).items()]
    lines += [
        f"!     {f.path}: {_value(f.path, f.before, f.sensitive)} → {_value(f.path, f.after, f.sensitive)}"
        for f in change.fields
    ]
    if change.action.destroys and change.observations:
        lines.append(f"-     destroys {change.observations:,} observations")
    return [line.replace("```", "'''") for line in lines]


def _escape(text: str) -> str:
    return text.replace("`", "'").replace("|", "\\|")
