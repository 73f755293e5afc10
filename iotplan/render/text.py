"""The plan as text, in Terraform's manner: `+ ~ - -/+`, changed fields only, secrets hidden."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from iotplan.plan.model import Action, Change, Plan
from iotplan.render.secrets import SENSITIVE, shown

SYMBOLS = {
    Action.CREATE: ("+", "green"),
    Action.UPDATE: ("~", "yellow"),
    Action.REMOVE: ("-", "red"),
    Action.REPLACE: ("-/+", "red"),
    Action.UNMANAGED: ("?", "cyan"),
    Action.PENDING: ("…", "magenta"),
    Action.REFUSED: ("!", "red"),
    Action.NOOP: ("=", "dim"),
}
ANSI = {"green": "32", "yellow": "33", "red": "31", "cyan": "36", "magenta": "35", "bold": "1", "dim": "2"}


def render_text(plan: Plan, *, color: bool) -> str:
    paint = _painter(color)
    shown_changes = [
        change for change in plan.changes if change.action is not Action.NOOP or _unverifiable(change)
    ]
    lines: list[str] = []
    if not any(change.action.writes for change in shown_changes):
        lines.append(paint("No changes. The platform matches the manifest.", "bold"))
    current = None
    for change in shown_changes:
        if change.connection != current:
            current = change.connection
            lines += ["", paint(f"# connection {current}", "bold")]
        lines += list(_change_lines(change, paint))
    lines += ["", paint(plan.summary.line(), "bold")]
    return "\n".join(lines).lstrip("\n") + "\n"


def _unverifiable(change: Change) -> bool:
    """Settings a gateway cannot report are shown, so nobody mistakes silence for agreement."""
    return change.action is Action.NOOP and change.reason.startswith("unverifiable")


def _painter(color: bool) -> Any:
    def paint(text: str, style: str) -> str:
        return f"\x1b[{ANSI[style]}m{text}\x1b[0m" if color else text

    return paint


def _change_lines(change: Change, paint: Any) -> Iterator[str]:
    symbol, style = SYMBOLS[change.action]
    template = f" ({change.template})" if change.template else ""
    yield paint(f"  {symbol} {change.kind} {change.address}{template}", style) + f": {change.reason}"
    if change.action is Action.CREATE:
        for name, value in (change.after or {}).items():
            yield paint(f"      + {name} = {_value(name, value)}", "green")
    for field in change.fields:
        before, after = (
            _value(field.path, field.before, field.sensitive),
            _value(field.path, field.after, field.sensitive),
        )
        yield paint(f"      ~ {field.path}: {before} → {after}", style if style != "cyan" else "yellow")
    if change.touches_data_model:
        yield paint("      note: metrics change the sensor's data model", "yellow")
    if change.action.destroys and change.observations:
        yield paint(
            f"      ! destroys {change.observations:,} observations (sensor history cannot be recovered)",
            "red",
        )


def _value(name: str, value: Any, sensitive: bool = False) -> str:
    value = SENSITIVE if sensitive else shown(name, value)
    if value is None:
        return "(unset)"
    if isinstance(value, str):
        return value if value == SENSITIVE else json.dumps(value, ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
