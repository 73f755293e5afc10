"""plan --destroy / apply --destroy: everything the stack owns goes, and every guard still holds:
history needs --allow-destroy, another stack's or a person's entities --prune-unmanaged, --exclude
fences, `protect: true` refuses, an adopted connection stays. A saved destroy plan applies as one."""

from __future__ import annotations

import json

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace
from tests.e2e.test_ownership_and_fences import TEAM_B, observe
from tests.e2e.test_review_cases import converges

ADOPTED = """apiVersion: iotplan/v1
stack: adopter
projects:
  - id: {project}
    nodes:
      - key: feed
        kind: api
        id: {node_id}
        devices:
          - key: logger
            name: Adopter's logger
"""


def gone(workspace: Workspace, ref_id: str) -> bool:
    try:
        workspace.live_entity(ref_id)
    except KeyError:
        return True
    return False


def test_destroy_removes_everything_the_stack_owns_and_converges(workspace: Workspace) -> None:
    converges(workspace)
    planned = workspace.run("plan", QUICKSTART, "--destroy", "--detailed-exitcode")
    assert planned.exit_code == 2
    assert planned.stdout.startswith("Destroy plan (--destroy): everything stack 'quickstart' owns")
    assert "node dam-a (NODE_API_SDE): --destroy; owned by stack 'quickstart'" in planned.stdout
    assert planned.stdout.endswith(
        "Plan: 0 to add, 0 to change, 1 to destroy (7 more destroyed with them).\n"
    )
    applied = workspace.run("apply", QUICKSTART, "--destroy", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert gone(workspace, "quickstart:dam-a") and gone(workspace, "quickstart:dam-a/logger-1/pz-1")
    again = workspace.run("plan", QUICKSTART, "--destroy", "--detailed-exitcode")
    assert again.exit_code == 0 and "Nothing to destroy: the stack owns nothing" in again.stdout
    assert "matches the manifest" not in again.stdout


def test_a_thread_site_s_destroy_plan_says_what_stays(workspace: Workspace) -> None:
    assert workspace.run("apply", "examples/thread/site.yaml", "--auto-approve").exit_code == 0
    planned = workspace.run("plan", "examples/thread/site.yaml", "--destroy")
    assert "THREADs among them with their devices and sensors" in planned.stdout
    assert "The platform matches the manifest" not in planned.stdout


def test_destroying_history_needs_allow_destroy(workspace: Workspace) -> None:
    converges(workspace)
    observe(workspace, "quickstart:dam-a/weather/air-temp", 40)
    refused = workspace.run("apply", QUICKSTART, "--destroy", "--auto-approve")
    assert refused.exit_code == 1 and "--allow-destroy" in refused.stderr
    assert not gone(workspace, "quickstart:dam-a/weather/air-temp")
    applied = workspace.run("apply", QUICKSTART, "--destroy", "--auto-approve", "--allow-destroy")
    assert applied.exit_code == 0, applied.output
    assert gone(workspace, "quickstart:dam-a")


def test_another_stacks_entity_inside_is_refused_pruned_or_not(workspace: Workspace) -> None:
    """Team B's entity is team B's plan to remove: never taken by this stack's prune (fz65 #1)."""
    converges(workspace)
    node_id = workspace.live_entity("quickstart:dam-a")["id"]
    (workspace.path / "team-b.yaml").write_text(TEAM_B.format(project=PROJECT, node_id=node_id))
    assert workspace.run("apply", "team-b.yaml", "--auto-approve").exit_code == 0
    for prune in ((), ("--prune-unmanaged",)):
        refused = workspace.run("plan", QUICKSTART, "--destroy", *prune)
        assert (
            refused.exit_code == 1 and "(stack 'team-b', SERIAL_NO 'team-b:shared/extra')" in refused.stderr
        )
        assert "that stack's plan removes them once its manifest drops them" in refused.stderr


def test_exclude_fences_a_destroy(workspace: Workspace) -> None:
    converges(workspace)
    refused = workspace.run("plan", QUICKSTART, "--destroy", "--exclude", "dam-a/logger-1")
    assert refused.exit_code == 1 and "dam-a: its remove would destroy dam-a/logger-1" in refused.stderr


def test_a_target_that_only_goes_with_a_removal_refuses_a_destroy(workspace: Workspace) -> None:
    converges(workspace)
    args = ("--destroy", "--target", "dam-a/weather", "--auto-approve", "--allow-destroy")
    refused = workspace.run("apply", QUICKSTART, *args)
    assert refused.exit_code == 1
    assert "dam-a/weather: goes only with the remove of dam-a, which --target leaves out" in refused.stderr
    assert not gone(workspace, "quickstart:dam-a/weather")


def test_protect_holds_under_destroy(workspace: Workspace) -> None:
    converges(workspace)
    workspace.edit(
        QUICKSTART,
        "            name: Weather station\n",
        "            name: Weather station\n            protect: true\n",
    )
    refused = workspace.run("apply", QUICKSTART, "--destroy", "--auto-approve", "--allow-destroy")
    assert refused.exit_code == 1
    assert "--destroy would remove protected dam-a/weather: remove `protect: true`" in refused.stderr
    assert not gone(workspace, "quickstart:dam-a/weather")


def test_a_connection_adopted_by_id_stays_and_the_stacks_entities_in_it_go(workspace: Workspace) -> None:
    converges(workspace)
    node_id = workspace.live_entity("quickstart:dam-a")["id"]
    (workspace.path / "adopter.yaml").write_text(ADOPTED.format(project=PROJECT, node_id=node_id))
    assert workspace.run("apply", "adopter.yaml", "--auto-approve").exit_code == 0
    plan = json.loads(workspace.run("plan", "adopter.yaml", "--destroy", "--format", "json").stdout)
    removed = [change["address"] for change in plan["changes"] if change["action"] == "remove"]
    assert removed == ["feed/logger"]
    assert plan["summary"]["change"] == 0 and plan["summary"]["add"] == 0


def test_a_saved_destroy_plan_applies_as_a_destroy_without_a_prompt(workspace: Workspace) -> None:
    converges(workspace)
    assert workspace.run("plan", QUICKSTART, "--destroy", "--out", "destroy.json").exit_code == 0
    assert json.loads((workspace.path / "destroy.json").read_text())["options"]["destroy"] is True
    shown = workspace.run("show", "destroy.json")
    assert shown.stdout.startswith("Destroy plan (--destroy)")
    applied = workspace.run("apply", "destroy.json")
    assert applied.exit_code == 0, applied.output
    assert gone(workspace, "quickstart:dam-a")


# Team B's logger, with a sensor whose history a saved destroy must not take unreviewed.
TEAM_B_WITH_DATA = (
    TEAM_B
    + """            sensors:
              - key: level
                name: Level
                metrics:
                  - {{metric: f, unit: Hz}}
"""
)


def test_a_saved_destroy_plan_refuses_to_take_what_appeared_after_its_review(workspace: Workspace) -> None:
    converges(workspace)
    observe(workspace, "quickstart:dam-a/weather/air-temp", 100)
    planned = workspace.run("plan", QUICKSTART, "--destroy", "--prune-unmanaged", "--out", "destroy.json")
    assert planned.exit_code == 0, planned.output
    node_id = workspace.live_entity("quickstart:dam-a")["id"]
    (workspace.path / "team-b.yaml").write_text(TEAM_B_WITH_DATA.format(project=PROJECT, node_id=node_id))
    adopted = workspace.run("apply", "team-b.yaml", "--auto-approve")
    assert adopted.exit_code == 0, adopted.output
    observe(workspace, "team-b:shared/extra/level", 2_500)
    refused = workspace.run("apply", "destroy.json", "--allow-destroy")
    assert refused.exit_code == 1  # made again, the plan refuses to take team B's (fz65 #1)
    assert "would also remove 2 entities that another stack owns" in refused.stderr
    assert not gone(workspace, "team-b:shared/extra/level")


def test_a_saved_removal_refuses_data_on_a_sensor_that_held_none_at_its_review(workspace: Workspace) -> None:
    converges(workspace)
    observe(workspace, "quickstart:dam-a/weather/air-temp", 10)
    without_weather = (workspace.path / QUICKSTART).read_text().split("          - key: weather\n")[0]
    (workspace.path / "no-weather.yaml").write_text(without_weather)
    planned = workspace.run("plan", "no-weather.yaml", "--out", "plan.json")
    assert planned.exit_code == 0 and "destroys 10 observations" in planned.output, planned.output
    observe(workspace, "quickstart:dam-a/weather/battery", 7)
    refused = workspace.run("apply", "plan.json", "--allow-destroy")
    assert refused.exit_code == 1, refused.output
    assert "data on 1 sensor that held none when reviewed (dam-a/weather/battery)" in refused.stderr
    assert not gone(workspace, "quickstart:dam-a/weather/battery")


# Stack `adopter` pins dam-a by id and adopts quickstart's weather station by its refIds.
ADOPTS_BY_REF_ID = (
    ADOPTED
    + """          - key: station
            ref_id: quickstart:dam-a/weather
            sensors:
              - key: air
                ref_id: quickstart:dam-a/weather/air-temp
                template: TEMPERATURE_SDE
              - key: battery
                ref_id: quickstart:dam-a/weather/battery
                template: BATTERY_CHARGE_SDE
"""
)
# Adopted by a refId no live entity carries: a plain plan would create it, a destroy makes nothing.
NOT_ON_THE_PLATFORM = """          - key: gone
            ref_id: legacy:gone
"""


def test_what_a_connection_adopted_by_id_holds_by_ref_id_stays_under_destroy_and_prune(
    workspace: Workspace,
) -> None:
    converges(workspace)
    node_id = workspace.live_entity("quickstart:dam-a")["id"]
    (workspace.path / "adopter.yaml").write_text(ADOPTS_BY_REF_ID.format(project=PROJECT, node_id=node_id))
    adopted = workspace.run("apply", "adopter.yaml", "--auto-approve")
    assert adopted.exit_code == 0, adopted.output
    workspace.edit("adopter.yaml", "            name: Adopter's logger\n", NOT_ON_THE_PLATFORM)
    planned = workspace.run("plan", "adopter.yaml", "--destroy")
    assert planned.exit_code == 0, planned.output
    assert "SERIAL_NO 'quickstart:dam-a/weather" not in planned.stdout  # declared, so not "not declared"
    assert "SERIAL_NO 'quickstart:dam-a/logger-1'" in planned.stdout  # not declared: unmanaged
    args = ("--destroy", "--prune-unmanaged", "--allow-destroy", "--auto-approve", "--format", "json")
    applied = workspace.run("apply", "adopter.yaml", *args)
    assert applied.exit_code == 0, applied.output
    assert gone(workspace, "adopter:feed/logger")
    assert not gone(workspace, "quickstart:dam-a/logger-1")  # quickstart's, never pruned (fz65 #1)
    assert not gone(workspace, "quickstart:dam-a/weather/air-temp")
    assert not gone(workspace, "quickstart:dam-a/weather/battery")
    assert gone(workspace, "legacy:gone")  # nothing was created


def test_destroying_the_stacks_own_parent_of_an_entity_it_adopted_by_ref_id_is_refused(
    workspace: Workspace,
) -> None:
    converges(workspace)
    node_id = workspace.live_entity("quickstart:dam-a")["id"]
    (workspace.path / "team-b.yaml").write_text(TEAM_B.format(project=PROJECT, node_id=node_id))
    assert workspace.run("apply", "team-b.yaml", "--auto-approve").exit_code == 0
    workspace.edit(
        QUICKSTART,
        "          - key: weather\n",
        "          - key: extra\n            ref_id: team-b:shared/extra\n          - key: weather\n",
    )
    args = ("--destroy", "--prune-unmanaged", "--allow-destroy", "--auto-approve")
    refused = workspace.run("apply", QUICKSTART, *args)
    assert refused.exit_code == 1, refused.output
    assert "(stack 'team-b', SERIAL_NO 'team-b:shared/extra')" in refused.stderr
    assert not gone(workspace, "team-b:shared/extra") and not gone(workspace, "quickstart:dam-a")
