"""Excel's fill handle dragged over a --sites file: site-04's row takes site-03's lat/lon, its name
incremented from site-03's (`Gowan dam 1` → `Gowan dam 2`), or pasted as `Gowan dam 1 - Copy` (`- Kopie`,
`Copia de`), or `Gowan dam 12` lands on `Gowan dam 1.2`'s point. The names differ, so no namesake rule read
it: planned, exit 0, site-04's history moved onto the very point of another live logger. A connection moved
more than 1 km to within 11 m of a point another holds after the apply (its live one it stays at, the one it
is re-surveyed to in the same edit, or a new connection's), the two names one stem apart from their numbers
and a `Copy`, is refused now (namesakes, the namesake rules' own, beyond 100 km alone). A second logger added
there as a new connection, a real move surveyed to a point of its own, a re-survey under a kilometre, and a
site moved onto another's point under a name of its own (the first of the two applies that move and rename
one) are planned as before. A sign typo fixed onto a kin's point is refused, offering those two applies.
Under --shard, the shard of the one moved refuses it where the one holding the point is another shard's."""

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


@pytest.mark.parametrize("live_lat", [-39.3, -40.09, -39.65], ids=["11-km", "99-km", "50-km"])
def test_a_row_filled_onto_a_kin_sites_point_under_100_km_off_is_refused(live_lat: float) -> None:
    """Gowan dam 2 moved 11, 50 or 99 km onto Gowan dam 1's very point: two loggers stand metres apart,
    never on one point, however far one came; a real relocation is declared at its surveyed point."""
    live = (LIVE[0], GOWAN_1, ("site-04", "Gowan dam 2", live_lat))
    refusal = only_refusal(valley_plan_of, live, *live[:2], ("site-04", "Gowan dam 2", -39.2))
    assert refusal.address == "site-04" and "site-03" in refusal.about_also
    assert said(refusal).startswith(f"site-04: would be moved {round(abs(live_lat + 39.2) * 111.2)} km from")


def test_a_re_survey_onto_a_kin_sites_point_under_a_kilometre_off_is_planned() -> None:
    """Gowan dam 2 re-surveyed 300 m onto Gowan dam 1's point: within APART_KM, one site's place."""
    live = (LIVE[0], GOWAN_1, ("site-04", "Gowan dam 2", -39.2027))
    plan = valley_plan_of(live, *live[:2], ("site-04", "Gowan dam 2", -39.2))
    assert changed(plan) == [("site-04", Action.UPDATE.name)]


@pytest.mark.parametrize(
    ("gowan_1", "gowan_2"),
    [
        # Gowan dam 1 re-surveyed 10 m in the same edit, its row then filled over Gowan dam 2's.
        (-39.20009, -39.20009),
        # The copy lands 2.5 m off Gowan dam 1's live point.
        (-39.2, -39.2000225),
        # Excel rounded both rows to 4 decimals on save: 5 m off Gowan dam 1's live point.
        (-39.20005, -39.2),
    ],
    ids=["re-surveyed-then-filled", "landing-2.5-m-off", "both-rounded"],
)
def test_a_row_filled_onto_a_kin_sites_declared_or_rounded_point_is_refused(
    gowan_1: float, gowan_2: float
) -> None:
    live = (LIVE[0], ("site-03", "Gowan dam 1", -39.2 if gowan_1 == gowan_2 else gowan_1), GOWAN_2)
    declared = (LIVE[0], ("site-03", "Gowan dam 1", gowan_1 if gowan_1 == gowan_2 else gowan_2))
    sites = (*declared, ("site-04", "Gowan dam 2", gowan_2))
    refusal = only_refusal(valley_plan_of, live, *sites)
    assert refusal.address == "site-04" and "site-03" in refusal.about_also
    assert "site-03's point" in said(refusal)


def test_a_row_filled_onto_a_site_added_in_the_same_edit_is_refused() -> None:
    """A new row, Gowan dam 3, inserted before Gowan dam 2's and filled over it: site-04 would move
    275 km onto the new logger's point, its history read there."""
    sites = (*LIVE[:2], ("site-06", "Gowan dam 3", -44.1), ("site-04", "Gowan dam 4", -44.1))
    refusal = only_refusal(valley_plan_of, LIVE, *sites)
    assert refusal.address == "site-04" and "site-06" in refusal.about_also
    assert "site-06's point, where site-06 is added as a new connection" in said(refusal)


@pytest.mark.parametrize(
    "name",
    [
        "Gowan dam 1 - Kopie",
        "Gowan dam 1 - Copie",
        "Gowan dam 1 – copia",
        "Kopie von Gowan dam 1",
        "Copie de Gowan dam 1",
        "Copia de Gowan dam 1",
    ],
)
def test_a_row_pasted_under_a_localized_copy_name_is_refused(name: str) -> None:
    refusal = only_refusal(valley_plan_of, LIVE, *LIVE[:2], ("site-04", name, -39.2))
    assert refusal.address == "site-04" and "site-03" in refusal.about_also


def test_a_sign_typo_fixed_onto_a_kin_sites_point_is_refused_offering_a_name_of_another_stem() -> None:
    """Both loggers stand at Gowan dam 1's point; site-04 was applied with its latitude's sign flipped.
    Its fix reads as a fill-down (refused), so the refusal offers the path that works: a name of another
    stem for one apply, then the name back."""
    live = (LIVE[0], GOWAN_1, ("site-04", "Gowan dam 2", 39.2))
    refusal = only_refusal(valley_plan_of, live, *live[:2], ("site-04", "Gowan dam 2", -39.2))
    assert said(refusal).endswith(
        "if site-04's live point was mistyped (its latitude's sign flipped) and its logger stands at "
        "site-03's site, apply it there under a name with a word of its own added ('Gowan dam 2 relocated'), "
        "then put its name back in the next apply"
    )
    first = valley_plan_of(live, *live[:2], ("site-04", "Gowan dam 2 relocated", -39.2))
    assert changed(first) == [("site-04", Action.UPDATE.name)]
    moved = (LIVE[0], GOWAN_1, ("site-04", "Gowan dam 2 relocated", -39.2))
    assert changed(valley_plan_of(moved, *live[:2], ("site-04", "Gowan dam 2", -39.2))) == [
        ("site-04", Action.UPDATE.name)
    ]


@pytest.mark.parametrize(
    ("gowan_1", "point"),
    [(-39.2, "which site-03 keeps"), (-39.20009, "the one site-03 is re-surveyed to")],
    ids=["live-point", "re-surveyed-point"],
)
def test_a_row_filled_down_onto_another_shards_sites_point_is_refused_by_the_movers_shard(
    gowan_1: float, point: str
) -> None:
    """site-04 is the first shard's, site-03 the third's, which plans nothing but its re-survey."""
    sites = (LIVE[0], ("site-03", "Gowan dam 1", gowan_1), ("site-04", "Gowan dam 2", gowan_1))
    plans = {}
    for shard in (SHARDS[0], SHARDS[2]):
        desired = desired_state(parse_manifest(manifest(*sites), "fleet.yaml"), shard=shard)
        live = read_by(shard, desired, LIVE)
        plans[shard.index] = lambda d=desired, s=shard, r=live: make_shard_plan(
            d, r, PlanOptions(), s, resolve_secret=lambda _: None
        )
    refusal = only_refusal(plans[1])
    assert said(refusal).startswith(
        f"site-04: would be moved 801 km from (-46.4, 170.0) to ({gowan_1}, 170.0), within 2 m of site-03's "
        f"point, {point} (named 'Gowan dam 1')"
    )
    assert "site-03 (" in said(refusal) and "another shard's, whose count the connection list omits" in said(
        refusal
    )
    assert changed(plans[3]()) == ([] if gowan_1 == -39.2 else [("site-03", Action.UPDATE.name)])
