"""`iotplan import --stack beta` of a project where beta hangs a logger under quickstart's
connection wrote that connection's `id:` and its `name:` and `location:` too: once quickstart
renamed it, beta's whole plan was refused (cr106). Its fields are quickstart's to set: import
writes only the pin, saying whose the connection is, and beta's plan stays clean."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace

BETA = """\
apiVersion: iotplan/v1
stack: beta
projects:
  - id: {project}
    nodes:
      - key: feed
        id: {node_id}
        devices:
          - key: b-logger
            name: Beta logger
"""


def test_import_beside_another_stacks_connection_writes_only_its_pin(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    node_id = workspace.live_entity("quickstart:dam-a")["id"]
    (workspace.path / "beta.yaml").write_text(BETA.format(project=PROJECT, node_id=node_id))
    assert workspace.run("apply", "beta.yaml", "--auto-approve").exit_code == 0

    imported = workspace.run("import", "--project", PROJECT, "--stack", "beta", "--out", "imported.yaml")
    assert imported.exit_code == 0, imported.output
    text = (workspace.path / "imported.yaml").read_text()
    pin = text[text.index(f"id: {node_id}") :].split("devices:")[0]
    assert "stack 'quickstart'" in pin and "name:" not in pin and "location:" not in pin, text
    workspace.edit(QUICKSTART, "name: Lake Ellen dam - datalogger feed", "name: Lake Ellen dam feed")
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0

    planned = workspace.run("plan", "imported.yaml")

    assert planned.exit_code == 0, planned.output
