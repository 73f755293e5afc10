"""Counted nouns and lists: every message and view says "1 sensor", "2 sensors" and "111,100 sensors",
"a, b and c", and "a, b, c and 7 more"."""

from __future__ import annotations

from iotplan.wording import clause, counted, first, first_lines, joined


def test_a_count_takes_its_nouns_plural_and_groups_its_thousands() -> None:
    assert counted(1, "sensor") == "1 sensor"
    assert counted(0, "entity") == "0 entities"
    assert counted(1, "site is") == "1 site is"
    assert counted(111_100, "site is") == "111,100 sites are"


def test_a_whole_list_puts_and_before_its_last_item() -> None:
    assert joined(["a"]) == "a"
    assert joined(["a", "b"]) == "a and b"
    assert joined(("a", "b", "c")) == "a, b and c"


def test_a_long_list_names_the_first_and_counts_the_rest_ungrouped() -> None:
    assert first(["a", "b"], 2) == "a, b"
    assert first(["a", "b", "c"], 2) == "a, b and 1 more"
    assert first([f"s{n}" for n in range(1_202)], 2, "; ") == "s0; s1 and 1200 more"
    assert first([], 5) == ""


def test_a_long_list_of_lines_indents_them_and_counts_the_rest_on_a_line_of_its_own() -> None:
    assert first_lines(["a", "b"], 2) == "  a\n  b"
    assert first_lines(["a", "b", "c", "d"], 2) == "  a\n  b\n  and 2 more"
    assert first_lines([], 20) == ""


def test_a_clause_drops_its_closing_full_stop_for_more_words_to_follow_but_keeps_an_ellipsis() -> None:
    assert (
        clause("Asleep: The THREAD is asleep.") + " when planned"
        == "Asleep: The THREAD is asleep when planned"
    )
    assert clause("answered 404: aaaa...") == "answered 404: aaaa..."
    assert clause("no full stop") == "no full stop"
