"""A connection moved in the manifest from one project to another under the same key: a connection
and its history cannot move between projects, so the plan refuses it and says the ways forward.
Retired under another key, the old one's removal is a unit of its own, sent in its own project."""

from __future__ import annotations

import re
from typing import Any

from tests.e2e.conftest import PROJECT, Workspace

DAM, TUNNEL = PROJECT, "22222222-2222-4222-8222-222222222222"

# The stack `mon` runs `dam` in the demo project and `tun` in a second one; tun's sensor has history.
SEED = {
    "projects": [{"id": TUNNEL, "name": "Tunnel"}],
    "api_keys": [{"key": "demo-key", "projects": "*"}],
    "networks": [
        {
            "project": project,
            "connections": [
                {
                    "ref_id": f"mon:{key}",
                    "props": {"NAME": f"{key} feed"},
                    "devices": [
                        {
                            "ref_id": f"mon:{key}/lg",
                            "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": "lg"},
                            "sensors": [
                                {
                                    "ref_id": f"mon:{key}/lg/pz",
                                    "props": {"INTEGRATION_ID": "TEMPERATURE_SDE", "NAME": "pz"},
                                    "observations": 300,
                                }
                            ],
                        }
                    ],
                }
            ],
        }
        for project, key in ((DAM, "dam"), (TUNNEL, "tun"))
    ],
}


def node(key: str) -> str:
    return f"""\
      - key: {key}
        name: {key} feed
        devices:
          - key: lg
            name: lg
            sensors:
              - {{key: pz, name: pz, template: TEMPERATURE_SDE}}
"""


def manifest(dam_nodes: str, tunnel_nodes: str, moved: str = "") -> str:
    return f"""\
apiVersion: iotplan/v1
stack: mon
{f"moved: [{moved}]" if moved else ""}
projects:
  - id: {DAM}
    nodes:
{dam_nodes or "      []"}
  - id: {TUNNEL}
    nodes:
{tunnel_nodes or "      []"}
"""


def seeded(workspace: Workspace) -> None:
    assert workspace.run("plan", "--help").exit_code == 0  # any run makes the embedded platform
    workspace.api("POST", "/_sim/seed", json=SEED)


def connections(workspace: Workspace, project: str) -> list[dict[str, Any]]:
    nodes = workspace.api("GET", "/api/nodes/all", params={"projectIds": project, "pageSize": 1000})
    return [entity for entity in nodes if str(entity["props"].get("SERIAL_NO", "")).startswith("mon:")]


def assert_nothing_written(workspace: Workspace) -> None:
    """Each project holds the stack's one connection it held: none created, none removed."""
    assert [n["props"]["SERIAL_NO"] for n in connections(workspace, DAM)] == ["mon:dam"]
    assert [n["props"]["SERIAL_NO"] for n in connections(workspace, TUNNEL)] == ["mon:tun"]


def test_a_key_declared_in_another_project_than_its_connection_is_refused_nothing_written(
    workspace: Workspace,
) -> None:
    seeded(workspace)
    (workspace.path / "moved.yaml").write_text(manifest(node("dam") + node("tun"), ""))
    result = workspace.run("apply", "moved.yaml", "--auto-approve", "--allow-destroy")
    assert result.exit_code == 1, result.output
    assert f"tun: declared in project {DAM}, but the stack's connection of this key" in result.stderr
    assert f"holding 300 observations) is in project {TUNNEL}" in result.stderr
    assert "cannot move between projects" in result.stderr
    assert_nothing_written(workspace)


def test_a_key_changed_in_case_only_while_moving_projects_is_the_same_key_refused(
    workspace: Workspace,
) -> None:
    seeded(workspace)
    (workspace.path / "moved.yaml").write_text(manifest(node("dam") + node("Tun"), ""))
    result = workspace.run("apply", "moved.yaml", "--auto-approve", "--allow-destroy")
    assert result.exit_code == 1, result.output
    assert (
        f"tun: declared in project {DAM} as Tun (keys that differ only in case are one key)" in result.stderr
    )
    assert "cannot move between projects" in result.stderr
    assert_nothing_written(workspace)


def test_a_moved_entry_to_a_key_in_another_project_is_refused_naming_it(workspace: Workspace) -> None:
    """`moved` was written to keep tun's history: it cannot, across projects, so nothing is written,
    whichever of the two keys --target names."""
    seeded(workspace)
    moved = manifest(node("dam") + node("tun2"), "", moved="{from: tun, to: tun2}")
    (workspace.path / "moved.yaml").write_text(moved)
    for targets in ((), ("--target", "tun2"), ("--target", "tun")):
        result = workspace.run("apply", "moved.yaml", *targets, "--auto-approve", "--allow-destroy")
        assert result.exit_code == 1, result.output
        assert "tun2: `moved: {from: tun, to: tun2}` renames the stack's connection tun" in result.stderr
        assert f"holding 300 observations) in project {TUNNEL} to a key declared in project {DAM}" in (
            result.stderr
        )
        assert "cannot move between projects" in result.stderr
    assert_nothing_written(workspace)


def test_a_key_in_two_projects_is_two_units_each_sent_in_its_own_project(workspace: Workspace) -> None:
    """The way forward the refusal gives (the new connection under another key) from a move half made:
    the stack's `tun` left in both projects. Each removal is sent, and read back, in its own project."""
    seeded(workspace)
    made = {"integration": {"changeState": "new", "refId": "mon:tun", "props": {"NAME": "tun feed"}}}
    workspace.integrate(made)  # the stack's `tun` left in the dam's project too (a move half made)
    (workspace.path / "renamed.yaml").write_text(manifest(node("dam") + node("tun2"), ""))
    planned = workspace.run("plan", "renamed.yaml").output  # one block per project: none hides the other
    assert planned.count("# connection tun: 1 to destroy") == 2, planned
    result = workspace.run("apply", "renamed.yaml", "--auto-approve", "--allow-destroy")
    assert result.exit_code == 0, result.output
    assert f"tun (project {DAM}): applied (1 change)" in result.output
    assert f"tun (project {TUNNEL}): applied (1 change)" in result.output
    assert sorted(n["props"]["SERIAL_NO"] for n in connections(workspace, DAM)) == ["mon:dam", "mon:tun2"]
    assert connections(workspace, TUNNEL) == []
    # The estimate counts the calls as apply's units make them: one connection is one key in one project.
    # And the reads between: each removal's connection counted again once confirmed and before its unit.
    estimated = re.search(r"apply sends about (\d+) request", result.output)
    sent = re.search(r"(\d+) write requests? sent", result.output)
    assert estimated and sent and int(estimated.group(1)) == int(sent.group(1)) + 2 * 2, result.output


def test_a_moved_entry_carried_out_in_its_own_project_is_no_move_between_projects(
    workspace: Workspace,
) -> None:
    """A move half made left `tun` in both projects: `moved: tun -> tun2` in the dam's project renames
    the dam's `tun` there, and the tunnel's `tun` is an orphan whose removal asks its own consent."""
    seeded(workspace)
    made = {"integration": {"changeState": "new", "refId": "mon:tun", "props": {"NAME": "tun feed"}}}
    workspace.integrate(made)  # the stack's `tun` left in the dam's project too
    moved = "{from: tun, to: tun2}"
    (workspace.path / "renamed.yaml").write_text(manifest(node("dam") + node("tun2"), "", moved=moved))
    planned = workspace.run("plan", "renamed.yaml", "--no-color")
    assert planned.exit_code == 0, planned.output
    assert "cannot move between projects" not in planned.output
    assert "node tun2 (NODE_API_SDE): moved from tun" in planned.output
    assert "destroys 300 observations" in planned.output
