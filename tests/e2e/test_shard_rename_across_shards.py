"""A key renamed without `moved` whose removal and creation fall in two shards (fz67, fx167): the stack
renamed dam-a to dam-ab with `moved` and applied; a checkout from before declares dam-a again. Of two
shards, dam-ab is the first's and dam-a the second's. One run plans both, the removal hinted and
guarded by --allow-destroy; split, the second shard alone would create dam-a beside dam-ab, a second
connection for one site, exit 0. Each shard applies one run's rule over the fleet: the creation's
shard, seeing the look-alike in the project's connection list (named alike), refuses, and the removal's
shard hints it; a merged plan hints the pair as one run does, and its apply by --shard refuses the
creation whose look-alike removal another shard holds."""

from __future__ import annotations

import json

import pytest

from iotplan.plan import shard
from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_fence_creating_beside_a_rename import renamed_with_an_old_checkout

REFUSED = "dam-a: would be created beside the stack's own dam-ab ("


def nothing_was_made(workspace: Workspace) -> None:
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0


def test_the_shard_creating_beside_a_look_alike_another_shard_removes_refuses(workspace: Workspace) -> None:
    renamed_with_an_old_checkout(workspace, "dam-ab")
    assert "looks like a rename to dam-a" in workspace.run("plan", "old.yaml").stdout  # one run
    planned = workspace.run("plan", "old.yaml", "--shard", "2/2", "--out", "plan-2.json")
    assert planned.exit_code == 1, planned.output
    assert REFUSED in planned.stderr and "holding an unknown number of observations" in planned.stderr
    assert (
        "whose removal shard 1/2 plans, not this shard 2/2" in planned.stderr
        and "plan without --shard" in planned.stderr
    )
    applied = workspace.run("apply", "old.yaml", "--shard", "2/2", "--auto-approve")
    assert applied.exit_code == 1 and REFUSED in applied.stderr
    nothing_was_made(workspace)
    removing = workspace.run("plan", "old.yaml", "--shard", "1/2")  # the removal's shard plans it
    assert removing.exit_code == 0 and "- node dam-ab" in removing.stdout
    assert "looks like a rename to dam-a" in removing.stdout  # as one run's (fx177)


def test_a_merged_plan_hints_the_pair_and_its_apply_by_shard_refuses_the_creation(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shards that did not see the pair (planned by an iotplan before the shards applied the rule
    over the fleet): merge hints it, and the apply of the creation's shard alone refuses it, as
    --target refuses the creation whose look-alike removal it leaves out."""
    monkeypatch.setattr(shard, "other_shards_changes", lambda *_: [])
    renamed_with_an_old_checkout(workspace, "dam-ab")
    for index in (1, 2):
        planned = workspace.run("plan", "old.yaml", "--shard", f"{index}/2", "--out", f"plan-{index}.json")
        assert planned.exit_code == 0, planned.output
        assert "looks like a rename" not in planned.stdout  # neither shard holds both
    merged = workspace.run(
        "merge", "plan-1.json", "plan-2.json", "--out", "merged.json", "--out", "merged.md"
    )
    assert merged.exit_code == 2, merged.output  # as plan --detailed-exitcode: changes
    assert "looks like a rename to dam-a" in merged.stdout
    assert "looks like a rename to dam-a" in (workspace.path / "merged.md").read_text()
    document = json.loads((workspace.path / "merged.json").read_text())
    [removal] = [change for change in document["changes"] if change["address"] == "dam-ab"]
    assert removal["looks_renamed_to"] == "dam-a"
    by_shard = workspace.run("apply", "merged.json", "--shard", "2/2", "--auto-approve")
    assert by_shard.exit_code == 1, by_shard.output
    assert REFUSED in by_shard.stderr and "holding 1,000 observations" in by_shard.stderr
    assert (
        "whose removal shard 1/2 of this merged plan holds, not this apply (--shard 2/2)" in by_shard.stderr
    )
    whole = workspace.run("apply", "merged.json", "--auto-approve")  # both, the removal guarded
    assert whole.exit_code == 1 and "--allow-destroy" in whole.stderr
    nothing_was_made(workspace)
    assert workspace.run("apply", "merged.json", "--shard", "1/2", "--auto-approve").exit_code == 1
