"""Mutation results → the figures per module, the survivors with their diffs, and the report."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

KILLED = ("killed", "killed by the full suite", "timeout", "caught by type check")


def load_equivalent(path: Path) -> dict[str, dict[str, str]]:
    """Survivors judged equivalent: mutant name → its diff when judged, and why."""
    if not path.exists():
        return {}
    entries = tomllib.loads(path.read_text("utf-8")).get("equivalent", [])
    return {entry["mutant"]: {"diff": entry["diff"], "why": entry["why"]} for entry in entries}


def summarise(
    results: dict[str, dict[str, str]],
    equivalent: dict[str, dict[str, str]],
    diff_of: Callable[[str], str],
) -> dict[str, Any]:
    modules = {}
    for module, statuses in results.items():
        survivors = []
        for name, status in sorted(statuses.items(), key=lambda item: _order(item[0])):
            if status in KILLED:
                continue
            diff = diff_of(name)
            judged = equivalent.get(name)
            # A judgement holds only for the diff it was made on: moved code is judged again.
            why = judged["why"] if judged and _same_diff(judged["diff"], diff) else ""
            survivors.append({"mutant": name, "status": status, "equivalent": why, "diff": diff})
        total = len(statuses)
        killed = total - len(survivors)
        equivalents = sum(bool(s["equivalent"]) for s in survivors)
        modules[module] = {
            "total": total,
            "killed": killed,
            "equivalent": equivalents,
            "score": _percent(killed, total),
            "score_without_equivalent": _percent(killed, total - equivalents),
            "survivors": survivors,
        }
    total = sum(m["total"] for m in modules.values())
    killed = sum(m["killed"] for m in modules.values())
    equivalents = sum(m["equivalent"] for m in modules.values())
    return {
        "modules": modules,
        "total": total,
        "killed": killed,
        "equivalent": equivalents,
        "score": _percent(killed, total),
        "score_without_equivalent": _percent(killed, total - equivalents),
    }


def _order(name: str) -> tuple[str, int]:
    head, _, number = name.rpartition("_")
    return head, int(number) if number.isdigit() else 0


def _same_diff(judged: str, now: str) -> bool:
    """Compared without mutmut's header line, which names the mutant's status."""
    return _body(judged) == _body(now)


def _body(diff: str) -> str:
    return "\n".join(line.rstrip() for line in diff.strip().splitlines() if not line.startswith("# "))


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 100.0


def table(summary: dict[str, Any]) -> str:
    lines = [
        "| module | killed / mutants | score | equivalent survivors | score without them |",
        "| --- | --- | --- | --- | --- |",
    ]
    rows = [*summary["modules"].items(), ("**all**", summary)]
    for module, figures in rows:
        lines.append(
            f"| {module} | {figures['killed']} / {figures['total']} | {figures['score']}% | "
            f"{figures['equivalent']} | {figures['score_without_equivalent']}% |"
        )
    return "\n".join(lines) + "\n"


def markdown(summary: dict[str, Any], command: str) -> str:
    parts = [
        "# Mutation testing: the last run\n",
        f"Made by `{command.strip()}` (see README.md) on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. A mutant "
        "counts as killed when the fast subset or, for a survivor of it, the whole suite fails.\n",
        table(summary),
        "## Survivors\n",
    ]
    survivors = [s for module in summary["modules"].values() for s in module["survivors"]]
    if not survivors:
        parts.append("None.\n")
    for survivor in survivors:
        why = survivor["equivalent"]
        verdict = f"equivalent: {why}" if why else "not judged equivalent"
        parts.append(
            f"### `{survivor['mutant']}` ({survivor['status']}; {verdict})\n\n```diff\n"
            f"{_body(survivor['diff'])}\n```\n"
        )
    return "\n".join(parts)
