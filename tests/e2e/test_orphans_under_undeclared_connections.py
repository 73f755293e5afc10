"""A stack's own devices and sensors under a connection it adopted by `id:`, once its manifest drops
that connection: its orphans, as anywhere else (once invisible: "No changes", "owns nothing", in sync)."""

from __future__ import annotations

import json

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace
from tests.e2e.test_ownership_and_fences import observe
from tests.e2e.test_review_cases import converges

TEAM_B = """apiVersion: iotplan/v1
stack: team-b
projects:
  - id: {project}
    nodes:
      - key: shared
        kind: api
        id: {node_id}
        devices:
          - key: extra
            name: Team B's logger
            sensors:
              - {{key: b1, name: B1, template: TEMPERATURE_SDE}}
          - key: logger-1
            ref_id: quickstart:dam-a/logger-1
            sensors:
              - {{key: b-temp, name: B temp, template: TEMPERATURE_SDE}}
"""
DROPPED = f"apiVersion: iotplan/v1\nstack: team-b\nprojects:\n  - id: {PROJECT}\n    nodes: []\n"
ORPHANS = {"team-b:shared/extra", "team-b:shared/logger-1/b-temp"}


def team_b_dropped_its_adopted_connection(workspace: Workspace) -> str:
    """Stack team-b built on quickstart's dam-a, adopted by id, then dropped it: dam-a's id."""
    converges(workspace)
    node_id = str(workspace.live_entity("quickstart:dam-a")["id"])
    (workspace.path / "team-b.yaml").write_text(TEAM_B.format(project=PROJECT, node_id=node_id))
    applied = workspace.run("apply", "team-b.yaml", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    (workspace.path / "dropped.yaml").write_text(DROPPED)
    return node_id


def removed_ref_ids(plan: dict) -> set[str]:
    return {change["live_ref_id"] for change in plan["changes"] if change["action"] == "remove"}


def test_they_are_planned_for_removal_and_listed_by_destroy(workspace: Workspace) -> None:
    team_b_dropped_its_adopted_connection(workspace)
    plan = workspace.json("plan", "dropped.yaml", "--format", "json")
    assert removed_ref_ids(plan) == ORPHANS
    assert plan["summary"]["collateral"] == 1  # extra's sensor b1
    destroy = workspace.json("plan", "dropped.yaml", "--destroy", "--format", "json")
    assert removed_ref_ids(destroy) == ORPHANS


def test_their_removal_has_every_guard_and_leaves_the_other_stacks_entities(workspace: Workspace) -> None:
    team_b_dropped_its_adopted_connection(workspace)
    observe(workspace, "team-b:shared/extra/b1", 12)
    refused = workspace.run("apply", "dropped.yaml", "--auto-approve")
    assert refused.exit_code == 1 and "--allow-destroy" in refused.stderr, refused.output
    applied = workspace.run("apply", "dropped.yaml", "--auto-approve", "--allow-destroy")
    assert applied.exit_code == 0, applied.output
    assert workspace.run("plan", "dropped.yaml", "--detailed-exitcode").exit_code == 0
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0  # quickstart's all there


def test_drift_reports_them_orphaned(workspace: Workspace) -> None:
    team_b_dropped_its_adopted_connection(workspace)
    drift = workspace.run("drift", "dropped.yaml", "--format", "json")
    assert drift.exit_code == 2, drift.output
    entries = json.loads(drift.stdout)["entries"]
    orphaned = {entry["address"] for entry in entries if entry["status"] == "ORPHANED"}
    assert {address.rsplit("/", 1)[1] for address in orphaned} == {"extra", "b-temp"}, entries
    # What only carries them (quickstart's connection and logger) is neither in sync with team-b nor drift.
    assert {entry["status"] for entry in entries} == {"ORPHANED"}, entries


def test_one_shard_alone_reports_them(workspace: Workspace) -> None:
    team_b_dropped_its_adopted_connection(workspace)
    found = []
    for shard in ("1/3", "2/3", "3/3"):
        plan = workspace.json("plan", "dropped.yaml", "--shard", shard, "--format", "json")
        found += sorted(removed_ref_ids(plan))
    assert sorted(found) == sorted(ORPHANS)


def test_nothing_else_under_another_stacks_device_is_listed_or_pruned_whatever_the_list_order(
    workspace: Workspace,
) -> None:
    """An installer's sensor, listed after team-b's on quickstart's logger, was pruned: only the stack's
    own sensors there are its business, even with --prune-unmanaged."""
    node_id = team_b_dropped_its_adopted_connection(workspace)
    sensor = {
        "changeState": "new",
        "refId": "installer-tool-7",
        "props": {"INTEGRATION_ID": "TEMPERATURE_SDE"},
    }
    device = {"changeState": "update", "refId": "quickstart:dam-a/logger-1", "props": {}, "sensors": [sensor]}
    workspace.integrate({"integration": {"nodeId": node_id, "devices": [device]}})
    for flags in ((), ("--prune-unmanaged",)):
        plan = workspace.json("plan", "dropped.yaml", *flags, "--format", "json")
        assert removed_ref_ids(plan) == ORPHANS, flags
        listed = {change["live_ref_id"] for change in plan["changes"]}
        assert "installer-tool-7" not in listed and "quickstart:dam-a/logger-1/pz-1" not in listed, flags
    applied = workspace.run("apply", "dropped.yaml", "--prune-unmanaged", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert workspace.live_entity("installer-tool-7")


def test_its_sensor_under_another_stacks_device_it_stopped_adopting_is_its_orphan_too(
    workspace: Workspace,
) -> None:
    """team-b keeps the shared connection but drops quickstart's logger it had adopted by `ref_id:`:
    the sensor it made there is still its own, removed as any orphan (it was in no plan or drift at all)."""
    node_id = team_b_dropped_its_adopted_connection(workspace)
    kept = TEAM_B.format(project=PROJECT, node_id=node_id).split("          - key: logger-1")[0]
    (workspace.path / "kept.yaml").write_text(kept)
    plan = workspace.json("plan", "kept.yaml", "--format", "json")
    assert removed_ref_ids(plan) == {"team-b:shared/logger-1/b-temp"}
    drift = json.loads(workspace.run("drift", "kept.yaml", "--format", "json").stdout)["entries"]
    assert [entry["status"] for entry in drift if entry["address"].endswith("/b-temp")] == ["ORPHANED"]
    assert workspace.run("apply", "kept.yaml", "--auto-approve").exit_code == 0
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0  # quickstart's all there
