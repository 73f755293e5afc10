"""A row copied over another in a --sites file where the copied row is renamed in the same edit, is a new
row appended too, or has a full stop added: the overwritten site's connection moves onto a point another
connection holds, under a name no live connection has. Namesakes were looked up by live name alone, so
these were planned, exit 0, the overwritten site's history then read as a second logger at the other
site. A connection renamed as it moves onto a point (within 100 m, nearer it than its own) that another
keeps under that name as declared (case, blanks and punctuation aside), live or declared in the same edit
(a new row, or one re-surveyed less far), is refused now; one moved there under a name of its own is
that site, moved, and moving in one apply and renaming in the next stays open."""

from __future__ import annotations

import pytest

from iotplan.plan.model import Action, Plan, Refusal
from tests.plan.test_keys_filled_down_over_a_deleted_row_are_refused import (
    CLYDE,
    DUNSTAN,
    LIVE,
    only_refusal,
    plan_of,
    valley_plan_of,
)

Sites = tuple[tuple[str, str, float], ...]


def said(refusal: Refusal) -> str:
    return " ".join(refusal.text.split())


def updated(plan: Plan) -> list[str]:
    return [str(c.address) for c in plan.changes if c.kind.name == "NODE" and c.action is Action.UPDATE]


def created(plan: Plan) -> list[str]:
    return [str(c.address) for c in plan.changes if c.kind.name == "NODE" and c.action is Action.CREATE]


@pytest.mark.parametrize("dunstan_lat", [DUNSTAN[1], -40.0027], ids=["in-place", "re-surveyed-300-m"])
def test_a_copy_of_a_row_renamed_in_the_same_edit_is_refused(dunstan_lat: float) -> None:
    """Dunstan renamed Dunstan weir (re-surveyed 300 m, or not), its new row copied over Clyde's."""
    weir = ("Dunstan weir", dunstan_lat)
    refusal = only_refusal(plan_of, *LIVE[:2], ("site-03", *weir), ("site-04", *weir), LIVE[4])
    assert refusal.address == "site-03" and "site-04" in refusal.about_also
    assert said(refusal).startswith(
        "site-03: would be renamed 'Dunstan weir' and moved from (-41.3, 170.0) to "
        f"({dunstan_lat}, 170.0), within 2 m of site-04's point ({dunstan_lat}, 170.0), which site-04 keeps "
        "(named 'Dunstan weir'): the keys shift, as when a row of a --sites file is copied over another"
    )
    assert "site-03 (" in said(refusal) and ") holds 25 observations" in said(refusal)


def test_a_new_row_also_pasted_over_an_existing_one_is_refused() -> None:
    """Hope dam appended as site-06 and pasted over Clyde's row too."""
    hope = ("Hope dam", -44.5)
    refusal = only_refusal(plan_of, *LIVE[:2], ("site-03", *hope), *LIVE[3:], ("site-06", *hope))
    assert refusal.address == "site-03" and "site-06" in refusal.about_also
    assert said(refusal).startswith(
        "site-03: would be renamed 'Hope dam' and moved from (-41.3, 170.0) to (-44.5, 170.0), within 2 m "
        "of site-06's point (-44.5, 170.0), a new connection's (named 'Hope dam'): the keys shift"
    )


def test_a_copy_with_one_character_changed_says_where_the_site_moves() -> None:
    refusal = only_refusal(plan_of, *LIVE[:2], ("site-03", "Dunstan dam.", DUNSTAN[1]), *LIVE[3:])
    assert said(refusal).startswith(
        "site-03: would be renamed 'Dunstan dam.' and moved from (-41.3, 170.0) to (-40.0, 170.0), within "
        "2 m of site-04's point (-40.0, 170.0), which site-04 keeps (named 'Dunstan dam')"
    )


def test_a_copy_placed_near_the_kept_point_says_how_far() -> None:
    refusal = only_refusal(plan_of, *LIVE[:2], ("site-03", "Dunstan dam.", -40.00045), *LIVE[3:])
    assert "to (-40.00045, 170.0), 50 m from site-04's point (-40.0, 170.0)," in said(refusal)


def test_a_renamed_copy_refused_is_moved_then_renamed_as_its_refusal_says() -> None:
    """Followed literally: restored as applied plans nothing for site-03; moved under its own name in one
    apply, renamed where it stands in the next, each is planned."""
    weir = ("Dunstan weir", DUNSTAN[1])
    refusal = only_refusal(plan_of, *LIVE[:2], ("site-03", *weir), ("site-04", *weir), LIVE[4])
    assert said(refusal).endswith(
        "If site-03's row was overwritten, restore it as applied ('Clyde dam' at (-41.3, 170.0)): no history "
        "moves; if site-03 really moved to site-04's site, move it in one apply under its own name and "
        "rename it in the next"
    )
    assert updated(plan_of(*LIVE[:3], ("site-04", *weir), LIVE[4])) == ["site-04"]
    moved = (*LIVE[:2], ("site-03", "Clyde dam", DUNSTAN[1]), ("site-04", *weir), LIVE[4])
    assert updated(plan_of(*moved)) == ["site-03", "site-04"]
    assert updated(valley_plan_of(moved, *LIVE[:2], ("site-03", *weir), ("site-04", *weir), LIVE[4])) == [
        "site-03"
    ]


def test_a_new_row_also_pasted_over_one_is_added_as_its_refusal_says() -> None:
    hope = ("Hope dam", -44.5)
    refusal = only_refusal(plan_of, *LIVE[:2], ("site-03", *hope), *LIVE[3:], ("site-06", *hope))
    assert said(refusal).endswith(
        "if site-03 really moved to site-06's site, move it in one apply under its own name without "
        "site-06 and rename it in the next, adding site-06 then"
    )
    moved = (*LIVE[:2], ("site-03", "Clyde dam", hope[1]), *LIVE[3:])
    assert updated(plan_of(*moved)) == ["site-03"]
    second = valley_plan_of(moved, *LIVE[:2], ("site-03", *hope), *LIVE[3:], ("site-06", *hope))
    assert (updated(second), created(second)) == (["site-03"], ["site-06"])


def test_a_row_copied_over_another_and_appended_is_added_as_its_refusal_says() -> None:
    """Clyde's row overwritten by Dunstan's and appended as site-06: apply without site-06 was offered
    first, itself refused as a row copied over a namesake. Moved under its own name, renamed where it
    stands, then site-06 added, each apply is planned."""
    sites = (*LIVE[:2], ("site-03", *DUNSTAN), *LIVE[3:], ("site-06", *CLYDE))
    refusal = only_refusal(plan_of, *sites)
    assert said(refusal).endswith(
        "if the names really change, do it in three applies: without site-06, site-03 moved to (-40.0, "
        "170.0) under its own name 'Clyde dam'; without site-06 still, site-03 renamed where it stands; then "
        "the file as it is, which adds site-06"
    )
    moved = (*LIVE[:2], ("site-03", "Clyde dam", DUNSTAN[1]), *LIVE[3:])
    assert updated(plan_of(*moved)) == ["site-03"]
    renamed = (*LIVE[:2], ("site-03", *DUNSTAN), *LIVE[3:])
    assert updated(valley_plan_of(moved, *renamed)) == ["site-03"]
    added = valley_plan_of(renamed, *sites)
    assert (updated(added), created(added)) == ([], ["site-06"])


def test_a_typo_fixed_as_a_site_is_re_surveyed_away_from_its_namesake_says_where_it_moves() -> None:
    """Dunstan dm, 89 m from Dunstan dam, renamed Dunstan dam and re-surveyed 5 m farther off."""
    live = (*LIVE[:2], ("site-03", "Dunstan dm", -40.0008), *LIVE[3:])
    sites = (*LIVE[:2], ("site-03", "Dunstan dam", -40.00085), *LIVE[3:])
    refusal = only_refusal(valley_plan_of, live, *sites)
    assert said(refusal).startswith(
        "site-03: would take site-04's name 'Dunstan dam', moving to (-40.00085, 170.0), while site-04 keeps "
        "its own: the keys shift"
    )
    ways = said(refusal).split("iotplan cannot tell which site is which. ")[1]
    assert ways.startswith(
        "If site-03 is another logger at site-04's site, move it in one apply and rename it in the next"
    )
    assert (
        "; if site-03's row was overwritten, restore it as applied ('Dunstan dm' at (-40.0008, 170.0))"
        in ways
    )
    moved = (*LIVE[:2], ("site-03", "Dunstan dm", -40.00085), *LIVE[3:])
    assert updated(valley_plan_of(live, *moved)) == ["site-03"]
    assert updated(valley_plan_of(moved, *sites)) == ["site-03"]


@pytest.mark.parametrize(
    ("live", "sites"),
    [
        # Renamed and re-surveyed 3 m, a site of another name 44 m off.
        (
            (*LIVE, ("site-06", "Dunstan spillway", -40.0004)),
            (
                *LIVE[:3],
                ("site-04", "Dunstan main dam", -40.00003),
                LIVE[4],
                ("site-06", "Dunstan spillway", -40.0004),
            ),
        ),
        # Moved 2 km and renamed, nothing near its new point.
        (LIVE, (*LIVE[:2], ("site-03", "Clyde North dam", -41.318), *LIVE[3:])),
        # Two sites swapped in two steps: the second moves each onto the point the other leaves.
        (
            (*LIVE[:2], ("site-03", "Spare dam", CLYDE[1]), *LIVE[3:]),
            (*LIVE[:2], ("site-03", *DUNSTAN), ("site-04", *CLYDE), LIVE[4]),
        ),
        # A second logger appended at Dunstan's point under its name.
        (LIVE, (*LIVE, ("site-06", *DUNSTAN))),
    ],
    ids=["re-surveyed-beside-another", "moved-renamed", "swap-second-step", "second-logger"],
)
def test_edits_moving_onto_no_point_another_keeps_are_planned(live: Sites, sites: Sites) -> None:
    assert valley_plan_of(live, *sites).changes
