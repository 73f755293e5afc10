"""Shards' drift reports saved before format 1.10 carry no name on a missing connection: their merge
keeps the rename hint a shard found, rather than strip it unseen (cr64)."""

from __future__ import annotations

import json

from tests.e2e.conftest import Workspace
from tests.e2e.test_shard_renames_fleet_wide import SITE_A, applied, v2


def _saved_in_format_1_9(workspace: Workspace, shard: int) -> str:
    """The shard's report as the builds before 1.10 wrote it: no name on a missing entry."""
    workspace.run("drift", "v2.yaml", "--shard", f"{shard}/2", "--format", "json", "--out", "d.json")
    report = json.loads((workspace.path / "d.json").read_text())
    report["format_version"] = "1.9"
    for entry in report["entries"]:
        if entry["status"] == "MISSING":
            entry["name"] = None
    (workspace.path / f"old{shard}.json").write_text(json.dumps(report))
    return f"old{shard}.json"


def test_a_shards_hint_survives_the_merge(workspace: Workspace) -> None:
    applied(workspace, ("ws-1", "Weather station", 1_000), (*SITE_A, 0))
    v2(workspace, ("ws-5", "Weather station"))
    merged = workspace.run(
        "merge", _saved_in_format_1_9(workspace, 1), _saved_in_format_1_9(workspace, 2), "--out", "m.json"
    )
    assert merged.exit_code == 2, merged.output
    report = json.loads((workspace.path / "m.json").read_text())
    [orphan] = [entry for entry in report["entries"] if entry["status"] == "ORPHANED"]
    assert orphan["looks_renamed_to"] == "ws-5"
    assert orphan["reason"].endswith("add `moved: [{from: ws-1, to: ws-5}]`"), orphan["reason"]
