"""Stack beta pins quickstart's connection by `id:` and names it otherwise, somewhere else: its plan
showed `~ node feed` with no word of quickstart, its apply exited 0 and quickstart's next plan set
them back, each apply undoing the other's for ever (fz89). A field of a connection another stack
owns is that stack's to set: the change is refused, naming the owner, and nothing is written."""

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
        name: Beta calls it this
        location: {{lat: 10, lon: 10}}
        devices:
          - key: b-logger
            name: Beta logger
"""


def test_a_stack_changing_a_connection_another_stack_owns_is_refused(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    node = workspace.live_entity("quickstart:dam-a")
    (workspace.path / "beta.yaml").write_text(BETA.format(project=PROJECT, node_id=node["id"]))

    applied = workspace.run("apply", "beta.yaml", "--auto-approve")

    assert applied.exit_code == 1, applied.output
    assert f"stack 'quickstart' owns connection {node['id']}" in applied.output
    assert "name, location.elevation, location.lat and location.lon" in applied.output
    assert workspace.live_entity("quickstart:dam-a")["props"] == node["props"]
    assert workspace.json("plan", QUICKSTART)["summary"]["change"] == 0
