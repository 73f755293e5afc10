"""A merged plan whose write in a later shard was edited (its reason, `(approved)` added) was
refused only when that shard was checked: the shards before it had written (site-04 destroyed,
site-07 renamed), exit 1. Every shard's part is checked for the file's edits before the first
write; nothing is written."""

from __future__ import annotations

import json

from tests.e2e.conftest import Workspace
from tests.e2e.saved_removal import platform_state
from tests.e2e.test_shard import changed_fleet, shard_plans


def test_merged_plan_edited_in_a_later_shard_writes_nothing(workspace: Workspace) -> None:
    changed_fleet(workspace)
    assert workspace.run("merge", *shard_plans(workspace, 3), "--out", "plan.json").exit_code == 2
    plan = json.loads((workspace.path / "plan.json").read_text())
    shard_of = {name: int(i) for i, names in plan["shard"]["connections"].items() for name in names}
    writing = [change for change in plan["changes"] if change["action"] != "no-op"]
    last = max(shard_of[change["connection"]] for change in writing)
    assert any(shard_of[change["connection"]] < last for change in writing), "an earlier shard writes"
    edited = next(change for change in writing if shard_of[change["connection"]] == last)
    edited["reason"] += " (approved)"
    (workspace.path / "plan.json").write_text(json.dumps(plan))
    before = platform_state(workspace)

    refused = workspace.run("apply", "plan.json", "--allow-destroy")

    assert refused.exit_code == 1, refused.output
    assert f"{edited['address']} (its reason differs): was the plan file edited or cut?" in refused.stderr
    assert platform_state(workspace) == before
