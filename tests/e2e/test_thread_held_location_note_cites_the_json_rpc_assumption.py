"""A THREAD node whose LOCATION another tool stored with a key of its own (`crs`), renamed: the plan's
note, which says why the update resends it as held, cites the JSON-RPC assumption that says so of
THREAD's updates (A14), not REST's integrate (A2); the saved plan holding that note is applied as
made."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import NODE, SITE, rpc

CRS = {"type": "name", "properties": {"name": "EPSG:4326"}}


def test_a_thread_nodes_held_location_note_cites_a14(workspace: Workspace) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    [node] = rpc(workspace, "getNodes", {"nodes": [NODE]})
    rpc(
        workspace,
        "updateNode",
        {"node": NODE, "props": {"LOCATION": {**node["props"]["LOCATION"], "crs": CRS}}},
    )
    workspace.edit(SITE, "name: Tunnel Section 3 THREAD", "name: Tunnel S3 THREAD")
    plan = workspace.run("--no-color", "plan", SITE, "--out", "renamed.plan")
    said = " ".join(plan.output.split())
    assert "as the platform holds it, docs/api-assumptions.md A14): a platform refusing" in said, plan.output
    assert "docs/api-assumptions.md A2)" not in said
    applied = workspace.run("apply", "renamed.plan", "--auto-approve")
    assert applied.exit_code == 0, applied.output
