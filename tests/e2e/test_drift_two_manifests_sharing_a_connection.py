"""Two manifests in one drift run sharing a connection (team-b pins quickstart's dam-a by `id:`):
each stack's devices were IN_SYNC under its own site and UNMANAGED under the other's ("its own
manifest's drift reports it", which was this very report), and a device made by hand there was
counted twice (fz69). One report lists each entity once, and so do the shards' reports merged, which
brought every duplicate back (cr61)."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace
from tests.e2e.test_ownership_and_fences import TEAM_B

BY_HAND = {
    "changeState": "new",
    "refId": "SN-0042",
    "props": {"NAME": "By hand", "INTEGRATION_ID": "DEMO_DEVICE_SDE"},
}


def _shared(workspace: Workspace, *teams: str) -> Workspace:
    """quickstart's dam-a, pinned by team-b (and `teams`, made from it), a device made by hand there."""
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    node_id = workspace.live_entity("quickstart:dam-a")["id"]
    team_b = TEAM_B.format(project=PROJECT, node_id=node_id)
    for team in ("team-b", *teams):
        text = team_b.replace("team-b", team).replace("key: extra", f"key: {team}-device")
        text = text.replace("Team B's", f"{team}'s")  # no two loggers named alike
        (workspace.path / f"{team}.yaml").write_text(text)
        applied = workspace.run("apply", f"{team}.yaml", "--auto-approve")
        assert applied.exit_code == 0, applied.output
    workspace.integrate({"integration": {"nodeId": node_id, "devices": [BY_HAND]}})
    return workspace


def test_each_entity_is_listed_once(workspace: Workspace) -> None:
    report = _shared(workspace).json("drift", QUICKSTART, "team-b.yaml")
    # the connection is each manifest's site (one declares it, the other pins it), its devices once
    live_ids = [entry["live_id"] for entry in report["entries"] if entry["kind"] != "node"]
    assert len(live_ids) == len(set(live_ids)), report["entries"]
    assert report["summary"]["UNMANAGED"] == 1 and report["summary"]["IN_SYNC"] == 10
    [by_hand] = [entry for entry in report["entries"] if entry["status"] == "UNMANAGED"]
    assert by_hand["serial"] == "SN-0042" and by_hand["reason"].endswith(" (team-b.yaml) too")


def test_the_shards_merged_list_each_entity_once_too(workspace: Workspace) -> None:
    manifests = (QUICKSTART, "team-b.yaml", "team-c.yaml")
    _shared(workspace, "team-c")
    shards = [f"shard-{at}.json" for at in (1, 2, 3)]  # dam-a's in one, team-b's and team-c's in another
    for at, out in enumerate(shards, 1):
        drifted = workspace.run("drift", *manifests, "--shard", f"{at}/3", "--out", out)
        assert drifted.exit_code in (0, 2), drifted.output
    merged = workspace.json("merge", *shards)
    assert merged["summary"] == workspace.json("drift", *manifests)["summary"]
    live_ids = [entry["live_id"] for entry in merged["entries"] if entry["kind"] != "node"]
    assert len(live_ids) == len(set(live_ids)), merged["entries"]
