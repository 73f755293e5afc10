"""The shards' plans of a site pinned by `id:` trading places with another shard's site, saved at
format 1.15, before plans listed `pinned_connections`: merge refuses the trade, as it cannot tell the
pinned connection from the others. The refusal gave only a trade's ways forward (the web app, `moved`),
never that the plans predate the key and planning again lifts it; now it says so."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.pinned_site_trading_places import (
    shard_plans_saved_without_pinned_connections,
    shards_planned_with_k01_pinned,
)


def test_a_pinned_sites_trade_in_plans_saved_before_1_16_is_refused_saying_they_predate_it(
    workspace: Workspace,
) -> None:
    shards_planned_with_k01_pinned(workspace)
    shard_plans_saved_without_pinned_connections(workspace, "1.15")

    merged = workspace.run("merge", "p1.json", "p2.json", "p3.json", "--out", "plan.json")

    assert merged.exit_code == 1, merged.output
    said = " ".join(merged.output.split())
    assert "k07: would take k01's location (-42.5, 168.7) while k01 takes k07's" in said, said
    assert (
        "Plans saved at format 1.15 do not say which connections are pinned by `id:`; if one of these is, "
        "plan the shards again with this iotplan." in said
    ), said
    assert not (workspace.path / "plan.json").exists()
