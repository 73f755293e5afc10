"""The shards' plans of a site pinned by `id:` trading places with another shard's site, with no
`pinned_connections`: saved by an iotplan before format 1.16, which did not record it, or cut from the
file. Merge cannot tell the pinned connection from the others, and refuses the trade, as it did."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.pinned_site_trading_places import (
    shard_plans_saved_without_pinned_connections,
    shards_planned_with_k01_pinned,
)


@pytest.mark.parametrize("format_version", ["1.15", "1.16"])
def test_a_pinned_sites_trade_of_places_in_plans_not_saying_it_is_pinned_is_refused_by_merge(
    workspace: Workspace, format_version: str
) -> None:
    shards_planned_with_k01_pinned(workspace)
    shard_plans_saved_without_pinned_connections(workspace, format_version)

    merged = workspace.run("merge", "p1.json", "p2.json", "p3.json", "--out", "plan.json")

    assert merged.exit_code == 1, merged.output
    said = " ".join(merged.output.split())
    assert "k07: would take k01's location (-42.5, 168.7) while k01 takes k07's" in said, said
    assert not (workspace.path / "plan.json").exists()
