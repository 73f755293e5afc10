"""A stack moving to a new connection, fencing off the old one another stack still builds on: the
refusal about removing the old one is outside the selection, so the rest applies (exit 0, once
refused, advising the riskier --prune-unmanaged), and the verifying plan keeps the fence."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import PROJECT, Workspace

ALPHA = f"""apiVersion: iotplan/v1
stack: alpha
projects:
  - id: {PROJECT}
    nodes:
      - key: {{key}}
        kind: api
        devices:
          - key: logger-a
"""
BETA = f"""apiVersion: iotplan/v1
stack: beta
projects:
  - id: {PROJECT}
    nodes:
      - key: dam-b
        kind: api
        id: "{{node_id}}"
        devices:
          - key: logger-b
"""


def moved_off_a_connection_beta_uses(workspace: Workspace) -> None:
    """alpha applied on `feed`, beta's logger put under it, then alpha's manifest moved to `c2`."""
    (workspace.path / "alpha.yaml").write_text(ALPHA.format(key="feed"))
    assert workspace.run("apply", "alpha.yaml", "--auto-approve").exit_code == 0
    node_id = workspace.live_entity("alpha:feed")["id"]
    (workspace.path / "beta.yaml").write_text(BETA.format(node_id=node_id))
    assert workspace.run("apply", "beta.yaml", "--auto-approve").exit_code == 0
    (workspace.path / "alpha.yaml").write_text(ALPHA.format(key="c2"))


@pytest.mark.parametrize("fence", [("--exclude", "feed"), ("--target", "c2")])
def test_a_refusal_fenced_off_leaves_the_selection_to_apply(
    workspace: Workspace, fence: tuple[str, str]
) -> None:
    moved_off_a_connection_beta_uses(workspace)
    assert "removing this connection would also remove" in workspace.run("plan", "alpha.yaml").output

    applied = workspace.run("apply", "alpha.yaml", *fence, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert "Verified: a fresh read shows no changes." in applied.output
    assert workspace.live_entity("alpha:c2/logger-a")
    assert workspace.live_entity("alpha:feed/logger-a")  # outside the selection: untouched
    assert workspace.live_entity("beta:dam-b/logger-b")
