"""Drift shards of one manifest whose CI jobs name it otherwise (`site.yaml`, `./site.yaml`) merge,
as plans' shards do (tests/e2e/test_merge_manifest_spelled_otherwise.py): the digest says which
manifest it is, and the merged report names it once. Shards of two manifests are still refused."""

from __future__ import annotations

import json

from tests.e2e.conftest import QUICKSTART, Workspace


def _drift_shard(workspace: Workspace, manifest: str, index: int) -> str:
    saved = f"drift-{index}.json"
    done = workspace.run("drift", manifest, "--shard", f"{index}/2", "--out", f"json={saved}")
    assert done.exit_code in (0, 2), done.output
    return saved


def test_drift_shards_of_one_manifest_named_otherwise_merge_as_one_run(workspace: Workspace) -> None:
    shards = [
        _drift_shard(workspace, spelled, index)
        for index, spelled in ((1, QUICKSTART), (2, f"./{QUICKSTART}"))
    ]
    merged = workspace.run("merge", *shards, "--format", "json")
    assert merged.exit_code == 2, merged.output  # the quickstart is not applied: drift, nothing refused
    whole = workspace.json("drift", QUICKSTART)
    report = json.loads(merged.stdout)
    assert [m["path"] for m in report["manifests"]] == [QUICKSTART]
    assert report["sites"] == whole["sites"] and report["summary"] == whole["summary"]
    assert {entry["manifest"] for entry in report["entries"]} == {QUICKSTART}


def test_drift_shards_of_two_manifests_are_still_refused(workspace: Workspace) -> None:
    first = _drift_shard(workspace, QUICKSTART, 1)
    workspace.edit(QUICKSTART, "name: Crest datalogger", "name: Crest datalogger (moved)")
    second = _drift_shard(workspace, f"./{QUICKSTART}", 2)
    merged = workspace.run("merge", first, second)
    assert merged.exit_code == 1
    assert f"drift-2.json: manifest ./{QUICKSTART} (" in merged.stderr
    assert f"but drift-1.json: {QUICKSTART} (" in merged.stderr
