"""The shards checked ahead of the first write share one read of the device and sensor lists
(test_merged_plan_checked_ahead_reads_the_lists_once.py): the last shard's check, made on entities
read for the one before it, still finds a write edited in its part, and nothing is written."""

from __future__ import annotations

import json

from tests.e2e.conftest import Workspace
from tests.e2e.saved_removal import platform_state
from tests.e2e.test_merged_plan_checked_ahead_reads_the_lists_once import renamed_in_three_shards


def test_merged_plan_edited_in_its_last_shard_refused_on_the_shared_lists(workspace: Workspace) -> None:
    renamed_in_three_shards(workspace)
    plan = json.loads((workspace.path / "plan.json").read_text())
    shard_of = {name: int(i) for i, names in plan["shard"]["connections"].items() for name in names}
    edited = next(
        change
        for change in plan["changes"]
        if change["action"] != "no-op" and change["kind"] == "device" and shard_of[change["connection"]] == 3
    )
    edited["after"]["name"] += " (approved)"
    (workspace.path / "plan.json").write_text(json.dumps(plan))
    before = platform_state(workspace)

    refused = workspace.run("apply", "plan.json")

    assert refused.exit_code == 1, refused.output
    assert "shard 3/3, checked before any shard writes:" in refused.stderr
    assert f"{edited['address']} (its after differs)" in refused.stderr
    assert platform_state(workspace) == before
