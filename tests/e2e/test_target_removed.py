"""An apply whose --target names what it removes (fz6 #2): once the removal is made the target
matches nothing, which the verifying plan takes for the removal done, not for a typo; an entity
the platform kept although it answered the removal still makes the apply incomplete."""

from __future__ import annotations

import json

import pytest

from iotplan.plan.coverage import Shard
from tests.e2e.conftest import Workspace
from tests.e2e.test_shard import FLEET, changed_fleet

REMOVED = "site-04"  # changed_fleet drops it from the manifest: the stack's, undeclared now


def test_an_apply_targeting_a_removed_connection_is_verified(workspace: Workspace) -> None:
    changed_fleet(workspace)
    result = workspace.run("apply", *FLEET, "--target", REMOVED, "--auto-approve")
    assert result.exit_code == 0, result.output
    assert "Verified: a fresh read shows no changes." in result.stdout
    again = workspace.run("plan", *FLEET, "--format", "json")
    assert REMOVED not in {change["address"].split("/")[0] for change in json.loads(again.stdout)["changes"]}


def test_a_removed_device_among_several_targets_is_verified_in_json(workspace: Workspace) -> None:
    changed_fleet(workspace)
    workspace.edit("examples/multi-site/site.yaml.j2", "- key: logger", "- key: datalogger")
    targets = ["--target", "site-0[1-3]", "--target", "site-05/logger"]
    result = workspace.run("apply", *FLEET, *targets, "--auto-approve", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["converged"] is True and report["not_verified"] is None


def test_a_saved_plan_targeting_a_removal_is_verified(workspace: Workspace) -> None:
    changed_fleet(workspace)
    planned = workspace.run(
        "plan", *FLEET, "--target", f"{REMOVED}/*", "--target", REMOVED, "--out", "p.json"
    )
    assert planned.exit_code == 0, planned.output
    result = workspace.run("apply", "p.json")
    assert result.exit_code == 0, result.output
    assert "Verified: a fresh read shows no changes." in result.stdout


def test_a_shard_targeting_its_removal_is_verified(workspace: Workspace) -> None:
    changed_fleet(workspace)
    holder = next(i for i in (1, 2, 3) if Shard(i, 3).holds(REMOVED))
    shard = ("--shard", f"{holder}/3")
    result = workspace.run("apply", *FLEET, *shard, "--target", REMOVED, "--auto-approve")
    assert result.exit_code == 0, result.output
    assert f"Verified: a fresh read of shard {holder}/3 shows no changes." in result.stdout


def test_a_removal_the_platform_did_not_make_leaves_the_apply_incomplete(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    changed_fleet(workspace)
    workspace.edit("examples/multi-site/site.yaml.j2", "- key: logger", "- key: datalogger")
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "connection-remove-ignored")  # 200, and it stays
    targets = ["--target", REMOVED, "--target", "site-05/logger"]  # the device's removal is made
    result = workspace.run("apply", *FLEET, *targets, "--auto-approve", "--format", "json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["not_verified"] is None  # the verifying plan was made: it shows what is left
    assert report["converged"] is False and report["remaining"].startswith(
        "Plan: 0 to add, 0 to change, 1 to destroy"
    )


def test_a_target_that_named_nothing_the_apply_removed_is_still_a_typo(workspace: Workspace) -> None:
    changed_fleet(workspace)
    assert workspace.run("apply", *FLEET, "--target", REMOVED, "--auto-approve").exit_code == 0
    again = workspace.run("apply", *FLEET, "--target", REMOVED, "--auto-approve")
    assert again.exit_code == 1 and f"--target {REMOVED!r} matches no address in this plan" in again.stderr
