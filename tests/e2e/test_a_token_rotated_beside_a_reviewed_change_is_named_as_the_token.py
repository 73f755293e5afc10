"""A token rotated between plan and apply, beside a change the plan holds (a connection renamed),
is named as the token: the fresh write differs from the reviewed one by a sensitive field alone,
which the environment (or the platform) changed, not the plan file. Refused all the same."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import PROJECT, Workspace

TOLD = (
    "a token differs from when the plan was made (site-10): its ${env:...} variable or the platform's "
    "token changed"
)


def site(name: str) -> str:
    """Stack `feeds`: site-10 reads its token from FEED_TOKEN; site-20 takes none (another shard's)."""
    return (
        f"apiVersion: iotplan/v1\nstack: feeds\nprojects:\n  - id: {PROJECT}\n    nodes:\n"
        f"      - key: site-10\n        kind: api\n        name: {name}\n"
        "        auth_token: ${env:FEED_TOKEN}\n"
        "      - key: site-20\n        kind: api\n        name: Site 20\n"
    )


def saved_with_the_rename(workspace: Workspace, sharded: bool) -> None:
    """p.json: the rename of site-10, planned whole or by the shard of two that holds site-10."""
    for shard in (("--shard", "1/2"), ("--shard", "2/2")) if sharded else ((),):
        planned = workspace.run("plan", "m.yaml", *shard, "--out", "p.json")
        assert planned.exit_code == 0, planned.output
        changes = json.loads((workspace.path / "p.json").read_text())["changes"]
        if any(change["address"] == "site-10" and change["action"] == "update" for change in changes):
            return
    raise AssertionError("no plan holds the rename of site-10")


@pytest.mark.parametrize("sharded", [False, True])
def test_a_token_rotated_beside_a_rename_is_named_as_the_token(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, sharded: bool
) -> None:
    monkeypatch.setenv("FEED_TOKEN", "FeedTokenReviewed-0123")
    (workspace.path / "m.yaml").write_text(site("Site 10"))
    assert workspace.run("apply", "m.yaml", "--auto-approve").exit_code == 0
    (workspace.path / "m.yaml").write_text(site("Site 10 renamed"))
    saved_with_the_rename(workspace, sharded)
    monkeypatch.setenv("FEED_TOKEN", "FeedTokenRotated-4567")
    refused = workspace.run("apply", "p.json")
    assert refused.exit_code == 1
    assert TOLD in refused.stderr
    assert "was the plan file edited or cut" not in refused.stderr
    assert "iotplan plan" in refused.stderr and "again" in refused.stderr
    assert "FeedTokenRotated" not in refused.output and "FeedTokenReviewed" not in refused.output
    live = workspace.live_entity("feeds:site-10")["props"]  # nothing written
    assert (live["NAME"], live["AUTH_TOKEN"]) == ("Site 10", "FeedTokenReviewed-0123")
