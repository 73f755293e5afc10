"""`apply PLAN --shard i/n` of a merged plan reports on that shard's part, not the whole plan's: its
destroy refusal names its own removals, and its fresh read verifies its shard alone (fz42 #2, #4)."""

from __future__ import annotations

import json

from iotplan.plan.coverage import shard_of
from tests.e2e.conftest import Workspace
from tests.e2e.test_shard import FLEET, SITES, applied_fleet, shard_plans, write_sites


def two_shards_removing(workspace: Workspace) -> tuple[str, str]:
    """Two sites of two different shards (of 3) left the manifest, each with observations."""
    applied_fleet(workspace)
    names = [row.split(",")[0] for row in SITES]
    first = names[0]
    second = next(name for name in names if shard_of(name, 3) != shard_of(first, 3))
    for site in (first, second):
        sensor = workspace.live_entity(f"multi-site:{site}/logger/pz-1")
        workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor["id"], "count": 5})
    write_sites(workspace, [row for row in SITES if row.split(",")[0] not in (first, second)])
    return first, second


def test_a_shards_destroy_refusal_names_its_own_removals_only(workspace: Workspace) -> None:
    first, second = two_shards_removing(workspace)
    workspace.run("merge", *shard_plans(workspace, 3), "--out", "plan.json")
    refused = workspace.run("apply", "plan.json", "--shard", f"{shard_of(first, 3)}/3", "--auto-approve")
    assert refused.exit_code == 1 and "--allow-destroy" in refused.stderr
    assert f"  {first}: 5 observations" in refused.stderr
    assert second not in refused.stderr  # another shard's removal, which this run never makes
    assert "would destroy 5 observations" in refused.stderr


def test_a_shards_apply_verifies_that_shard_and_says_so(workspace: Workspace) -> None:
    first, _ = two_shards_removing(workspace)
    workspace.run("merge", *shard_plans(workspace, 3), "--out", "plan.json")
    shard = f"{shard_of(first, 3)}/3"
    options = ("--shard", shard, "--auto-approve", "--allow-destroy", "--format", "json")
    result = workspace.run("apply", "plan.json", *options)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["converged"] is True  # of this shard: the other shards' removals are still to make
    assert report["shard"]["count"] == 3 and report["shard"]["covered"] == [shard_of(first, 3)]
    assert workspace.run("plan", *FLEET, "--detailed-exitcode").exit_code == 2


def test_a_shards_text_report_names_the_shard_its_fresh_read_verified(workspace: Workspace) -> None:
    first, _ = two_shards_removing(workspace)
    workspace.run("merge", *shard_plans(workspace, 3), "--out", "plan.json")
    shard = f"{shard_of(first, 3)}/3"
    result = workspace.run("apply", "plan.json", "--shard", shard, "--auto-approve", "--allow-destroy")
    assert result.exit_code == 0, result.output
    assert f"Verified: a fresh read of shard {shard} shows no changes." in result.stdout


def test_a_shards_refused_apply_names_its_shard_in_the_json_report(workspace: Workspace) -> None:
    first, _ = two_shards_removing(workspace)
    workspace.run("merge", *shard_plans(workspace, 3), "--out", "plan.json")
    index = shard_of(first, 3)
    refused = workspace.run(
        "apply", "plan.json", "--shard", f"{index}/3", "--auto-approve", "--format", "json"
    )
    assert refused.exit_code == 1, refused.output
    report = json.loads(refused.stdout)
    assert report["status"] == "refused" and "--allow-destroy" in report["stopped"]
    assert report["shard"] == {"count": 3, "covered": [index], "unmatched": []}
