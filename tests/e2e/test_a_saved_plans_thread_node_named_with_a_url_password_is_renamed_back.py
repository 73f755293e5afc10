"""As test_a_thread_node_named_with_a_url_password_is_renamed_back, through a saved plan (`plan --out`,
then `apply` of it): the saved plan holds the node's NAME masked, and apply's check of the node JSON-RPC
answers compares JSON-RPC's NAME masked the same way, so the rename back is applied, not refused."""

from __future__ import annotations

import json

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import NODE, SITE, rpc

NAMED = "B https://admin:S3cretPassw0rd@x.example/"


def test_a_saved_plans_thread_node_named_with_a_url_password_is_renamed_back(workspace: Workspace) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    rpc(workspace, "updateNode", {"node": NODE, "props": {"NAME": NAMED}})
    assert workspace.run("plan", SITE, "--out", "plan.json").exit_code == 0
    saved = (workspace.path / "plan.json").read_text()
    assert "S3cretPassw0rd" not in saved
    node_change = next(c for c in json.loads(saved)["changes"] if c["kind"] == "node")
    assert node_change["before"]["name"] == "B https://(sensitive)@x.example/"

    applied = workspace.run("apply", "plan.json")

    assert applied.exit_code == 0, applied.output
    assert "S3cretPassw0rd" not in applied.output
    (node,) = rpc(workspace, "getNodes", {"nodes": [NODE]})
    assert node["props"]["NAME"] == "Tunnel Section 3 THREAD"
