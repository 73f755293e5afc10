"""Under `--shard`, another tool's connection is read for copies by one shard only, yet it may hold a
copy of an entity another shard declares. Of copies whose refId has the stack prefix in another case
(`QUICKSTART:dam-d/logger-1/pz-1`), that shard kept only its own manifest's: the copy of the other
shard's entity was dropped at read time, both shards' drifts exited 0 on it and the merged drift
said one duplicate where the unsharded drift said two, and neither shard's plan listed it (cr142).
Now the shard that reads the connection reports each copy, and the merged drift lists each one once."""

from __future__ import annotations

import json

from tests.e2e.conftest import QUICKSTART, Workspace

# dam-a is shard 2 of 2, dam-d shard 1: whichever shard reads the other tool's connection, one of the
# two copies is of an entity the other shard declares.
COPIES = ("QUICKSTART:dam-a/logger-1/pz-1", "QUICKSTART:dam-d/logger-1/pz-1")


def _copies_under_another_tools_connection(workspace: Workspace) -> None:
    text = (workspace.path / QUICKSTART).read_text()
    nodes = text[text.index("      - key: dam-a\n") :].replace("- key: dam-a\n", "- key: dam-d\n", 1)
    (workspace.path / "both.yaml").write_text(text + nodes.replace("Lake Ellen", "Lake Doris"))
    applied = workspace.run("apply", "both.yaml", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    sensors = [
        {"changeState": "new", "refId": ref_id, "props": {"NAME": "s", "INTEGRATION_ID": "TEMPERATURE_SDE"}}
        for ref_id in COPIES
    ]
    device = {
        "changeState": "new",
        "refId": "othertool:d",
        "props": {"NAME": "stray", "INTEGRATION_ID": "IMPORT_DEVICE_SDE"},
        "sensors": sensors,
    }
    node = {
        "changeState": "new",
        "refId": "othertool:c2",
        "props": {"NAME": "other tool"},
        "devices": [device],
    }
    workspace.integrate({"integration": node})


def test_the_merged_drift_reports_each_copy_once(workspace: Workspace) -> None:
    _copies_under_another_tools_connection(workspace)

    reported = []
    for shard in (1, 2):
        drift = workspace.run(
            "drift", "both.yaml", "--shard", f"{shard}/2", "--out", f"json=drift-{shard}.json"
        )
        entries = json.loads((workspace.path / f"drift-{shard}.json").read_text())["entries"]
        copies = [entry["serial"] for entry in entries if entry["status"] == "DUPLICATE"]
        assert drift.exit_code == (2 if copies else 0), drift.output  # the shard reading them
        reported += copies
    merged = workspace.run("merge", "drift-1.json", "drift-2.json", "--format", "json")

    assert sorted(reported) == sorted(COPIES), reported
    assert merged.exit_code == 2, merged.output
    statuses = [entry["status"] for entry in json.loads(merged.stdout)["entries"]]
    assert statuses.count("DUPLICATE") == 2 and "ORPHANED" not in statuses, merged.stdout


def test_the_shards_plans_list_each_copy_once(workspace: Workspace) -> None:
    _copies_under_another_tools_connection(workspace)

    listed = []
    for shard in (1, 2):
        plan = workspace.json("plan", "both.yaml", "--shard", f"{shard}/2")
        listed += [change["live_ref_id"] for change in plan["changes"] if change["action"] == "duplicate"]
        assert plan["summary"]["destroy"] == 0, plan["summary"]

    assert sorted(listed) == sorted(COPIES), listed
