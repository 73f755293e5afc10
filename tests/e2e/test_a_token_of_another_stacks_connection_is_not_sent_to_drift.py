"""A stack pinning quickstart's connection by `id:` with another `auth_token` is refused, and was
told to "give them the platform's values (`iotplan drift` shows them)": drift shows a token as
"(sensitive)", never its value (cr106). The advice for a token is to leave it out."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace

BETA = """\
apiVersion: iotplan/v1
stack: beta
projects:
  - id: {project}
    nodes:
      - key: feed
        id: {node_id}
        auth_token: ${{env:BETA_TOKEN}}
"""


def test_a_token_of_another_stacks_connection_is_not_sent_to_drift(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DAM_A_TOKEN", "TokenOfQuickstart")
    monkeypatch.setenv("BETA_TOKEN", "TokenOfBeta")
    workspace.edit(
        QUICKSTART, "        kind: api\n", "        kind: api\n        auth_token: ${env:DAM_A_TOKEN}\n"
    )
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    node_id = workspace.live_entity("quickstart:dam-a")["id"]
    (workspace.path / "beta.yaml").write_text(BETA.format(project=PROJECT, node_id=node_id))

    refused = workspace.run("plan", "beta.yaml")

    said = " ".join(refused.stderr.split())
    assert refused.exit_code == 1, refused.output
    assert "this plan would change its auth_token" in said, said
    assert "`iotplan drift` shows" not in said, said
    assert "TokenOf" not in refused.output
