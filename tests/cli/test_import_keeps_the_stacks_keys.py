"""`iotplan import` keys a connection adopted by `id:` (and a device adopted by `ref_id:`) as the
stack's own refIds beneath it name it, so the stack's devices and sensors keep their keys and
refIds one address: keyed by the web app's name, they became `ref_id:` pins, a sensor added there
got its refId under a second address, and the team's other manifest planned to remove it."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import PROJECT, Workspace


def site(stack: str, nodes: str) -> str:
    return f"apiVersion: iotplan/v1\nstack: {stack}\nprojects:\n  - id: {PROJECT}\n    nodes:\n{nodes}"


def web_app_connection(workspace: Workspace, name: str, devices: tuple[dict[str, Any], ...] = ()) -> str:
    """A connection made in the web app (no refId): its id."""
    workspace.integrate(
        {"integration": {"changeState": "new", "props": {"NAME": name}, "devices": list(devices)}}
    )
    nodes = workspace.api("GET", "/api/nodes/all", params={"projectIds": PROJECT, "pageSize": 1000})
    return str(next(node["id"] for node in nodes if node["props"].get("NAME") == name))


def imported(workspace: Workspace, *options: str) -> tuple[str, str]:
    result = workspace.run("import", "--project", PROJECT, "--out", "imported.yaml", *options)
    assert result.exit_code == 0, result.output
    return (workspace.path / "imported.yaml").read_text(), result.stderr


def test_a_shared_connection_adopted_by_id_takes_the_key_of_the_stacks_refids(workspace: Workspace) -> None:
    node_id = web_app_connection(workspace, "Project two feed")
    team = site(
        "teamb",
        f"      - key: shared\n        kind: api\n        id: {node_id}\n        devices:\n"
        "          - key: dev-b\n            name: Team b logger\n            sensors:\n"
        "              - {key: s, name: S b, template: TEMPERATURE_SDE}\n",
    )
    (workspace.path / "teamb.yaml").write_text(team)
    assert workspace.run("apply", "teamb.yaml", "--auto-approve").exit_code == 0
    text, stderr = imported(workspace, "--stack", "teamb")
    assert "      - key: shared\n        kind: api\n        id: " in text
    assert "          - key: dev-b\n            name: Team b logger\n" in text
    assert "ref_id:" not in text
    assert "stack 'teamb' (--stack) already owns entities here" in " ".join(stderr.split())
    assert workspace.run("plan", "imported.yaml", "--detailed-exitcode").exit_code == 0


def test_renames_in_the_web_app_move_no_key_the_stacks_refids_use(workspace: Workspace) -> None:
    """The stack's sensor under a connection adopted by `id:` and a device adopted by `ref_id:`
    keeps its key, and theirs, when the web app renames both."""
    device = {
        "changeState": "new",
        "refId": "WA-LOG-01",
        "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": "Logger"},
    }
    node_id = web_app_connection(workspace, "Main feed", (device,))
    text, _ = imported(workspace, "--stack", "brown")
    assert "      - key: main-feed\n" in text and "          - key: logger\n" in text
    new_t = "{key: new-t, name: New t, template: TEMPERATURE_SDE}"
    sensor = f"            name: Logger\n            sensors:\n              - {new_t}\n"
    (workspace.path / "imported.yaml").write_text(text.replace("            name: Logger\n", sensor, 1))
    assert workspace.run("apply", "imported.yaml", "--auto-approve").exit_code == 0
    renamed = {"changeState": "update", "refId": "WA-LOG-01", "props": {"NAME": "Crest logger"}}
    workspace.integrate(
        {
            "integration": {
                "nodeId": node_id,
                "changeState": "update",
                "props": {"NAME": "Archive"},
                "devices": [renamed],
            }
        }
    )
    text, _ = imported(workspace, "--stack", "brown")
    assert "      - key: main-feed\n        kind: api\n" in text
    assert "          - key: logger\n            ref_id: WA-LOG-01\n            name: Crest logger\n" in text
    assert (
        "              - key: new-t\n                template: TEMPERATURE_SDE\n                name: New t\n"
        in text
    )
