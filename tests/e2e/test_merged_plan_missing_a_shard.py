"""A merged plan edited to lack a shard is refused at read: `merge` makes none, and its apply would
write the shards it names as if the whole had been reviewed."""

from __future__ import annotations

import json

from tests.e2e.conftest import Workspace
from tests.e2e.test_shard import changed_fleet, shard_plans


def test_a_merged_plan_cut_to_two_of_three_shards_is_refused(workspace: Workspace) -> None:
    changed_fleet(workspace)
    assert workspace.run("merge", *shard_plans(workspace, 3), "--out", "plan.json").exit_code == 2
    plan = json.loads((workspace.path / "plan.json").read_text())
    cut = {connection for connection, index in _shards(plan).items() if index == 2}
    plan["shard"]["covered"] = [1, 3]
    plan["shard"]["connections"].pop("2")
    plan["changes"] = [change for change in plan["changes"] if change["connection"] not in cut]
    (workspace.path / "plan.json").write_text(json.dumps(plan))
    for command in ("apply", "show"):
        refused = workspace.run(command, "plan.json")
        assert refused.exit_code == 1, refused.output
        assert "its shard covers shards 1, 3 of 3, but a merged one covers every shard" in refused.stderr
        assert "Verified" not in refused.output


def _shards(plan: dict[str, object]) -> dict[str, int]:
    listed = plan["shard"]["connections"]  # type: ignore[index]
    return {connection: int(index) for index, names in listed.items() for connection in names}
