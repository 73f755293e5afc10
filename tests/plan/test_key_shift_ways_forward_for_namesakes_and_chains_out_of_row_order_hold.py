"""The ways forward a shifted chain's refusal offers, followed literally. Namesakes (four `Borehole` rows,
1.8 km or 100 km apart, the lat column shifted a row): one word, 'relocated', added to each taker's name
left them namesakes again and was refused as keys shifted, sending the user in a circle; each now gets a
number of its own. And a chain of 14 kin rows not in row order (1 → 8 → 3 → 12 → ...) was said to go on
"each the row above the last, up to site-001", which was false: the steps left out are now the ones
`iotplan plan` lists once those shown are applied, which is checked here by applying them."""

from __future__ import annotations

import re

import pytest

from iotplan.plan.model import Action
from tests.plan import (
    test_kin_rows_lat_lon_shifted_or_filled_onto_a_removed_site_are_refused_as_a_key_shift as kin,
)
from tests.plan.test_keys_filled_down_over_a_deleted_row_are_refused import only_refusal, valley_plan_of

Sites = kin.Sites
changed, said = kin.changed, kin.said


def namesakes(step: float) -> tuple[Sites, Sites]:
    """Four `Borehole` rows `step` degrees apart, live and with the lat column shifted a row up."""
    lats = [round(-39.2 - step * n, 4) for n in range(5)]
    live = tuple((f"site-0{n + 1}", "Borehole", lats[n]) for n in range(4))
    return live, tuple((key, name, lats[n + 1]) for n, (key, name, _) in enumerate(live))


@pytest.mark.parametrize("step", [0.0162, 0.9], ids=["1.8-km-apart", "100-km-apart"])
def test_namesakes_shifted_a_row_follow_the_offered_words_to_an_empty_plan(step: float) -> None:
    live, shifted = namesakes(step)
    text = said(only_refusal(valley_plan_of, live, *shifted))
    offered = dict((key, word) for word, key in re.findall(r"'(\w+ \d+)' to (site-\d+)'s", text))
    assert sorted(offered) == ["site-01", "site-02", "site-03"], text
    assert len(set(offered.values())) == 3
    renamed = tuple(
        (key, f"{name} {offered[key]}" if key in offered else name, lat) for key, name, lat in shifted
    )
    assert {action for _, action in changed(valley_plan_of(live, *renamed))} == {Action.UPDATE.name}
    assert {action for _, action in changed(valley_plan_of(renamed, *shifted))} == {Action.UPDATE.name}
    assert changed(valley_plan_of(shifted, *shifted)) == []


KIN: Sites = tuple((f"site-{n:03}", f"Gowan dam {n}", round(-30.9 - 0.9 * (n - 1), 1)) for n in range(1, 15))
# Each row takes the live point of the next in this order, the last a fresh point: not row order.
ORDER = [1, 8, 3, 12, 5, 10, 2, 14, 7, 4, 13, 6, 11, 9]
OUT_OF_ORDER: Sites = tuple(
    (key, name, KIN[ORDER[ORDER.index(n) + 1] - 1][2] if n != ORDER[-1] else -43.5)
    for n, (key, name, _) in enumerate(KIN, start=1)
)


def test_a_capped_chain_out_of_row_order_lists_the_rest_once_the_steps_shown_are_applied() -> None:
    text = said(only_refusal(valley_plan_of, KIN, *OUT_OF_ORDER))
    assert "the row above the last" not in text
    steps = text.split("each then onto a point no connection holds: ")[1].split(", then … and 4 more")[0]
    assert ", then … and 4 more, which `iotplan plan` lists once these are applied;" in text
    shown = steps.split(", then ")
    assert len(shown) == 10
    applied = KIN
    for key in shown:  # each step one apply, each planned alone
        row = int(key.removeprefix("site-")) - 1
        step = tuple(OUT_OF_ORDER[i] if i == row else each for i, each in enumerate(applied))
        assert changed(valley_plan_of(applied, *step)) == [(key, Action.UPDATE.name)]
        applied = step
    rest = said(only_refusal(valley_plan_of, applied, *OUT_OF_ORDER))
    left = rest.split("each then onto a point no connection holds: ")[1].split(";")[0].split(", then ")
    assert len(left) == 4 and not set(left) & set(shown)
    assert "and 3 more, which `iotplan plan` lists once these are added" in text
