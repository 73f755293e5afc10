"""Ordinary things users do that once destroyed or duplicated data: each now stops and says why."""

from __future__ import annotations

import json

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace
from tests.e2e.test_review_cases import converges
from tests.served import seed_with_gateway_ports, served

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
"""
EMPTY = f"apiVersion: iotplan/v1\nstack: quickstart\nprojects:\n  - id: {PROJECT}\n    nodes: []\n"


def observe(workspace: Workspace, ref_id: str, count: int) -> None:
    sensor = workspace.live_entity(ref_id)
    workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor["id"], "count": count})


def test_dropping_a_connection_another_stack_builds_on_is_refused(workspace: Workspace) -> None:
    converges(workspace)
    node_id = workspace.live_entity("quickstart:dam-a")["id"]
    (workspace.path / "team-b.yaml").write_text(TEAM_B.format(project=PROJECT, node_id=node_id))
    assert workspace.run("apply", "team-b.yaml", "--auto-approve").exit_code == 0
    (workspace.path / "empty.yaml").write_text(EMPTY)
    refused = workspace.run("apply", "empty.yaml", "--auto-approve", "--allow-destroy")
    assert refused.exit_code == 1
    assert (
        "dam-a: removing this connection would also remove 1 entity that another stack owns" in refused.stderr
    )
    assert "(stack 'team-b', SERIAL_NO 'team-b:shared/extra')" in refused.stderr
    assert workspace.live_entity("team-b:shared/extra")  # still there


def test_a_connection_shared_by_its_id_leaves_each_stacks_nightly_drift_to_its_own(
    workspace: Workspace,
) -> None:
    """README's way of sharing a connection: each stack's drift lists the other's entity, but only a
    person's entity there is drift (exit 2), as `plan --detailed-exitcode` counts neither."""
    converges(workspace)
    node_id = workspace.live_entity("quickstart:dam-a")["id"]
    (workspace.path / "team-b.yaml").write_text(TEAM_B.format(project=PROJECT, node_id=node_id))
    assert workspace.run("apply", "team-b.yaml", "--auto-approve").exit_code == 0

    for manifest in (QUICKSTART, "team-b.yaml"):
        shared = workspace.run("drift", manifest, "--no-color")
        assert shared.exit_code == 0, shared.stdout
        assert "of other stacks" in shared.stdout
    junit = workspace.run("drift", QUICKSTART, "--out", "junit=q.xml")
    assert junit.exit_code == 0
    assert 'failures="0"' in (workspace.path / "q.xml").read_text()

    by_hand = {
        "changeState": "new",
        "refId": "SN-0042",
        "props": {"NAME": "By hand", "INTEGRATION_ID": "DEMO_DEVICE_SDE"},
    }
    workspace.integrate({"integration": {"nodeId": node_id, "devices": [by_hand]}})
    assert workspace.run("drift", QUICKSTART, "--no-color").exit_code == 2


def test_a_plan_names_what_a_connection_removal_takes_with_it(workspace: Workspace) -> None:
    converges(workspace)
    (workspace.path / "empty.yaml").write_text(EMPTY)
    plan = json.loads(workspace.run("plan", "empty.yaml", "--format", "json").stdout)
    [removal] = [change for change in plan["changes"] if change["action"] == "remove"]
    assert removal["address"] == "dam-a" and "dam-a/weather/battery" in removal["collateral"]
    assert plan["summary"]["collateral"] == 7  # 2 devices, 5 sensors


def test_excluding_a_sensor_of_a_replaced_device_refuses_the_plan(workspace: Workspace) -> None:
    converges(workspace)
    observe(workspace, "quickstart:dam-a/weather/air-temp", 77)
    workspace.edit(QUICKSTART, "template: DEMO_DEVICE_SDE", "template: IMPORT_DEVICE_SDE")
    result = workspace.run(
        "apply", QUICKSTART, "--exclude", "dam-a/weather/air-temp", "--allow-destroy", "--auto-approve"
    )
    assert result.exit_code == 1
    assert "dam-a/weather: its replace would destroy dam-a/weather/air-temp" in result.stderr
    assert workspace.live_entity("quickstart:dam-a/weather/air-temp")["props"]["OBSERVATION_COUNT"] == 77


def test_excluding_a_device_of_a_removed_connection_refuses_the_plan(workspace: Workspace) -> None:
    converges(workspace)
    (workspace.path / "empty.yaml").write_text(EMPTY)
    result = workspace.run("plan", "empty.yaml", "--exclude", "dam-a/logger-1")
    assert result.exit_code == 1
    assert "dam-a: its remove would destroy dam-a/logger-1" in result.stderr


def test_targeting_a_sensor_leaves_its_parents_renames_alone(workspace: Workspace) -> None:
    converges(workspace)
    workspace.edit(QUICKSTART, "name: Lake Ellen dam - datalogger feed", "name: Renamed feed")
    workspace.edit(QUICKSTART, "name: Crest datalogger", "name: Renamed logger")
    workspace.edit(QUICKSTART, "name: Piezometer PZ-1", "name: Renamed piezometer")
    applied = workspace.run("apply", QUICKSTART, "--target", "dam-a/logger-1/pz-1", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert workspace.live_entity("quickstart:dam-a/logger-1/pz-1")["props"]["NAME"] == "Renamed piezometer"
    assert workspace.live_entity("quickstart:dam-a/logger-1")["props"]["NAME"] == "Crest datalogger"
    assert workspace.live_entity("quickstart:dam-a")["props"]["NAME"] == "Lake Ellen dam - datalogger feed"


def test_a_selection_that_matches_nothing_is_an_error(workspace: Workspace) -> None:
    converges(workspace)
    result = workspace.run("plan", QUICKSTART, "--target", "dam-z/*", "--detailed-exitcode")
    assert result.exit_code == 1 and "--target 'dam-z/*' matches no address in this plan" in result.stderr


def test_every_format_says_a_plan_is_partial(workspace: Workspace) -> None:
    selection = ("--target", "dam-a/logger-1")
    assert "Partial plan (--target 'dam-a/logger-1')" in workspace.run("plan", QUICKSTART, *selection).stdout
    markdown = workspace.run("plan", QUICKSTART, *selection, "--format", "markdown").stdout
    assert "**Partial plan** (`--target dam-a/logger-1`)" in markdown
    assert json.loads(workspace.run("plan", QUICKSTART, *selection, "--format", "json").stdout)["partial"]


def test_a_unit_change_on_a_sensor_with_history_needs_its_own_flag(workspace: Workspace) -> None:
    converges(workspace)
    observe(workspace, "quickstart:dam-a/logger-1/crack-1", 12)
    workspace.edit(QUICKSTART, "{metric: cum_distance, unit: mm}", "{metric: cum_distance, unit: m}")
    markdown = workspace.run("plan", QUICKSTART, "--format", "markdown").stdout
    assert "needs `--allow-data-model-change`" in markdown and "dam-a/logger-1/crack-1" in markdown
    refused = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert refused.exit_code == 1 and "--allow-data-model-change" in refused.stderr
    assert "dam-a/logger-1/crack-1: 12 observations" in refused.stderr
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 2  # nothing was written
    allowed = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-data-model-change")
    assert allowed.exit_code == 0, allowed.output


def test_a_plan_saved_against_one_platform_is_refused_by_another(
    workspace: Workspace, tmp_path, monkeypatch
) -> None:
    with served(seed_with_gateway_ports(tmp_path)) as url:
        monkeypatch.setenv("IOTPLAN_API_KEY", "demo-key")
        saved = workspace.run("plan", QUICKSTART, "--endpoint", url, "--out", "plan.json")
        assert saved.exit_code == 0, saved.output
    monkeypatch.delenv("IOTPLAN_API_KEY")
    refused = workspace.run("apply", "plan.json")
    assert refused.exit_code == 1 and f"this plan was made against {url}" in refused.stderr
    assert "not against the current target embedded:" in refused.stderr
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 2  # nothing written


def test_a_plan_for_one_embedded_platform_creates_no_other(workspace: Workspace) -> None:
    assert workspace.run("plan", QUICKSTART, "--sim-db", "a.db", "--out", "plan.json").exit_code == 0
    refused = workspace.run("apply", "plan.json", "--sim-db", "other.db", "--auto-approve")
    assert refused.exit_code == 1 and "not against the current target embedded:" in refused.stderr
    assert not list(workspace.path.glob("other.db*"))


def test_a_selection_its_exclusions_empty_is_an_error_not_in_sync(workspace: Workspace) -> None:
    converges(workspace)
    result = workspace.run(
        "plan", QUICKSTART, "--target", "dam-a", "--exclude", "dam-a", "--detailed-exitcode"
    )
    assert result.exit_code == 1 and result.stdout == ""
    assert "--target 'dam-a', --exclude 'dam-a' select nothing: --exclude fences off" in result.stderr
