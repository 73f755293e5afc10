"""A --sites file's lat/lon columns shifted a row against its names (one column sorted alone, or a block
pasted a row low): Gowan dam 1 takes Gowan dam 2's point, 2 takes 3's, ..., the last a fresh one (or the
first row a fresh one, the last row's point left for nobody). Each row moves onto a point its kin gives up
in the same apply, so the rule for a point another connection holds after the apply never read it: planned,
exit 0, each site's history then read at another logger's point. And a row filled over the next one's as
that one is removed in the same edit (site-04 deleted, site-03 given its lat/lon): planned, site-04's destroy
shown and site-03's history read at its point. Both are refused now, naming the rows and the ways forward,
each of which is followed here to a plan; one site relocated onto its kin's old point as that kin moves on,
and a rotation's second step taken one per apply, stay planned."""

from __future__ import annotations

import pytest

from iotplan.plan.model import Action, Plan, Refusal
from tests.plan.test_keys_filled_down_over_a_deleted_row_are_refused import only_refusal, valley_plan_of

Sites = tuple[tuple[str, str, float], ...]
LIVE: Sites = tuple((f"site-0{n}", f"Gowan dam {n}", round(-39.2 - 0.9 * (n - 1), 1)) for n in range(1, 5))
LATS = [lat for _, _, lat in LIVE]
# The lat column sorted or pasted one row up (the last row a fresh point), or one row down (the first).
SHIFTED_UP: Sites = tuple(
    (key, name, lat) for (key, name, _), lat in zip(LIVE, [*LATS[1:], -42.8], strict=True)
)
SHIFTED_DOWN: Sites = tuple(
    (key, name, lat) for (key, name, _), lat in zip(LIVE, [-38.3, *LATS[:-1]], strict=True)
)


def said(refusal: Refusal) -> str:
    return " ".join(refusal.text.split())


def changed(plan: Plan) -> list[tuple[str, str]]:
    return [
        (str(c.address), c.action.name) for c in plan.changes if c.kind.name == "NODE" and c.action.writes
    ]


def test_kin_rows_whose_lat_lon_column_shifted_a_row_up_are_refused_naming_each() -> None:
    refusal = only_refusal(valley_plan_of, LIVE, *SHIFTED_UP)
    assert refusal.address == "site-01" and {"site-02", "site-03", "site-04"} <= set(refusal.about_also)
    text = said(refusal)
    assert text.startswith(
        "site-01: would be moved 100 km from (-39.2, 170.0) to (-40.1, 170.0), within 2 m of site-02's live "
        "point (named 'Gowan dam 2'); site-02: would be moved 100 km from (-40.1, 170.0) to (-41.0, 170.0), "
        "within 2 m of site-03's live point (named 'Gowan dam 3'); site-03: would be moved 100 km from "
        "(-41.0, 170.0) to (-41.9, 170.0), within 2 m of site-04's live point (named 'Gowan dam 4'), as "
        "site-04 is moved on to (-42.8, 170.0): each kin row moved that far onto the very point the next one "
        "leaves is a --sites file's lat/lon columns shifted a row against its names"
    )
    assert text.count("holds 25 observations") == 4
    assert (
        "restore them as applied (site-01 'Gowan dam 1' at (-39.2, 170.0), site-02 'Gowan dam 2' at (-40.1, "
        "170.0), site-03 'Gowan dam 3' at (-41.0, 170.0), site-04 'Gowan dam 4' at (-41.9, 170.0)): no "
        "history moves" in text
    )
    assert (
        "one change per apply from the chain's end, each then onto a point no connection holds: site-04, "
        "then site-03, then site-02, then site-01" in text
    )
    assert text.endswith(
        "apply the moves with a word of its own, 'relocated', added to site-01, site-02 and site-03's names "
        "in the --sites rows, then put the names back in the next apply"
    )


@pytest.mark.parametrize("rows", [4, 3], ids=["four-rows", "three-rows"])
def test_kin_rows_whose_lat_lon_column_shifted_a_row_down_are_refused_from_the_row_left_for_nobody(
    rows: int,
) -> None:
    refusal = only_refusal(valley_plan_of, LIVE[:rows], *SHIFTED_DOWN[:rows])
    last = f"site-0{rows}"
    assert refusal.address == last and "site-01" in refusal.about_also
    assert said(refusal).startswith(f"{last}: would be moved 100 km from")
    assert "as site-01 is moved on to (-38.3, 170.0)" in said(refusal)


def test_shifted_rows_restored_or_moved_one_per_apply_from_the_chains_end_are_planned() -> None:
    assert changed(valley_plan_of(LIVE, *LIVE)) == []
    applied = LIVE
    for row in reversed(range(4)):  # site-04 first, onto a fresh point; each then onto the one just left
        step = tuple(SHIFTED_UP[i] if i == row else each for i, each in enumerate(applied))
        assert changed(valley_plan_of(applied, *step)) == [(SHIFTED_UP[row][0], Action.UPDATE.name)]
        applied = step
    assert applied == SHIFTED_UP


def test_shifted_rows_really_moved_applied_with_a_word_of_their_own_then_their_names_are_planned() -> None:
    renamed = tuple((k, f"{n} relocated" if k != "site-04" else n, lat) for k, n, lat in SHIFTED_UP)
    assert {action for _, action in changed(valley_plan_of(LIVE, *renamed))} == {Action.UPDATE.name}
    assert {action for _, action in changed(valley_plan_of(renamed, *SHIFTED_UP))} == {Action.UPDATE.name}
    assert changed(valley_plan_of(SHIFTED_UP, *SHIFTED_UP)) == []


FILLED_ONTO_REMOVED: Sites = (*LIVE[:2], ("site-03", "Gowan dam 3", LATS[3]))


def test_a_row_filled_onto_a_site_removed_in_the_same_edit_is_refused() -> None:
    refusal = only_refusal(valley_plan_of, LIVE, *FILLED_ONTO_REMOVED)
    assert refusal.address == "site-03" and "site-04" in refusal.about_also
    text = said(refusal)
    assert text.startswith(
        "site-03: would be moved 100 km from (-41.0, 170.0) to (-41.9, 170.0), within 2 m of site-04's live "
        "point (named 'Gowan dam 4'), as site-04 is removed, deleting its history: a site moved that far "
        "lands on another logger's very point only where a row of a --sites file was filled or copied over "
        "another, here over a row removed in the same edit"
    )
    assert "site-03 'Gowan dam 3' at (-41.0, 170.0)" in text
    assert "the removal of site-04 (`--allow-destroy` where it holds any), then site-03" in text
    assert text.endswith(
        "if its logger stands on that very point, apply the move with a word of its own, 'relocated', added "
        "to site-03's name in the --sites row, then put its name back in the next apply"
    )
    relocated = (*LIVE[:2], ("site-03", "Gowan dam 3 relocated", LATS[3]))
    assert changed(valley_plan_of(LIVE, *relocated)) == [("site-03", "UPDATE"), ("site-04", "REMOVE")]
    assert changed(valley_plan_of(relocated, *FILLED_ONTO_REMOVED)) == [("site-03", "UPDATE")]


def test_a_row_filled_onto_a_removed_site_restored_or_moved_after_the_removal_is_planned() -> None:
    assert changed(valley_plan_of(LIVE, *LIVE[:3])) == [("site-04", Action.REMOVE.name)]
    assert changed(valley_plan_of(LIVE[:3], *FILLED_ONTO_REMOVED)) == [("site-03", Action.UPDATE.name)]


@pytest.mark.parametrize(
    ("live", "sites"),
    [
        # Gowan dam 1 relocated onto Gowan dam 2's old point as Gowan dam 2 moves on: one taking.
        (LIVE[:2], (("site-01", "Gowan dam 1", -40.1), ("site-02", "Gowan dam 2", -44.0))),
        # Unlike names, each relocated onto the next one's point.
        (
            (
                ("site-01", "Aoraki dam", -39.2),
                ("site-02", "Benmore dam", -40.1),
                ("site-03", "Clyde dam", -41.0),
            ),
            (
                ("site-01", "Aoraki dam", -40.1),
                ("site-02", "Benmore dam", -41.0),
                ("site-03", "Clyde dam", -42.0),
            ),
        ),
        # A kin site removed and another added at its point under a key of its own.
        (LIVE[:2], (LIVE[0], ("site-05", "Gowan dam 5", LATS[1]))),
    ],
    ids=["one-taking", "unlike-names", "new-site-at-a-removed-ones-point"],
)
def test_edits_no_shifted_column_explains_are_planned(live: Sites, sites: Sites) -> None:
    assert changed(valley_plan_of(live, *sites))


def test_kin_sites_rotating_locations_in_the_steps_their_refusal_offers_are_planned() -> None:
    """The rotation's refusal: one to a spare location first, then the others one per apply."""
    live, rotated = (
        LIVE[:3],
        (
            ("site-01", "Gowan dam 1", -40.1),
            ("site-02", "Gowan dam 2", -41.0),
            ("site-03", "Gowan dam 3", -39.2),
        ),
    )
    assert "then the others one per apply, each then moving onto a point no connection holds" in said(
        only_refusal(valley_plan_of, live, *rotated)
    )
    applied = (("site-01", "Gowan dam 1", -44.0), *live[1:])
    for row in (None, 2, 1, 0):
        step = (
            applied
            if row is None
            else tuple(rotated[i] if i == row else each for i, each in enumerate(applied))
        )
        assert len(changed(valley_plan_of(live if row is None else applied, *step))) == 1
        applied = step
    assert applied == rotated
