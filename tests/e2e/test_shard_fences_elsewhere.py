"""--target and --exclude in a shard that does not hold what they name (fz6 #3): a connection
another shard removes, and a THREAD's gateway settings, are no typos in any shard, as they are
none without --shard; a typo next to them is still refused in every shard."""

from __future__ import annotations

import json

from tests.e2e.conftest import Workspace
from tests.e2e.test_shard import FLEET, actions, changed_fleet

THREAD = "examples/thread/site.yaml"  # one THREAD: of two shards, one holds nothing of it


def test_every_shard_takes_an_exclusion_of_the_connection_one_of_them_removes(workspace: Workspace) -> None:
    changed_fleet(workspace)  # site-04 left the manifest: one shard plans its removal
    paths = []
    for index in (1, 2, 3):
        path = f"plan-{index}.json"
        shard = workspace.run("plan", *FLEET, "--shard", f"{index}/3", "--exclude", "site-04", "--out", path)
        assert shard.exit_code == 0, shard.output
        paths.append(path)
        typo = workspace.run("plan", *FLEET, "--shard", f"{index}/3", "--exclude", "site-4")
        assert typo.exit_code == 1 and "--exclude 'site-4' matches no address" in typo.stderr
    merged = workspace.run("merge", *paths, "--format", "json")
    assert merged.exit_code == 2, merged.output
    whole = workspace.json("plan", *FLEET, "--exclude", "site-04")
    assert actions(json.loads(merged.stdout)) == actions(whole)


def test_every_shard_takes_a_threads_gateway_settings(workspace: Workspace) -> None:
    for pattern in ("tunnel-thread/edge", "tunnel-thread/edge/*", "tunnel-thread/edge/port2.baud_rate"):
        for index in (1, 2):
            shard = workspace.run("plan", THREAD, "--shard", f"{index}/2", "--target", pattern)
            assert shard.exit_code == 0, (pattern, shard.output)
    for index in (1, 2):
        typo = workspace.run("plan", THREAD, "--shard", f"{index}/2", "--target", "tunnel-thread/egde")
        assert typo.exit_code == 1 and "--target 'tunnel-thread/egde' matches no address" in typo.stderr
