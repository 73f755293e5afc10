"""What the merged-plan note-edit tests share: a manifest planned as two shards and merged into
plan.json (the merge exits 2, as a merged plan is only ever applied whole), then one line's note
deleted in that file as a hand editing it would."""

from __future__ import annotations

import json
from typing import Any

from tests.e2e.conftest import Workspace


def merged_plan(workspace: Workspace, manifest: str) -> dict[str, Any]:
    for shard in (1, 2):
        planned = workspace.run("plan", manifest, "--shard", f"{shard}/2", "--out", f"p{shard}.json")
        assert planned.exit_code == 0, planned.output
    assert workspace.run("merge", "p1.json", "p2.json", "--out", "plan.json").exit_code == 2
    plan: dict[str, Any] = json.loads((workspace.path / "plan.json").read_text())
    return plan


def last_shards_connection(plan: dict[str, Any]) -> str:
    return str(plan["shard"]["connections"]["2"][0])


def change_at(plan: dict[str, Any], address: str) -> dict[str, Any]:
    return next(change for change in plan["changes"] if change["address"] == address)


def write_without_note(workspace: Workspace, plan: dict[str, Any], edited: dict[str, Any], note: str) -> None:
    """`edited`'s reason cut at `note` in plan.json, the rest of the file as merged."""
    edited["reason"] = edited["reason"].partition(note)[0]
    (workspace.path / "plan.json").write_text(json.dumps(plan))
