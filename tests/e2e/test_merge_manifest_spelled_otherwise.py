"""Shards of one manifest whose CI jobs name it otherwise (`site.yaml`, `./site.yaml`, an absolute
path) merge: the digest says which manifest it is, not the path as typed (shards of
another manifest are refused: test_shard.py)."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace


def test_shards_of_one_manifest_named_otherwise_merge(workspace: Workspace) -> None:
    spellings = (QUICKSTART, f"./{QUICKSTART}", str(workspace.path / QUICKSTART))
    paths = []
    for index, spelled in enumerate(spellings, start=1):
        path = f"plan-{index}.json"
        result = workspace.run("plan", spelled, "--shard", f"{index}/3", "--out", path)
        assert result.exit_code == 0, result.output
        paths.append(path)
    merged = workspace.run("merge", *paths, "--out", "plan.json")
    assert merged.exit_code == 2, merged.output  # the quickstart's creations, nothing refused
