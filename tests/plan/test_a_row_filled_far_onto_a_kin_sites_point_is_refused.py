"""Excel's fill handle dragged over a --sites file: site-04's row takes site-03's lat/lon, its name
incremented from site-03's (`Gowan dam 1` → `Gowan dam 2`), or pasted as `Gowan dam 1 - Copy` (`- Kopie`,
`Copia de`), or `Gowan dam 12` lands on `Gowan dam 1.2`'s point. The names differ, so no namesake rule read
it: planned, exit 0, site-04's history moved onto the very point of another live logger. A connection moved
more than 1 km to within 11.1 m of a point another holds after the apply (its live one it stays at, the one it
is re-surveyed to in the same edit, the one it is moved to from less far, or a new connection's), the two
names one stem apart from their numbers and a `Copy`, is refused now (namesakes beyond 3 km alone). A
second logger added there as a new connection, a real move surveyed to a point of its own, a re-survey under
a kilometre, and a site moved onto another's point under a name of its own (the first of the two applies
that move and rename one) are planned as before. Every refusal offers two applies (a word added to the
name, then the name back) for a logger that does stand on the point: a sign typo fixed, a hut shared.
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
        "logger was surveyed at (two loggers mostly stand metres apart, not on one point); if site-04's "
        "logger does stand on site-03's very point, apply it there with a word of its own, 'relocated', "
        "added to its name in the --sites row, then put its name back in the next apply"
    )
    followed(live, (*live[:2], ("site-04", name, -39.2)), "site-04", f"{name} relocated")


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
        # Gowan dam 1 moved to a point of its own, leaving its point to Gowan dam 2's.
        (LIVE[0], ("site-03", "Gowan dam 1", -44.1), ("site-04", "Gowan dam 2", -39.2)),
    ],
    ids=["restored", "second-logger", "surveyed-apart", "name-of-its-own", "point-left-to-it"],
)
def test_edits_not_filling_a_row_far_onto_a_kept_point_are_planned(sites: Sites) -> None:
    plan = valley_plan_of(LIVE, *sites)
    assert all(action in ("UPDATE", "CREATE") for _, action in changed(plan))


@pytest.mark.parametrize("live_lat", [-39.3, -40.09, -39.65], ids=["11-km", "99-km", "50-km"])
def test_a_row_filled_onto_a_kin_sites_point_under_100_km_off_is_refused(live_lat: float) -> None:
    """Gowan dam 2 moved 11, 50 or 99 km onto Gowan dam 1's very point: two loggers stand metres apart,
    mostly not on one point, however far one came; a real relocation is declared at its surveyed point."""
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
        "Gowan dam 1 - Cópia",
        "Gowan dam 1 – kopia",
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
        "site-03's site, apply it there with a word of its own, 'relocated', added to its name in the "
        "--sites row, then put its name back in the next apply"
    )
    first = valley_plan_of(live, *live[:2], ("site-04", "Gowan dam 2 relocated", -39.2))
    assert changed(first) == [("site-04", Action.UPDATE.name)]
    moved = (LIVE[0], GOWAN_1, ("site-04", "Gowan dam 2 relocated", -39.2))
    assert changed(valley_plan_of(moved, *live[:2], ("site-04", "Gowan dam 2", -39.2))) == [
        ("site-04", Action.UPDATE.name)
    ]


@pytest.mark.parametrize(
    ("gowan_1", "point"),
    [
        (-39.2, "which site-03 keeps"),
        (-39.20009, "the one site-03 is re-surveyed to"),
        (-39.218, "the one site-03 is moved to"),
    ],
    ids=["live-point", "re-surveyed-point", "relocated-point"],
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
        f"site-04: would be moved {round((gowan_1 + 46.4) * 111.2)} km from (-46.4, 170.0) to "
        f"({gowan_1}, 170.0), within 2 m of site-03's point, {point} (named 'Gowan dam 1')"
    )
    assert "site-03 (" in said(refusal) and "another shard's, whose count the connection list omits" in said(
        refusal
    )
    assert changed(plans[3]()) == ([] if gowan_1 == -39.2 else [("site-03", Action.UPDATE.name)])


def followed(live: Sites, sites: Sites, renamed: str, temporary: str) -> None:
    """The refusal's temporary-name step followed as it reads: `renamed` applied at its new point under
    `temporary` (its --sites name with the word added), then under its name again; each a plan of
    updates alone (no sensor made again, each keeping its id and history), the last leaving nothing."""
    first = tuple((key, temporary if key == renamed else name, lat) for key, name, lat in sites)
    assert {action for _, action in changed(valley_plan_of(live, *first))} == {Action.UPDATE.name}
    assert changed(valley_plan_of(first, *sites)) == [(renamed, Action.UPDATE.name)]
    assert changed(valley_plan_of(sites, *sites)) == []


def test_a_row_filled_down_from_a_site_moved_in_the_same_edit_is_refused() -> None:
    """Gowan dam 1 relocated 2 km, its row then filled over Gowan dam 2's (800 km off): site-04 would
    land on the point site-03 is moved to. The one moved farther of the two is refused."""
    sites = (LIVE[0], ("site-03", "Gowan dam 1", -39.218), ("site-04", "Gowan dam 2", -39.218))
    refusal = only_refusal(valley_plan_of, LIVE, *sites)
    assert refusal.address == "site-04" and "site-03" in refusal.about_also
    assert "within 2 m of site-03's point, the one site-03 is moved to (named 'Gowan dam 1')" in said(refusal)


def test_two_loggers_relocated_onto_one_new_point_in_one_edit_are_refused_offering_a_temporary_name() -> None:
    """Borehole 1 and 2, 800 m apart, both moved 3 km onto one new borehole in one edit: the one moved
    farther is refused; its temporary name lets both onto the point, each keeping its history."""
    live: Sites = (("site-01", "Borehole 1", -39.2), ("site-02", "Borehole 2", -39.2072))
    sites: Sites = (("site-01", "Borehole 1", -39.227), ("site-02", "Borehole 2", -39.227))
    refusal = only_refusal(valley_plan_of, live, *sites)
    assert refusal.address == "site-01" and "the one site-02 is moved to" in said(refusal)
    assert said(refusal).endswith(
        "if site-01's logger does stand on site-02's very point, apply it there with a word of its own, "
        "'relocated', added to its name in the --sites row, then put its name back in the next apply"
    )
    followed(live, sites, "site-01", "Borehole 1 relocated")


@pytest.mark.parametrize(
    ("live", "filled"),
    [
        (
            (
                ("site-01", "Borehole", -39.2),
                ("site-02", "Borehole", -39.38),
                ("site-03", "Borehole", -39.56),
            ),
            ("site-02", "Borehole", -39.2),
        ),
        (
            (("site-03", "Gowan dam", -39.2), ("site-04", "Gowan dam", -39.65)),
            ("site-04", "Gowan dam", -39.2),
        ),
    ],
    ids=["boreholes-20-km", "dams-50-km"],
)
def test_a_namesakes_row_filled_onto_its_point_from_a_few_km_off_is_refused(
    live: Sites, filled: Sites
) -> None:
    """Sites of one name 20 or 50 km apart, one's lat/lon filled over the next's: its history would read
    at the other's point. Namesakes moved 1.7-2 km onto one point (a shared borehole, the namesake
    refusals' two applies) stay planned (their own tests)."""
    sites = tuple(filled if key == filled[0] else (key, name, lat) for key, name, lat in live)
    refusal = only_refusal(valley_plan_of, live, *sites)
    assert refusal.address == filled[0] and live[0][0] in refusal.about_also


def test_a_logger_relocated_onto_a_point_three_loggers_share_is_refused_offering_a_temporary_name() -> None:
    """Hut A's loggers 1-3 stand at one point; logger 4 relocated 3 km onto it. The refusal does not say
    loggers never share a point (three do), and its temporary-name step is followed to a plan of nothing."""
    hut: Sites = tuple((f"site-0{i}", f"Hut A logger {i}", -39.2) for i in (1, 2, 3))
    live, sites = (*hut, ("site-04", "Hut A logger 4", -39.227)), (*hut, ("site-04", "Hut A logger 4", -39.2))
    refusal = only_refusal(valley_plan_of, live, *sites)
    text = said(refusal)
    assert "never on one point" not in text
    assert text.endswith(
        "if site-04's logger stands on that very point, as site-01, site-02 and site-03 do, apply it there "
        "with a word of its own, 'relocated', added to its name in the --sites row, then put its name back "
        "in the next apply"
    )
    followed(live, sites, "site-04", "Hut A logger 4 relocated")


def test_a_row_filled_down_is_offered_a_temporary_name_its_names_lack() -> None:
    """Gowan dam 1 relocated is kept; Gowan dam 2 relocated filled onto it: 'relocated' would leave the
    names one stem apart, so another word is offered, and followed converges."""
    live: Sites = (("site-03", "Gowan dam 1 relocated", -39.2), ("site-04", "Gowan dam 2 relocated", -46.4))
    sites: Sites = (live[0], ("site-04", "Gowan dam 2 relocated", -39.2))
    text = said(only_refusal(valley_plan_of, live, *sites))
    assert "'moved', added to its name in the --sites row" in text
    followed(live, sites, "site-04", "Gowan dam 2 relocated moved")


# Gowan dam 1 12 km south of a new point, Gowan dam 2 3 km south of it: both rows moved onto it.
CLUSTERED: Sites = (("site-03", "Gowan dam 1", -39.3463), ("site-04", "Gowan dam 2", -39.2653))
ONTO_ONE_POINT: Sites = (("site-03", "Gowan dam 1", -39.2383), ("site-04", "Gowan dam 2", -39.2383))


def test_two_rows_moved_far_onto_one_point_are_refused_naming_both_as_the_row_overwritten() -> None:
    """site-03 relocated 12 km, its row then filled over site-04's (3 km off), or site-04 relocated and
    site-03's row filled: the distances do not tell which. The refusal names no one row overwritten,
    which once sent site-03 back and planned site-04's move onto the point, exit 0."""
    text = said(only_refusal(valley_plan_of, CLUSTERED, *ONTO_ONE_POINT))
    assert "If site-03's row was overwritten" not in text and "If site-04's row was overwritten" not in text
    assert (
        "If site-03's or site-04's row was overwritten (both are moved over 1 km onto this one point), "
        "restore whichever was as applied ('Gowan dam 1' at (-39.3463, 170.0) or 'Gowan dam 2' at "
        "(-39.2653, 170.0)): no history moves, and the other's move then plans alone; " in text
    )


@pytest.mark.parametrize("restored", [0, 1], ids=["site-03-overwritten", "site-04-overwritten"])
def test_either_row_restored_as_the_refusal_offers_plans_the_others_move_alone(restored: int) -> None:
    sites = tuple(CLUSTERED[i] if i == restored else ONTO_ONE_POINT[i] for i in (0, 1))
    moved = ONTO_ONE_POINT[1 - restored][0]
    assert changed(valley_plan_of(CLUSTERED, *sites)) == [(moved, Action.UPDATE.name)]


def test_a_temporary_word_another_logger_at_the_point_holds_is_not_offered() -> None:
    """Hut A's logger 2 is live there as `Hut A logger 2 relocated`: logger 4 relocated onto the hut is
    offered another word, as `relocated` would leave it one stem from logger 2, refused again."""
    hut: Sites = (("site-01", "Hut A logger 1", -39.2), ("site-02", "Hut A logger 2 relocated", -39.2))
    live, sites = (*hut, ("site-04", "Hut A logger 4", -39.227)), (*hut, ("site-04", "Hut A logger 4", -39.2))
    text = said(only_refusal(valley_plan_of, live, *sites))
    assert "'moved', added to its name in the --sites row" in text
    followed(live, sites, "site-04", "Hut A logger 4 moved")


def test_kin_sites_trading_locations_are_refused_as_namesakes_trading_them_are() -> None:
    """Gowan dam 1 and 2 take each other's lat/lon (the lat/lon columns sorted apart from the names):
    each one's history would read at the other's point, as with sites of one name."""
    refusal = only_refusal(
        valley_plan_of, LIVE, LIVE[0], ("site-03", "Gowan dam 1", -46.4), ("site-04", "Gowan dam 2", -39.2)
    )
    assert refusal.address == "site-03" and "site-04" in refusal.about_also
    assert said(refusal).startswith(
        "site-03: would take site-04's location (-46.4, 170.0) while site-04 takes site-03's, "
        "(-39.2, 170.0): the two connections trade locations"
    )


def test_kin_sites_really_trading_locations_in_two_steps_as_the_refusal_offers_are_planned() -> None:
    """Its way forward followed: site-03 to a spare location first, then each to the other's point."""
    spare = (LIVE[0], ("site-03", "Gowan dam 1", -44.1), GOWAN_2)
    assert changed(valley_plan_of(LIVE, *spare)) == [("site-03", Action.UPDATE.name)]
    traded = (LIVE[0], ("site-03", "Gowan dam 1", -46.4), ("site-04", "Gowan dam 2", -39.2))
    assert {action for _, action in changed(valley_plan_of(spare, *traded))} == {Action.UPDATE.name}
