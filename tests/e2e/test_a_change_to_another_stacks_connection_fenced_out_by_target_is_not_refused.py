"""A field change to a connection another stack owns is refused (fz89), but only where it would be
made: `--target 'feed/b-logger'` leaves the connection's update unmade, so the stack's own device
under it applies, and the connection keeps its owner's values."""

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
        devices:
          - key: b-logger
            name: Beta logger
"""


def test_a_change_to_another_stacks_connection_fenced_out_by_target_is_not_refused(
    workspace: Workspace,
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    node = workspace.live_entity("quickstart:dam-a")
    (workspace.path / "beta.yaml").write_text(BETA.format(project=PROJECT, node_id=node["id"]))

    fenced = workspace.run("apply", "beta.yaml", "--target", "feed/b-logger", "--auto-approve")
    whole = workspace.run("plan", "beta.yaml")

    assert fenced.exit_code == 0, fenced.output
    assert workspace.live_entity("beta:feed/b-logger")["props"]["NAME"] == "Beta logger"
    assert workspace.live_entity("quickstart:dam-a")["props"]["NAME"] == node["props"]["NAME"]
    assert whole.exit_code == 1 and "this plan would change its name" in whole.output, whole.output
