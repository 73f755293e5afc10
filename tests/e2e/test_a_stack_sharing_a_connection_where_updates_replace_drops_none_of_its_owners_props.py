"""Where an update replaces props (`update-replaces`, docs/api-assumptions.md A2), stack beta, which
pins quickstart's connection by `id:` and gives it other notes, sent only its name and notes: the
platform dropped quickstart's feed token, URL, location and EXTERNAL_ID, which stderr called props
"the manifest does not declare", and beta's apply exited 0 (fz89). Beta may not change a connection
another stack owns: its plan is refused, and nothing of quickstart's is lost."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace

DECLARED = """\
        kind: api
        notes: quickstart notes
        auth_token: ${env:DAM_A_TOKEN}
        external_id: EXT-1
        url: https://example.com/feed
"""
BETA = """\
apiVersion: iotplan/v1
stack: beta
projects:
  - id: {project}
    nodes:
      - key: feed
        id: {node_id}
        name: Lake Ellen dam - datalogger feed
        notes: beta note
        devices:
          - key: b-logger
            name: Beta logger
"""


def test_a_stack_sharing_a_connection_where_updates_replace_drops_none_of_its_owners_props(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "update-replaces")
    monkeypatch.setenv("DAM_A_TOKEN", "FeedTokenOfQuickstart")
    workspace.edit(QUICKSTART, "        kind: api\n", DECLARED)
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    node = workspace.live_entity("quickstart:dam-a")
    (workspace.path / "beta.yaml").write_text(BETA.format(project=PROJECT, node_id=node["id"]))

    applied = workspace.run("apply", "beta.yaml", "--auto-approve")

    assert applied.exit_code == 1, applied.output
    assert "this plan would change its notes" in applied.stderr
    assert "FeedTokenOfQuickstart" not in applied.output
    assert workspace.live_entity("quickstart:dam-a")["props"] == node["props"]
