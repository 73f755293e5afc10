"""A saved plan whose `secret_digest` was deleted, applied with a token long enough to have been
recorded, is refused as missing its record: not as "a token shorter than 16 characters", which
blamed a token that never was short."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_quickstart import applied_with_a_token


def test_a_deleted_token_digest_is_said_missing_not_short(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    applied_with_a_token(workspace, monkeypatch)
    monkeypatch.setenv("DAM_A_TOKEN", "ChangeAtPlan2-0123")
    assert workspace.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    plan = json.loads((workspace.path / "plan.json").read_text())
    [node] = [change for change in plan["changes"] if change["address"] == "dam-a"]
    del node["secret_digest"]
    (workspace.path / "plan.json").write_text(json.dumps(plan))
    refused = workspace.run("apply", "plan.json")
    assert refused.exit_code == 1, refused.output
    assert (
        "this plan records no secret_digest for the token it writes to dam-a (${env:DAM_A_TOKEN}), where a "
        "plan records one for every token of 16 characters or more, and the environment gives one that long "
        "now: the plan file was edited (its secret_digest deleted)"
    ) in refused.stderr
    assert "shorter than 16" not in refused.stderr
    assert workspace.live_entity("quickstart:dam-a")["props"]["AUTH_TOKEN"] == "FeedTokenAtFirst"
