"""Excel's fill handle dragged over a --sites file: site-04's row takes site-03's lat/lon, its name
incremented from site-03's (`Gowan dam 1` → `Gowan dam 2`), or pasted as `Gowan dam 1 - Copy`, or
`Gowan dam 12` lands on `Gowan dam 1.2`'s point. The names differ, so no namesake rule read it: planned,
exit 0, site-04's history moved 800 km onto the very point of another live logger. A connection moved
more than 100 km onto a point within 2 m of another's that stays there, the two names one stem apart
from their numbers and a `Copy`, is refused now. A second logger added there as a new connection, a
real move surveyed to a point of its own, and a site moved onto another's point under a name of its
own (the first of the two applies that move and rename one) are planned as before. Under --shard, the
shard of the one moved refuses it where the one keeping the point is another shard's."""

from __future__ import annotations

import pytest

from iotplan.manifest import parse_manifest
from iotplan.plan.desired import desired_state
from iotplan.plan.model import Action, Plan, PlanOptions, Refusal
from iotplan.plan.shard import make_shard_plan
from tests.plan.test_keys_filled_down_over_a_deleted_row_are_refused import (
    SHARDS,
    manifest,
    only_refusal,
    read_by,
    valley_plan_of,
)

Sites = tuple[tuple[str, str, float], ...]
GOWAN_1, GOWAN_2 = ("site-03", "Gowan dam 1", -39.2), ("site-04", "Gowan dam 2", -46.4)
LIVE: Sites = (("site-01", "Aoraki dam", -41.0), GOWAN_1, GOWAN_2)


def said(refusal: Refusal) -> str:
    return " ".join(refusal.text.split())


def changed(plan: Plan) -> list[tuple[str, str]]:
    return [
        (str(c.address), c.action.name) for c in plan.changes if c.kind.name == "NODE" and c.action.writes
    ]


@pytest.mark.parametrize(
    ("live", "name"),
    [
        (LIVE, "Gowan dam 2"),
        (LIVE, "Gowan dam 1 - Copy"),
        ((LIVE[0], ("site-03", "Gowan dam 1.2", -39.2), GOWAN_2), "Gowan dam 12"),
        (
            (LIVE[0], ("site-03", "Gowan dam 1 - feed", -39.2), ("site-04", "Gowan dam 2 - feed", -46.4)),
            "Gowan dam 1 - Copy - feed",
        ),
    ],
    ids=["name-incremented", "copy", "digits-apart", "copy-in-a-template"],
)
def test_a_row_filled_down_onto_a_kin_sites_point_800_km_off_is_refused(live: Sites, name: str) -> None:
    refusal = only_refusal(valley_plan_of, live, *live[:2], ("site-04", name, -39.2))
    assert refusal.address == "site-04" and "site-03" in refusal.about_also
    text = said(refusal)
    assert text.startswith(
        "site-04: would be moved 801 km from (-46.4, 170.0) to (-39.2, 170.0), within 2 m of site-03's "
        f"point, which site-03 keeps (named {live[1][1]!r}): a site moved that far lands on another "
        "logger's very point only where a row of a --sites file was filled or copied over another"
    )
    assert "site-04 (" in text and "site-03 (" in text and text.count("holds 25 observations") == 2
    assert text.endswith(
        f"If site-04's row was overwritten, restore it as applied ({live[2][1]!r} at (-46.4, 170.0)): no "
        "history moves; if a second logger stands at site-03's site, add it as a new connection under a "
        "key of its own, leaving site-04 as it was; if site-04 really moved there, declare the point its "
        "logger was surveyed at (two loggers stand metres apart, never on one point)"
    )


def test_a_row_filled_down_as_a_new_row_is_appended_is_refused() -> None:
    """Row 3 dragged down over rows 4 and 5: site-04 onto Gowan dam 1's point, site-05 new."""
    sites = (*LIVE[:2], ("site-04", "Gowan dam 2", -39.2), ("site-05", "Gowan dam 3", -46.4))
    assert only_refusal(valley_plan_of, LIVE, *sites).address == "site-04"


@pytest.mark.parametrize(
    "sites",
    [
        # Restored as applied.
        LIVE,
        # A second logger at Gowan dam 1's point, a new connection.
        (*LIVE, ("site-05", "Gowan dam 3", -39.2)),
        # Really moved, surveyed 30 m from Gowan dam 1's logger.
        (*LIVE[:2], ("site-04", "Gowan dam 2", -39.20027)),
        # Moved under a name of its own onto another's point: a move then a rename, or another dam's logger.
        (*LIVE[:2], ("site-04", "Clutha weir", -39.2)),
        # Gowan dam 1 moved away from the point it leaves to Gowan dam 2's.
        (LIVE[0], ("site-03", "Gowan dam 1", -46.4), ("site-04", "Gowan dam 2", -39.2)),
    ],
    ids=["restored", "second-logger", "surveyed-apart", "name-of-its-own", "coordinates-swapped"],
)
def test_edits_not_filling_a_row_far_onto_a_kept_point_are_planned(sites: Sites) -> None:
    plan = valley_plan_of(LIVE, *sites)
    assert all(action in ("UPDATE", "CREATE") for _, action in changed(plan))


def test_a_move_under_100_km_onto_a_kin_sites_point_is_planned() -> None:
    """Gowan dam 2 moved 11 km onto Gowan dam 1's point: a logger relocated to its neighbour's borehole."""
    live = (LIVE[0], GOWAN_1, ("site-04", "Gowan dam 2", -39.3))
    plan = valley_plan_of(live, *live[:2], ("site-04", "Gowan dam 2", -39.2))
    assert changed(plan) == [("site-04", Action.UPDATE.name)]


def test_a_row_filled_down_onto_another_shards_sites_point_is_refused_by_the_movers_shard() -> None:
    """site-04 is the first shard's, site-03 the third's, which plans nothing."""
    sites = (*LIVE[:2], ("site-04", "Gowan dam 2", -39.2))
    plans = {}
    for shard in (SHARDS[0], SHARDS[2]):
        desired = desired_state(parse_manifest(manifest(*sites), "fleet.yaml"), shard=shard)
        live = read_by(shard, desired, LIVE)
        plans[shard.index] = lambda d=desired, s=shard, r=live: make_shard_plan(
            d, r, PlanOptions(), s, resolve_secret=lambda _: None
        )
    refusal = only_refusal(plans[1])
    assert said(refusal).startswith(
        "site-04: would be moved 801 km from (-46.4, 170.0) to (-39.2, 170.0), within 2 m of site-03's "
        "point, which site-03 keeps (named 'Gowan dam 1')"
    )
    assert "site-03 (" in said(refusal) and "another shard's, whose count the connection list omits" in said(
        refusal
    )
    assert not changed(plans[3]())
