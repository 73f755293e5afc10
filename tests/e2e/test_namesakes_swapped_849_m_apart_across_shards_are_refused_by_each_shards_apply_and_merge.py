"""fz118: two sites named alike ("Twin dam", site-01 shard 3's of three, site-04 shard 1's) whose keys
were swapped 849 m apart: one run planned both moves in place, each shard's `apply --shard` relabelled
its site's history as the other's, exit 0, and merge joined the shards' plans: a location was taken
only by a move of more than 1 km. In a closed cycle, each new place the other's live one, a leg of more
than TRADE_LEG_KM is keys swapped: one run refuses it, each shard holding a side, and merge of plans
made at different moments, each shard seeing no trade then."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.sites_trading_names import (
    applied_from,
    planned_then_each_shard_applied,
    shards_planned,
    sites,
)

WEST = "Twin dam,-39.203242,169.997458,3,\n"
EAST = "Twin dam,-39.207666,170.005489,3,\n"  # 849 m from WEST
ELSEWHERE = "Twin dam,-39.19,170.03,3,\n"  # 3 km from both


def test_namesakes_swapped_849_m_apart_are_refused_by_one_run_and_each_shards_apply(
    workspace: Workspace,
) -> None:
    _applied(workspace, WEST, EAST)
    before = workspace.listed()
    sites(workspace, "site-01," + EAST, "site-04," + WEST)

    one_run, shards = planned_then_each_shard_applied(workspace, 3)

    assert one_run.exit_code == 1 and "the two connections trade locations" in one_run.output, one_run.output
    refused = [each for each in shards if each.exit_code == 1]
    assert len(refused) == 2, [each.output for each in shards]
    for each in refused:
        assert "the two connections trade locations" in " ".join(each.output.split()), each.output
    assert workspace.listed() == before


def test_namesakes_swapped_849_m_apart_in_plans_of_two_moments_are_refused_by_merge(
    workspace: Workspace,
) -> None:
    for site_01, site_04 in ((WEST, EAST), (ELSEWHERE, EAST)):
        _applied(workspace, site_01, site_04)
    _planned(workspace, 1, 2)  # site-04 at EAST to go WEST, where no site stands
    _applied(workspace, WEST, ELSEWHERE)
    _planned(workspace, 3)  # site-01 at WEST to go EAST, where no site stands

    merged = workspace.run("merge", "p1.json", "p2.json", "p3.json", "--out", "plan.json")

    assert merged.exit_code == 1, merged.output
    assert "the two connections trade locations" in " ".join(merged.output.split()), merged.output
    assert not (workspace.path / "plan.json").exists()


def _applied(workspace: Workspace, site_01: str, site_04: str) -> None:
    applied_from(workspace, ["site-01," + site_01, "site-04," + site_04], {})


def _planned(workspace: Workspace, *shards: int) -> None:
    """The shards' plans of the swap, each saved as p<i>.json."""
    sites(workspace, "site-01," + EAST, "site-04," + WEST)
    shards_planned(workspace, *shards)
