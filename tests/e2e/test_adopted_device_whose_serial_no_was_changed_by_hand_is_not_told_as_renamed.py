"""Stack team-b adopts quickstart's dam-a/logger-1 by `ref_id:`; another writer, by hand, sets its
SERIAL_NO to 'quickstart:dam-a/logger-z'. team-b was told "likely stack 'quickstart' renamed it
(`moved`): update it to `ref_id: quickstart:dam-a/logger-z`", while quickstart was told to `moved` it
back: followed, the two ping-pong. A finished `moved` rewrites the device's sensors' refIds too;
quickstart's sensors under it still carry 'quickstart:dam-a/logger-1/...', so it was changed by hand:
team-b is told so, with no `ref_id:` update, and whose sensors hold the observations (cr154)."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace
from tests.e2e.moved_history import applied_with_observations
from tests.e2e.test_orphans_under_undeclared_connections import TEAM_B
from tests.e2e.test_thread import rpc


def test_adopted_device_whose_serial_no_was_changed_by_hand_is_not_told_as_renamed(
    workspace: Workspace,
) -> None:
    applied_with_observations(workspace, "dam-a/logger-1/pz-1", 500)
    node_id = str(workspace.live_entity("quickstart:dam-a")["id"])
    (workspace.path / "team-b.yaml").write_text(TEAM_B.format(project=PROJECT, node_id=node_id))
    assert workspace.run("apply", "team-b.yaml", "--auto-approve").exit_code == 0
    logger = workspace.live_entity("quickstart:dam-a/logger-1")
    changed = {"SERIAL_NO": "quickstart:dam-a/logger-z", "NAME": "Crest datalogger"}
    rpc(workspace, "updateDevice", {"device": logger["id"], "props": changed})
    refused = workspace.run("plan", "team-b.yaml")
    assert refused.exit_code == 1, refused.output
    said = " ".join(refused.output.split())
    assert "shared/logger-1: not found by its refId" in said, said
    assert "update it to `ref_id:" not in said and "renamed it (`moved`)" not in said, said
    assert "changed by hand" in said, said
    assert "the plan of stack 'quickstart' says how it goes back" in said, said
    assert "1 sensor carrying the refIds of its sensors (0 observations)" in said, said
    assert "and 3 sensors of stack 'quickstart' (500 observations)" in said, said
