"""`merge` of drift shards keeps drift's exit rule: a gateway one shard could not read makes the
merged report incomplete, exit 1 (0 with --allow-unread-gateways), its settings named."""

from __future__ import annotations

import json

from tests.e2e.conftest import Workspace

EDGE = "examples/edge/site.yaml"
SHARDS = ("drift-1.json", "drift-2.json")


def test_a_merge_of_shards_one_of_which_read_no_gateway_exits_1_unless_allowed(workspace: Workspace) -> None:
    assert workspace.run("apply", EDGE, "--auto-approve").exit_code == 0
    workspace.api("POST", "/_sim/gateways/8A9B0C", json={"status": "unreachable"})
    for index, path in enumerate(SHARDS, 1):
        workspace.run("drift", EDGE, "--shard", f"{index}/2", "--out", f"json={path}")
    merged = workspace.run("merge", *SHARDS, "--format", "json")
    assert merged.exit_code == 1, merged.output
    report = json.loads(merged.stdout)
    assert report["drifted"] is False and report["unread"] == {"gateways": 1, "settings": 4}
    assert "Incomplete: no drift in what was read; 1 gateway not read (4 settings unchecked)" in merged.stderr
    assert workspace.run("merge", *SHARDS, "--allow-unread-gateways").exit_code == 0
