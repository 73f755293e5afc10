"""A site pinned by `id:` (k01, shard 2's) and another named alike (k07, shard 1's) declared at each
other's places: one run plans the two moves, as the pinned one is found by its id and takes part in no
trade, and every shard plans its side. Merge refused the joined plan as a trade of locations: the
saved plans did not say k01 is pinned. Now each says which connections it updates are pinned, and
merge weighs the joined changes as one run does."""

from __future__ import annotations

import json
from typing import Any

from iotplan.plan.coverage import shard_of
from tests.e2e.conftest import Workspace
from tests.e2e.pinned_site_trading_places import shards_planned_with_k01_pinned


def test_a_pinned_sites_trade_of_places_across_shards_is_merged(workspace: Workspace) -> None:
    assert (shard_of("k01", 3), shard_of("k07", 3)) == (2, 1)  # the trade spans two shards
    shards_planned_with_k01_pinned(workspace)

    merged = workspace.run("merge", "p1.json", "p2.json", "p3.json", "--out", "plan.json")

    assert merged.exit_code == 2, merged.output  # a merged plan holding changes
    assert "Plan: 0 to add, 2 to change, 0 to destroy." in merged.output, merged.output
    merged_writes, one_runs = (_writes(workspace, plan) for plan in ("plan.json", "one.json"))
    assert merged_writes == one_runs
    assert {address: after["location"]["lat"] for address, after in merged_writes} == {
        "k01": -36.58,
        "k07": -42.5,
    }
    assert json.loads((workspace.path / "plan.json").read_text())["pinned_connections"] == ["k01"]


def _writes(workspace: Workspace, plan: str) -> list[tuple[str, dict[str, Any]]]:
    changes = json.loads((workspace.path / plan).read_text())["changes"]
    return sorted((c["address"], c["after"]) for c in changes if c["action"] != "no-op")
