"""`merge --out merged.json` said `Merged 2 shards. Plan: ... Written to merged.json.` where `plan
--out` says how to apply what it saved, with the flags its plan needs (`apply it with 'iotplan
apply s3.json --allow-destroy'`): the merged plan's apply was run without them, and refused (cr107
F8). The merge names the apply command alike."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.saved_removal import removal_plan


def test_merge_saving_its_plan_says_the_apply_command_with_its_flags(workspace: Workspace) -> None:
    removal_plan(workspace)  # pz-1, holding 1,000 observations, left out of the manifest
    for shard in ("1/2", "2/2"):
        done = workspace.run("plan", QUICKSTART, "--shard", shard, "--out", f"plan-{shard[0]}.json")
        assert done.exit_code == 0, done.output

    merged = workspace.run("merge", "plan-1.json", "plan-2.json", "--out", "merged.json")

    assert merged.exit_code == 2, merged.output
    assert (
        "Written to merged.json: apply it with `iotplan apply merged.json --allow-destroy`." in merged.stderr
    )
