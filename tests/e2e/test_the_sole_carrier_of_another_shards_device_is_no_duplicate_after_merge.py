"""Under `--shard`, another tool's connection is read by one shard only. Where it holds the sole
carrier of the refId of a device another shard declares and has not made yet (`QUICKSTART:dam-d/
logger-9`, in another case), the declaring shard refuses to create the device, naming that carrier,
as one run does; the reading shard, which cannot tell whether the original is live, called the
carrier a copy. The merged drift said one DUPLICATE more than one run, of the only carrier, holding
the history (cr143). Now the merge drops a DUPLICATE another shard's refused creation names as its
carrier: the merged drift lists what one run lists."""

from __future__ import annotations

import json

from tests.e2e.conftest import QUICKSTART, Workspace

# dam-a is shard 2 of 2, dam-d shard 1: whichever shard reads the other tool's connection, one of
# the two carriers is of a device the other shard declares.
CARRIED = ("QUICKSTART:dam-a/logger-9", "QUICKSTART:dam-d/logger-9")
NEW_DEVICE = (
    "          - key: logger-9\n            name: Spare logger\n            template: IMPORT_DEVICE_SDE\n"
)


def _carriers_under_another_tools_connection(workspace: Workspace) -> None:
    text = (workspace.path / QUICKSTART).read_text()
    nodes = text[text.index("      - key: dam-a\n") :].replace("- key: dam-a\n", "- key: dam-d\n", 1)
    both = text + nodes.replace("Lake Ellen", "Lake Doris")
    (workspace.path / "both.yaml").write_text(both)
    applied = workspace.run("apply", "both.yaml", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    devices = [
        {
            "changeState": "new",
            "refId": ref_id,
            "props": {"NAME": "legacy", "INTEGRATION_ID": "IMPORT_DEVICE_SDE"},
        }
        for ref_id in CARRIED
    ]
    node = {
        "changeState": "new",
        "refId": "othertool:c3",
        "props": {"NAME": "other tool"},
        "devices": devices,
    }
    workspace.integrate({"integration": node})
    weather = "          - key: weather\n"
    (workspace.path / "both.yaml").write_text(both.replace(weather, NEW_DEVICE + weather))


def _drifted(entries: list[dict[str, object]]) -> list[tuple[object, object]]:
    return sorted((entry["status"], entry["address"]) for entry in entries if entry["status"] != "IN_SYNC")


def test_the_merged_drift_lists_what_one_run_lists(workspace: Workspace) -> None:
    _carriers_under_another_tools_connection(workspace)
    one_run = workspace.run("drift", "both.yaml", "--out", "json=drift.json")
    for shard in (1, 2):
        workspace.run("drift", "both.yaml", "--shard", f"{shard}/2", "--out", f"json=drift-{shard}.json")

    merged = workspace.run("merge", "drift-1.json", "drift-2.json", "--format", "json")

    alone = json.loads((workspace.path / "drift.json").read_text())["entries"]
    assert one_run.exit_code == 2, one_run.output
    assert _drifted(alone) == [("MISSING", "dam-a/logger-9"), ("MISSING", "dam-d/logger-9")], alone
    assert merged.exit_code == 2, merged.output
    assert _drifted(json.loads(merged.stdout)["entries"]) == _drifted(alone), merged.stdout
