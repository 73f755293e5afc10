"""Stack `QuickStart` owns a connection of its own (`QuickStart:own`) and pins quickstart's by `id:`,
naming it otherwise: the refusal said "if this stack looks renamed from 'quickstart' in case only,
keep `stack: quickstart`", which would disown `QuickStart:own` (fx347). A stack that owns live
entities as it spells itself is no rename: the change is refused without that advice."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace

OWN = """\
apiVersion: iotplan/v1
stack: QuickStart
projects:
  - id: {project}
    nodes:
      - key: own
        kind: api
        name: Its own feed
"""

PINNED = """\
      - key: feed
        id: {node_id}
        name: Renamed by a look-alike
"""


def test_a_look_alike_stack_owning_its_own_is_never_told_to_respell_itself(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    manifest = workspace.path / "la.yaml"
    manifest.write_text(OWN.format(project=PROJECT))
    assert workspace.run("apply", "la.yaml", "--auto-approve").exit_code == 0
    node = workspace.live_entity("quickstart:dam-a")
    manifest.write_text(manifest.read_text() + PINNED.format(node_id=node["id"]))

    refused = workspace.run("apply", "la.yaml", "--auto-approve")

    said = " ".join(refused.stderr.split())
    assert refused.exit_code == 1, refused.output
    assert "this plan would change its name" in said, said
    assert "keep `stack:" not in said, said
    assert "Stack 'QuickStart' owns live entities as it spells itself ('QuickStart:')" in said, said
    assert workspace.live_entity("quickstart:dam-a")["props"] == node["props"]
