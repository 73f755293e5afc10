"""Stack delta's `defaults: {node: {notes: ...}}` filled the connection it pins from quickstart,
and the refusal said "this plan would change its notes, which that stack's plan sets back; leave
it out of this manifest", though the node writes no notes and quickstart may set none (cr106).
The refusal names `defaults:` as where they may come from and `notes: null` as the way to leave
them out, claims nothing of quickstart's plan, and the node with `notes: null` plans clean."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace

DELTA = """\
apiVersion: iotplan/v1
stack: delta
defaults:
  node:
    notes: Managed by team delta
projects:
  - id: {project}
    nodes:
      - key: shared
        id: {node_id}
        devices:
          - key: d-logger
            name: Delta logger
"""


def test_defaults_filling_a_connection_another_stack_owns_say_so(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    node_id = workspace.live_entity("quickstart:dam-a")["id"]
    (workspace.path / "delta.yaml").write_text(DELTA.format(project=PROJECT, node_id=node_id))

    refused = workspace.run("plan", "delta.yaml")
    said = " ".join(refused.stderr.split())
    workspace.edit("delta.yaml", "        id: ", "        notes: null\n        id: ")
    cleared = workspace.run("plan", "delta.yaml")

    assert refused.exit_code == 1, refused.output
    assert "`defaults: node:`" in said and "`notes: null`" in said, said
    assert "sets back" not in said, said
    assert cleared.exit_code == 0, cleared.output
