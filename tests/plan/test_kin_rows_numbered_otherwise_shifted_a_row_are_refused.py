"""Kin rows numbered otherwise (`Gowan dam 2b`, `Gowan Dam no. 2`, `Gowan dam II`, `Gowan dam 1a`) with
their lat/lon column shifted a row against their names: a name's letters were its stem, so `2b`'s `b`,
`no.` and a Roman numeral made a name of another stem, the rows were no kin, and the shift was planned
(exit 0, every site moved 100 km onto its neighbour's point, each history then read at another logger's).
A letter glued to a number, a `no.`/`nr`/`#` before one and a Roman numeral after the name's first word are
now read as its number: the shift is refused as the column shifted it is. One kin site relocated onto
the point its kin moves off stays planned. Lettered kin (`BH-A`, `BH-B`) are still not read as kin."""

from __future__ import annotations

import pytest

from tests.plan import (
    test_kin_rows_lat_lon_shifted_or_filled_onto_a_removed_site_are_refused_as_a_key_shift as kin_rows,
)
from tests.plan.test_keys_filled_down_over_a_deleted_row_are_refused import only_refusal, valley_plan_of

Sites, changed, said = kin_rows.Sites, kin_rows.changed, kin_rows.said

NAMINGS = {
    "a letter after a number": ["Gowan dam 1", "Gowan dam 2b", "Gowan dam 3", "Gowan dam 4"],
    "no. before a number": ["Gowan dam 1", "Gowan Dam no. 2", "Gowan dam 3", "Gowan dam 4"],
    "nr and # before a number": ["Gowan dam Nr 1", "Gowan dam #2", "Gowan dam nº3", "Gowan dam 4"],
    "Roman numerals": ["Gowan dam I", "Gowan dam II", "Gowan dam III", "Gowan dam IV"],
    "lettered under one number": ["Gowan dam 1a", "Gowan dam 1b", "Gowan dam 1c", "Gowan dam 1d"],
    "three rows, one lettered": ["Gowan dam 1", "Gowan dam 2b", "Gowan dam 3"],
}


def live_of(names: list[str]) -> Sites:
    return tuple((f"site-0{n + 1}", name, round(-39.2 - 0.9 * n, 1)) for n, name in enumerate(names))


def shifted_up(live: Sites) -> Sites:
    """The lat column pasted a row up: each row on the next one's point, the last on a fresh one."""
    lats = [lat for _, _, lat in live]
    return tuple((key, name, lat) for (key, name, _), lat in zip(live, [*lats[1:], -44.0], strict=True))


@pytest.mark.parametrize("names", NAMINGS.values(), ids=NAMINGS.keys())
def test_kin_rows_numbered_otherwise_shifted_a_row_are_refused_naming_each(names: list[str]) -> None:
    live = live_of(names)
    refusal = only_refusal(valley_plan_of, live, *shifted_up(live))
    assert refusal.address == "site-01"
    assert {key for key, _, _ in live[1:]} <= set(refusal.about_also)
    assert "lat/lon columns shifted a row against its names" in said(refusal)
    assert f"within 2 m of site-02's live point (named {names[1]!r})" in said(refusal)


@pytest.mark.parametrize("names", NAMINGS.values(), ids=NAMINGS.keys())
def test_one_kin_site_numbered_otherwise_relocated_onto_the_point_its_kin_leaves_is_planned(
    names: list[str],
) -> None:
    live = live_of(names)
    (first, first_name, _), (second, second_name, second_lat) = live[:2]
    relocated = ((first, first_name, second_lat), (second, second_name, -44.0), *live[2:])
    assert changed(valley_plan_of(live, *relocated)) == [(first, "UPDATE"), (second, "UPDATE")]


def test_lettered_sites_are_still_not_read_as_kin() -> None:
    """`BH-A`'s letters are its stem: a shift among lettered names stays uncaught (README: Not caught)."""
    live = live_of(["BH-A", "BH-B", "BH-C", "BH-D"])
    assert len(changed(valley_plan_of(live, *shifted_up(live)))) == 4
