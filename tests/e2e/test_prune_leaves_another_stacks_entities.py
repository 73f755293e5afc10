"""--prune-unmanaged never takes what another stack owns (README "Between stacks"): under a connection
two stacks share by `id:`, the other stack's devices are its own, which its plan removes once its
manifest drops them; pruned here, they were destroyed from under the manifest that declares them (fz65 #1)."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace
from tests.e2e.test_review_cases import converges

SOUTH = """apiVersion: iotplan/v1
stack: south
projects:
  - id: {project}
    nodes:
      - key: shared-a
        kind: api
        id: {node_id}
        devices:
          - key: south-lg
            name: South's logger
            sensors:
              - {{key: t, name: T, template: TEMPERATURE_SDE}}
"""
QUICKSTART_DEVICES = {"quickstart:dam-a/logger-1", "quickstart:dam-a/weather"}


def south_shares_dam_a(workspace: Workspace) -> None:
    converges(workspace)
    node_id = workspace.live_entity("quickstart:dam-a")["id"]
    (workspace.path / "south.yaml").write_text(SOUTH.format(project=PROJECT, node_id=node_id))
    applied = workspace.run("apply", "south.yaml", "--auto-approve")
    assert applied.exit_code == 0, applied.output


def by_ref_id(plan: dict) -> dict[str, dict]:
    return {change["live_ref_id"]: change for change in plan["changes"] if change.get("live_ref_id")}


def test_prune_leaves_the_other_stacks_devices_saying_whose_they_are(workspace: Workspace) -> None:
    south_shares_dam_a(workspace)
    changes = by_ref_id(workspace.json("plan", "south.yaml", "--prune-unmanaged"))
    for ref_id in QUICKSTART_DEVICES:
        assert changes[ref_id]["action"] == "unmanaged", changes[ref_id]
        assert changes[ref_id]["reason"].startswith(
            f"not declared, not owned by stack 'south' but by stack 'quickstart' (SERIAL_NO '{ref_id}'); "
            "--prune-unmanaged leaves it (another stack's): the plan of stack 'quickstart' "
            "removes it once that manifest drops it"
        )
    applied = workspace.run("apply", "south.yaml", "--prune-unmanaged", "--allow-destroy", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0  # all there


def test_destroy_with_prune_takes_only_the_stacks_own(workspace: Workspace) -> None:
    south_shares_dam_a(workspace)
    plan = workspace.json("plan", "south.yaml", "--destroy", "--prune-unmanaged")
    removed = {c["live_ref_id"] for c in plan["changes"] if c["action"] == "remove"}
    assert removed == {"south:shared-a/south-lg"}, plan["changes"]
