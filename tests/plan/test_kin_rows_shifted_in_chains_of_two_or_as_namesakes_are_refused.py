"""Kin rows' lat/lon shifted so the takings break into chains of two: the column shifted two rows (Gowan dam
1 onto 3's point, 2 onto 4's, 3 and 4 onto fresh ones), one row's name edited as the column shifted one (its
name then not kin to the next), or an unlike-named row in the middle. Each chain is one taking, which the
shifted-column rule allowed as a site relocated onto its kin's old point: planned, exit 0, each history read
at another logger's point. Namesakes under 3 km (four `Borehole`s 1.8 km apart) shifted a row were never a
taking at all. Two kin takings or more in one apply now read as a shifted column; one taking alone, and a
namesake's single move onto a removed namesake's point, stay planned. A chain of 2,000 rows says its first
rows and how many more, not every one."""

from __future__ import annotations

import pytest

from iotplan.errors import NoSafePlanError
from iotplan.plan.model import Refusal
from tests.plan import (
    test_kin_rows_lat_lon_shifted_or_filled_onto_a_removed_site_are_refused_as_a_key_shift as kin_rows,
)
from tests.plan.test_keys_filled_down_over_a_deleted_row_are_refused import only_refusal, valley_plan_of

LIVE, Sites, changed, said = kin_rows.LIVE, kin_rows.Sites, kin_rows.changed, kin_rows.said
LATS = [lat for _, _, lat in LIVE]
BY_TWO: Sites = tuple((k, n, lat) for (k, n, _), lat in zip(LIVE, [*LATS[2:], -42.8, -43.7], strict=True))
SHIFTED_UP = kin_rows.SHIFTED_UP


def refusals(live: Sites, *sites: tuple[str, str, float]) -> list[Refusal]:
    with pytest.raises(NoSafePlanError) as refused:
        valley_plan_of(live, *sites)
    return list(refused.value.refusals)


def renamed(sites: Sites, key: str, name: str) -> Sites:
    return tuple((k, name if k == key else n, lat) for k, n, lat in sites)


def test_kin_rows_shifted_two_rows_are_refused_as_two_chains_of_one_taking_each() -> None:
    first, second = refusals(LIVE, *BY_TWO)
    assert (first.address, second.address) == ("site-01", "site-02")
    assert "site-03" in first.about_also and "site-04" in second.about_also
    assert said(first).startswith(
        "site-01: would be moved 200 km from (-39.2, 170.0) to (-41.0, 170.0), within 2 m of site-03's live "
        "point (named 'Gowan dam 3'), as site-03 is moved on to (-42.8, 170.0): two kin takings in one apply "
        "(site-01 onto site-03's point and site-02 onto site-04's point) are a --sites file's lat/lon "
        "columns shifted against its names"
    )
    assert (
        "one change per apply from the chain's end, each then onto a point no connection holds: site-03, "
        "then site-01" in said(first)
    )


# A name edited to one of another stem (`Gowan dam 2b` and `no. 2` are kin, refused as one chain).
@pytest.mark.parametrize("name", ["Gowan weir 2", "Gowan dam spillway 2"])
def test_kin_rows_shifted_a_row_with_one_name_edited_are_refused(name: str) -> None:
    got = refusals(LIVE, *renamed(SHIFTED_UP, "site-02", name))
    assert {each.address for each in got} >= {"site-01"}
    assert all("lat/lon columns shifted against its names" in said(each) for each in got)


def test_kin_rows_shifted_a_row_around_an_unlike_named_one_are_refused() -> None:
    names = ["Gowan dam 1", "Gowan dam 2", "Aoraki dam", "Gowan dam 3", "Gowan dam 4"]
    live: Sites = tuple((f"site-0{n + 1}", name, round(-39.2 - 0.9 * n, 1)) for n, name in enumerate(names))
    shifted = tuple((k, n, round(lat - 0.9, 1)) for k, n, lat in live)
    got = refusals(live, *shifted)
    assert [each.address for each in got] == ["site-01", "site-04"]


BOREHOLES: Sites = tuple((f"site-0{n}", "Borehole", round(-39.2 - 0.0162 * (n - 1), 4)) for n in range(1, 5))


def test_namesakes_under_three_km_shifted_a_row_are_refused() -> None:
    shifted = tuple((k, n, round(lat - 0.0162, 4)) for k, n, lat in BOREHOLES)
    refusal = only_refusal(valley_plan_of, BOREHOLES, *shifted)
    assert refusal.address == "site-01" and {"site-02", "site-03", "site-04"} <= set(refusal.about_also)


def test_a_namesake_moved_onto_a_removed_namesakes_point_alone_is_planned() -> None:
    assert changed(valley_plan_of(BOREHOLES[:2], ("site-01", "Borehole", BOREHOLES[1][2]))) == [
        ("site-01", "UPDATE"),
        ("site-02", "REMOVE"),
    ]


def followed_one_per_apply(live: Sites, shifted: Sites, order: list[int]) -> None:
    applied = live
    for row in order:
        step = tuple(shifted[i] if i == row else each for i, each in enumerate(applied))
        assert changed(valley_plan_of(applied, *step)) == [(shifted[row][0], "UPDATE")]
        applied = step
    assert applied == shifted


def test_the_two_chains_moved_one_per_apply_from_their_ends_or_with_a_word_of_their_own_are_planned() -> None:
    followed_one_per_apply(LIVE, BY_TWO, [2, 0, 3, 1])
    worded = renamed(renamed(BY_TWO, "site-01", "Gowan dam 1 relocated"), "site-02", "Gowan dam 2 relocated")
    assert len(changed(valley_plan_of(LIVE, *worded))) == 4
    assert len(changed(valley_plan_of(worded, *BY_TWO))) == 2


def test_one_kin_taking_alone_is_still_planned() -> None:
    one = (("site-01", "Gowan dam 1", LATS[1]), ("site-02", "Gowan dam 2", -44.0), *LIVE[2:])
    assert len(changed(valley_plan_of(LIVE, *one))) == 2


def test_a_long_shifted_column_says_its_first_rows_and_how_many_more() -> None:
    live: Sites = tuple((f"site-{n:03}", f"Gowan dam {n}", round(-30.0 - 0.1 * n, 1)) for n in range(60))
    shifted = tuple((k, n, round(lat - 0.1, 1)) for k, n, lat in live)
    text = said(only_refusal(valley_plan_of, live, *shifted))
    assert len(text) < 6000
    assert "and 50 more" in text
