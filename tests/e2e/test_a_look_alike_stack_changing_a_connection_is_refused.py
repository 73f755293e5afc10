"""Stack `QuickStart` pins quickstart's connection by `id:` and names it otherwise: its refId's
prefix is that stack's in another case, which iotplan cannot tell is this stack's or another's, so
no word of quickstart was said, nothing refused, and the two applies undid each other, exit 0
(cr106). Cannot tell is stop: the change is refused, as a creation beside a look-alike is."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace

LOOK_ALIKE = """\
apiVersion: iotplan/v1
stack: QuickStart
projects:
  - id: {project}
    nodes:
      - key: feed
        id: {node_id}
        name: Renamed by a look-alike
"""


def test_a_look_alike_stack_changing_a_connection_is_refused(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    node = workspace.live_entity("quickstart:dam-a")
    (workspace.path / "la.yaml").write_text(LOOK_ALIKE.format(project=PROJECT, node_id=node["id"]))

    applied = workspace.run("apply", "la.yaml", "--auto-approve")

    said = " ".join(applied.stderr.split())
    assert applied.exit_code == 1, applied.output
    assert "iotplan cannot tell whether it is this stack's" in said, said
    assert "keep `stack: quickstart`, spelt so" in said, said
    assert "this plan would change its name" in said, said
    assert workspace.live_entity("quickstart:dam-a")["props"] == node["props"]
