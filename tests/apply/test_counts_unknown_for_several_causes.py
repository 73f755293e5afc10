"""Counts unknown now for several causes, every one known, are said with each cause found, in one
order, as all apply: the three causes "either ... or ..." named one that applied to none and said
"either" where two applied. Where one count's cause is not known, the three are said."""

from __future__ import annotations

from iotplan.apply.stale import UNCOUNTED, uncounted_said
from iotplan.live.model import Uncounted

NO_ANSWER, NOT_COUNTED_YET, NOT_HELD = Uncounted.NO_ANSWER, Uncounted.NOT_COUNTED_YET, Uncounted.NOT_HELD


def test_two_causes_are_said_both_in_one_order() -> None:
    said = uncounted_said([NOT_COUNTED_YET, NO_ANSWER, NOT_COUNTED_YET])
    assert said == uncounted_said([NO_ANSWER, NOT_COUNTED_YET])
    assert said.startswith(
        "unknown, treated as holding data, for both causes the reads found: JSON-RPC did not answer for "
        "some of them: run it again once it answers; and the platform has not counted an upload yet"
    )
    assert "Either" not in said and "REST's" not in said


def test_json_rpcs_silence_beside_counts_not_held_says_nothing_changed() -> None:
    said = uncounted_said([NOT_HELD, NO_ANSWER])
    assert "JSON-RPC did not answer for some of them, and nothing says the platform changed" in said
    assert said.index("JSON-RPC did not answer") < said.index("held against REST's")


def test_all_three_found_are_said_all_three() -> None:
    said = uncounted_said([NOT_HELD, NOT_COUNTED_YET, NO_ANSWER], grew=True)
    assert said.startswith("unknown, treated as holding data, for all three causes the reads found: ")
    assert "Either" not in said


def test_a_count_whose_cause_is_not_known_says_the_three() -> None:
    assert uncounted_said([NO_ANSWER, None]) == UNCOUNTED
