"""A connection key renamed without `moved` whose orphan and missing entries fall in two shards' drift
reports (fx190): the merge of their plans paired them (fz67), the merge of their reports did not, the
orphan's reason saying only what the next apply destroys. Merged, the report hints it as one run's
drift does: `looks_renamed_to` and the `moved` entry in its reason."""

from __future__ import annotations

import json

import pytest

from iotplan.plan import shard
from tests.e2e.conftest import Workspace
from tests.e2e.test_fence_creating_beside_a_rename import renamed_with_an_old_checkout

HINT = "; it looks like a rename to dam-a: to keep its history, add `moved: [{from: dam-ab, to: dam-a}]`"


def _connections(report: dict) -> dict[str, dict]:
    return {entry["address"]: entry for entry in report["entries"] if entry["kind"] == "node"}


def test_the_merged_report_hints_the_orphan_renamed_to_a_connection_another_shard_misses(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shards that did not see the pair (as where a look-alike's count only its own shard reads):
    dam-ab, holding 1,000 observations, is shard 1/2's orphan, dam-a shard 2/2's missing connection."""
    monkeypatch.setattr(shard, "other_shards_changes", lambda *_: [])
    renamed_with_an_old_checkout(workspace, "dam-ab")
    one_run = _connections(workspace.json("drift", "old.yaml"))["dam-ab"]
    assert one_run["looks_renamed_to"] == "dam-a" and one_run["reason"].endswith(HINT)
    for index in (1, 2):
        drifted = workspace.run(
            "drift", "old.yaml", "--shard", f"{index}/2", "--out", f"json=drift-{index}.json"
        )
        assert drifted.exit_code == 2, drifted.output
        assert "looks like a rename" not in (workspace.path / f"drift-{index}.json").read_text()
    merged = workspace.run("merge", "drift-1.json", "drift-2.json", "--out", "json=merged.json")
    assert merged.exit_code == 2, merged.output
    connections = _connections(json.loads((workspace.path / "merged.json").read_text()))
    assert connections["dam-a"]["status"] == "MISSING"
    orphan = connections["dam-ab"]
    assert (orphan["status"], orphan["looks_renamed_to"]) == ("ORPHANED", "dam-a")
    assert orphan["reason"] == one_run["reason"]
    shown = workspace.run("show", "merged.json")
    assert "looks like a rename to dam-a" in shown.stdout, shown.output
