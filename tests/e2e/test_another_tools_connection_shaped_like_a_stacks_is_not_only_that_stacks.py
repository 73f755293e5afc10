"""A connection another tool made with refId `legacy:site` reads as stack legacy's, and a stack
pinning it by `id:` with its own name was told to "change it in the manifest of stack 'legacy'",
a stack that may not exist (cr106). The refusal says it is stack legacy's or another tool's, and
the ways out: that stack's manifest, or the platform's web app."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace

BETA = """\
apiVersion: iotplan/v1
stack: beta
projects:
  - id: {project}
    nodes:
      - key: site
        id: {node_id}
        name: Beta names the site
"""


def test_another_tools_connection_shaped_like_a_stacks_is_not_only_that_stacks(workspace: Workspace) -> None:
    made = {"integration": {"changeState": "new", "refId": "legacy:site", "props": {"NAME": "Legacy site"}}}
    workspace.integrate(made)
    node_id = workspace.live_entity("legacy:site")["id"]
    (workspace.path / "beta.yaml").write_text(BETA.format(project=PROJECT, node_id=node_id))

    refused = workspace.run("plan", "beta.yaml")

    said = " ".join(refused.stderr.split())
    assert refused.exit_code == 1, refused.output
    assert "stack 'legacy' owns connection" in said, said
    assert "or another tool that gave it a refId shaped as that stack's" in said, said
    assert "in the manifest of stack 'legacy', or in the platform's web app" in said, said
