"""Under --shard, kin rows (`Gowan dam 1..4`) whose lat/lon column shifted a row, and a row filled onto a site
removed in the same edit, where the chain crosses shards: each shard read only its own part (site-01 onto
site-02's point is one taking; site-02 onto site-03's, another shard's, a point no one keeps after the apply),
so each planned its moves, exit 0, each history then read at another logger's point. Each shard holding a
row of the chain refuses it now, as one run does, at the first of its own; a chain within one shard is its
plan's to refuse, as before."""

from __future__ import annotations

import pytest

from iotplan.errors import NoSafePlanError
from iotplan.manifest import parse_manifest
from iotplan.plan.coverage import Shard
from iotplan.plan.desired import desired_state
from iotplan.plan.model import Plan, PlanOptions, Refusal
from iotplan.plan.shard import make_shard_plan
from tests.plan import (
    test_kin_rows_lat_lon_shifted_or_filled_onto_a_removed_site_are_refused_as_a_key_shift as kin_rows,
)
from tests.plan.test_keys_filled_down_over_a_deleted_row_are_refused import (
    manifest,
    only_refusal,
    read_by,
    valley_plan_of,
)

FILLED_ONTO_REMOVED, LIVE, SHIFTED_UP = kin_rows.FILLED_ONTO_REMOVED, kin_rows.LIVE, kin_rows.SHIFTED_UP
Sites, changed, said = kin_rows.Sites, kin_rows.changed, kin_rows.said

# Of four shards: site-01, site-02 and site-04 the third's, site-03 the first's. Of three: site-01 to
# site-03 the third's, site-04 the first's.
FOURTH, THIRD = Shard(3, 4), Shard(1, 4)
ALL_BUT_FOUR, FOUR = Shard(3, 3), Shard(1, 3)


def shard_plan_of(shard: Shard, live: Sites, *sites: tuple[str, str, float]) -> Plan:
    desired = desired_state(parse_manifest(manifest(*sites), "fleet.yaml"), shard=shard)
    return make_shard_plan(
        desired, read_by(shard, desired, live), PlanOptions(), shard, resolve_secret=lambda _: None
    )


def as_one_run(refusal: Refusal, whole: Refusal) -> None:
    """The same takings, and the same ways forward: what each holds is another shard's count to read."""
    assert said(refusal).split(" at its point (")[0] == said(whole).split(" at its point (")[0]
    assert said(refusal).split("no history moves")[1] == said(whole).split("no history moves")[1]


@pytest.mark.parametrize("rows", [3, 4], ids=["three-rows", "four-rows"])
def test_kin_rows_shifted_a_row_across_shards_are_refused_by_each_shard_holding_a_row(rows: int) -> None:
    live, shifted = LIVE[:rows], SHIFTED_UP[:rows]
    whole = only_refusal(valley_plan_of, live, *shifted)
    assert whole.address == "site-01"
    for shard, first in ((FOURTH, "site-01"), (THIRD, "site-03")):
        refusal = only_refusal(shard_plan_of, shard, live, *shifted)
        assert refusal.address == first
        assert {f"site-0{n}" for n in range(1, rows + 1)} == {refusal.address, *refusal.about_also} & {
            f"site-0{n}" for n in range(1, 5)
        }
        as_one_run(refusal, whole)
        assert "another shard's, whose count the connection list omits" in said(refusal)


def test_kin_rows_shifted_a_row_within_one_shard_are_refused_by_it_alone() -> None:
    live, shifted = LIVE[:3], SHIFTED_UP[:3]
    refusal = only_refusal(shard_plan_of, ALL_BUT_FOUR, live, *shifted)
    assert refusal.address == "site-01" and {"site-02", "site-03"} <= set(refusal.about_also)
    as_one_run(refusal, only_refusal(valley_plan_of, live, *shifted))
    assert changed(shard_plan_of(FOUR, live, *shifted)) == []


def test_a_row_filled_onto_a_site_another_shard_removes_is_refused_by_both_shards() -> None:
    whole = only_refusal(valley_plan_of, LIVE, *FILLED_ONTO_REMOVED)
    for shard, first in ((ALL_BUT_FOUR, "site-03"), (FOUR, "site-04")):
        refusal = only_refusal(shard_plan_of, shard, LIVE, *FILLED_ONTO_REMOVED)
        assert refusal.address == first
        assert {"site-03", "site-04"} <= {refusal.address, *refusal.about_also}
        as_one_run(refusal, whole)


def test_the_shifted_rows_restored_or_moved_one_per_apply_across_shards_are_planned() -> None:
    applied = LIVE
    for row in reversed(range(4)):  # site-04 first, onto a fresh point; each then onto the one just left
        step = tuple(SHIFTED_UP[i] if i == row else each for i, each in enumerate(applied))
        key = SHIFTED_UP[row][0]
        for shard in (FOURTH, THIRD):
            moved = [(key, "UPDATE")] if shard.holds(key) else []
            assert changed(shard_plan_of(shard, applied, *step)) == moved
        applied = step
    for shard in (FOURTH, THIRD):
        assert changed(shard_plan_of(shard, LIVE, *LIVE)) == []


BY_TWO = tuple((k, n, round(lat - 1.8, 1)) for k, n, lat in LIVE)


def test_kin_rows_shifted_two_rows_across_shards_are_refused_by_each_shard_holding_a_taker_or_taken() -> None:
    """site-01 onto site-03's point (another shard's), site-02 onto site-04's (its own): each shard saw one
    taking, or none, and planned its moves; the two takings in the apply are a shifted column to each."""
    for shard, firsts in ((FOURTH, ["site-01", "site-02"]), (THIRD, ["site-03"])):
        with pytest.raises(NoSafePlanError) as refused:
            shard_plan_of(shard, LIVE, *BY_TWO)
        assert sorted(each.address for each in refused.value.refusals) == firsts
        assert all("two kin takings in one apply" in said(each) for each in refused.value.refusals)


EIGHT: Sites = tuple((f"site-0{n}", f"Gowan dam {n}", round(-39.2 - 0.9 * (n - 1), 1)) for n in range(1, 9))


@pytest.mark.parametrize("of", [1, 2, 3])
def test_eight_kin_rows_shifted_a_row_across_three_shards_are_refused_by_each_shard(of: int) -> None:
    """The chain's links pass through the other shards' moves: each shard follows them, whichever holds
    its end, and plans none of the moves."""
    shifted = tuple((k, n, round(lat - 0.9, 1)) for k, n, lat in EIGHT)
    shard = Shard(of, 3)
    with pytest.raises(NoSafePlanError) as refused:
        shard_plan_of(shard, EIGHT, *shifted)
    named = {a for each in refused.value.refusals for a in (each.address, *each.about_also)}
    assert {k for k, _, _ in EIGHT if shard.holds(k)} <= named
