"""A row copied over another in a --sites file: the overwritten site's connection moves under the name of
a namesake that keeps its key and name. Planned as it reads, its history reads as a second logger at that
dam. The refusal fired only where the copy moved over a kilometre onto the namesake's live point (within
100 m): the namesake re-surveyed 150 m in the same edit (the copy then carrying the new point), sites
under a kilometre apart, or the copy placed off the namesake's point were planned, exit 0. A site moved off
its place, by any length, under the name of a live one that keeps it is refused now: a second logger at
a dam takes a name of its own, or is moved in one apply and renamed in the next."""

from __future__ import annotations

import pytest

from iotplan.plan.model import Action, Refusal
from tests.plan.test_keys_filled_down_over_a_deleted_row_are_refused import (
    AORAKI,
    BENMORE,
    CLYDE,
    DUNSTAN,
    ELLESMERE,
    LIVE,
    only_refusal,
    plan_of,
    valley_plan_of,
)

Sites = tuple[tuple[str, str, float], ...]


def fleet(apart_deg: float) -> Sites:
    """Four dams in a row north of -40.0, `apart_deg` of latitude apart (0.0072° is 800 m)."""
    names = ("Aro dam", "Bell dam", "Cass dam", "Dart dam")
    return tuple((f"site-0{n + 1}", name, round(-40.0 + apart_deg * n, 6)) for n, name in enumerate(names))


def with_row(sites: Sites, key: str, copied: str) -> Sites:
    """`sites` with `key`'s row taking `copied`'s name and place (a row copied over it, or filled down)."""
    source = next(site for site in sites if site[0] == copied)
    return tuple((key, *source[1:]) if site[0] == key else site for site in sites)


def said(refusal: Refusal) -> str:
    return " ".join(refusal.text.split())


@pytest.mark.parametrize("off_deg", [0.00135, 0.0027], ids=["150-m", "300-m"])
def test_a_row_copied_over_another_after_its_re_survey_is_refused(off_deg: float) -> None:
    """Dunstan re-surveyed, then its row copied over Clyde's: the copy carries the new point, which
    lies over 100 m from Dunstan's live one."""
    resurveyed = ("Dunstan dam", round(-40.0 - off_deg, 6))
    sites = (("site-01", *AORAKI), ("site-02", *BENMORE), ("site-03", *resurveyed), ("site-04", *resurveyed))
    refusal = only_refusal(plan_of, *(*sites, ("site-05", *ELLESMERE)))
    assert refusal.address == "site-03"
    assert said(refusal).startswith(
        "site-03: would take site-04's name 'Dunstan dam' and location while "
        "site-04 keeps its own: the keys shift"
    )


@pytest.mark.parametrize("apart_deg", [0.0072, 0.0009, 0.0008], ids=["800-m", "100-m", "89-m"])
@pytest.mark.parametrize(
    ("key", "copied"),
    [("site-02", "site-03"), ("site-03", "site-02"), ("site-04", "site-03")],
    ids=["copied-up", "filled-down", "last-filled-down"],
)
def test_a_row_copied_over_another_among_sites_under_a_kilometre_apart_is_refused(
    apart_deg: float, key: str, copied: str
) -> None:
    live = fleet(apart_deg)
    refusal = only_refusal(valley_plan_of, live, *with_row(live, key, copied))
    assert refusal.address == key
    assert said(refusal).startswith(f"{key}: would take {copied}'s name ")
    assert f"while {copied} keeps its own: the keys shift" in said(refusal)


@pytest.mark.parametrize("taken_lat", [-40.00135, -40.018], ids=["150-m-off", "2-km-off"])
def test_a_row_copied_over_another_placed_off_the_namesake_is_refused(taken_lat: float) -> None:
    sites = (*LIVE[:2], ("site-03", "Dunstan dam", taken_lat), *LIVE[3:])
    refusal = only_refusal(plan_of, *sites)
    assert refusal.address == "site-03"
    assert said(refusal).startswith(
        f"site-03: would take site-04's name 'Dunstan dam', moving to ({taken_lat}, 170.0), while site-04 "
        "keeps its own: the keys shift"
    )


def test_a_row_copied_over_another_is_restored_as_applied_first() -> None:
    """Nothing deleted: an overwritten row is put back as it was applied, and nothing is destroyed."""
    refusal = only_refusal(plan_of, *(*LIVE[:2], ("site-03", *BENMORE), *LIVE[3:]))
    ways = said(refusal).split("iotplan cannot tell which site is which. ")[1]
    assert ways.startswith(
        "If site-03's row was overwritten, restore it as applied ('Clyde dam' at (-41.3, 170.0)): no "
        "history moves; if site-03's row was deleted, put the keys back"
    )


@pytest.mark.parametrize(
    ("live", "sites", "updated"),
    [
        # Names filled down alone: renamed where it stands, as a move's second step is.
        (LIVE, (*LIVE[:2], ("site-03", "Dunstan dam", CLYDE[1]), *LIVE[3:]), ["site-03"]),
        # Moved 2 km under its own name, then under a new name.
        (LIVE, (*LIVE[:2], ("site-03", "Clyde dam", -41.318), *LIVE[3:]), ["site-03"]),
        (LIVE, (*LIVE[:2], ("site-03", "Clyde North dam", -41.318), *LIVE[3:]), ["site-03"]),
        # Moved 2 km off Dunstan as its namesake in one apply, put on its point in the next.
        (
            (*LIVE[:2], ("site-03", "Dunstan dam", -40.018), *LIVE[3:]),
            (*LIVE[:2], ("site-03", *DUNSTAN), *LIVE[3:]),
            ["site-03"],
        ),
        # Two namesakes 40 m apart, one re-cased and re-surveyed 5 m.
        (
            (*LIVE, ("site-06", "Dunstan dam", -40.00036)),
            (*LIVE, ("site-06", "DUNSTAN DAM", -40.00041)),
            ["site-06"],
        ),
    ],
    ids=["names-filled-down", "moved", "moved-renamed", "namesake-put-on-its-point", "namesake-re-surveyed"],
)
def test_edits_taking_no_kept_name_as_they_move_are_planned(
    live: Sites, sites: Sites, updated: list[str]
) -> None:
    plan = valley_plan_of(live, *sites)
    assert [c.address for c in plan.changes if c.action is Action.UPDATE and c.kind.name == "NODE"] == updated


@pytest.mark.parametrize("name", ["Dunstan dam.", "Dunstan-dam", "dunstan dam!"])
@pytest.mark.parametrize("taken_lat", [-40.00225, -40.045], ids=["250-m-off", "5-km-off"])
def test_a_row_copied_over_another_with_punctuation_typed_is_refused_wherever_it_lands(
    name: str, taken_lat: float
) -> None:
    """The namesake's name as a copied row's is read (`Dunstan dam.`: a full stop typed after pasting), as
    the exact name is refused wherever it lands; a kept point 200 m off alone caught it before."""
    sites = (*LIVE[:2], ("site-03", name, taken_lat), *LIVE[3:])
    refusal = only_refusal(plan_of, *sites)
    assert refusal.address == "site-03"
    assert said(refusal).startswith(
        f"site-03: would take site-04's name 'Dunstan dam', moving to ({taken_lat}, 170.0), while site-04 "
        "keeps its own: the keys shift"
    )


def test_a_site_moved_under_a_namesakes_number_without_its_separator_is_planned() -> None:
    """`Dunstan dam 12` is not `Dunstan dam 1.2`: the digits' separator tells the two apart."""
    live = (*LIVE[:3], ("site-04", "Dunstan dam 1.2", -40.0), LIVE[4])
    sites = (*live[:2], ("site-03", "Dunstan dam 12", -40.045), *live[3:])
    plan = valley_plan_of(live, *sites)
    assert [c.address for c in plan.changes if c.action is Action.UPDATE and c.kind.name == "NODE"] == [
        "site-03"
    ]


def test_a_site_re_surveyed_metres_under_a_namesakes_name_with_punctuation_is_planned() -> None:
    """Dunstan dam 2, 150 m from Dunstan dam 1, renamed `Dunstan dam-1` and re-surveyed 10 m: no row's
    coordinates copied, its own place kept; punctuation tells a name apart where the site does not move."""
    live = (*LIVE[:3], ("site-04", "Dunstan dam 1", -40.0), LIVE[4], ("site-06", "Dunstan dam 2", -40.00135))
    sites = (*live[:5], ("site-06", "Dunstan dam-1", -40.00144))
    plan = valley_plan_of(live, *sites)
    assert [c.address for c in plan.changes if c.action is Action.UPDATE and c.kind.name == "NODE"] == [
        "site-06"
    ]
