"""Two manifests in one drift run sharing a connection (team-b pins quickstart's dam-a by `id:`):
each stack's devices were IN_SYNC under its own site and UNMANAGED under the other's ("its own
manifest's drift reports it", which was this very report), and a device made by hand there was
counted twice (fz69). One report lists each entity once."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace
from tests.e2e.test_ownership_and_fences import TEAM_B

BY_HAND = {
    "changeState": "new",
    "refId": "SN-0042",
    "props": {"NAME": "By hand", "INTEGRATION_ID": "DEMO_DEVICE_SDE"},
}


def test_each_entity_is_listed_once(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    node_id = workspace.live_entity("quickstart:dam-a")["id"]
    (workspace.path / "team-b.yaml").write_text(TEAM_B.format(project=PROJECT, node_id=node_id))
    assert workspace.run("apply", "team-b.yaml", "--auto-approve").exit_code == 0
    workspace.integrate({"integration": {"nodeId": node_id, "devices": [BY_HAND]}})
    report = workspace.json("drift", QUICKSTART, "team-b.yaml")
    # the connection is each manifest's site (one declares it, the other pins it), its devices once
    live_ids = [entry["live_id"] for entry in report["entries"] if entry["kind"] != "node"]
    assert len(live_ids) == len(set(live_ids)), report["entries"]
    assert report["summary"]["UNMANAGED"] == 1 and report["summary"]["IN_SYNC"] == 10
    [by_hand] = [entry for entry in report["entries"] if entry["status"] == "UNMANAGED"]
    assert by_hand["serial"] == "SN-0042" and by_hand["reason"].endswith(" (team-b.yaml) too")
