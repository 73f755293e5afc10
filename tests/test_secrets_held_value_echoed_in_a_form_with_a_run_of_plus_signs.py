"""A form spells a blank `+`, and a run of blanks a run of them (`Kq7vPlume++wharfRiver`), or mixes
them with other spellings of a blank (`%20+`, `&nbsp;+`). A held value holding a blank, echoed in a
form with two or more `+` where it has its blank, showed its words after them
(`pw=(sensitive)+wharfRiver`). Any run of `+` now matches any run of blanks, as the others do."""

from __future__ import annotations

import pytest

from iotplan.secrets import forget_all, holds_known, mask_known, remember

HELD = ["Kq7vPlume wharfRiver", "Zx9r\tTb4n  Pq3wMoor"]
# A run of blanks as a form may spell it.
RUNS = ["++", "+++", "+ +", "+%20", "%20+", "&nbsp;+", "+&nbsp;", "+\t", "%09+%20", "+\\u0020"]


@pytest.fixture(autouse=True)
def _forget() -> None:
    forget_all()


def test_a_held_value_echoed_with_a_run_of_plus_signs_for_its_blanks_shows_none_of_its_words() -> None:
    for held in HELD:
        forget_all()
        remember(held)
        words = held.split()
        for run in RUNS:
            text = f"POST /login?pw={run.join(words)}&x=1"

            shown = mask_known(text)

            seen = [word for word in words if word in shown]
            assert not seen, f"{held!r} as {text!r}: {seen} in {shown!r}"
            assert holds_known(text), text
