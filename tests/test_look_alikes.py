"""The look-alike rule (iotplan/look_alikes.py): two texts of one length, once folded, that differ
only where a non-ASCII character stands; what NFKC already joins, and what differs in ASCII, is none."""

from __future__ import annotations

import pytest

from iotplan.look_alikes import look_alike, quoted_apart


@pytest.mark.parametrize(
    ("text", "other", "named"),
    [
        ("qs:a/pz\u20101", "qs:a/pz-1", "U+2010 HYPHEN for '-' at character 8"),
        ("qui\u0441k", "quick", "U+0441 CYRILLIC SMALL LETTER ES for 'c' at character 4"),
        ("Wind \u22121", "Wind -1", "U+2212 MINUS SIGN for '-' at character 6"),
    ],
)
def test_a_non_ascii_stand_in_is_named(text: str, other: str, named: str) -> None:
    alike = look_alike(text, other)
    assert alike is not None and alike.note("it") == f"differs from it only by {named}"


@pytest.mark.parametrize(
    ("text", "other"),
    [
        ("qs:a/pz-1", "qs:a/pz-2"),  # ASCII on both sides: another text
        ("qs:a/pz\uff0d1", "qs:a/pz-1"),  # NFKC joins a full-width hyphen: a duplicate, told elsewhere
        ("qs:a/pz\u20101x", "qs:a/pz-1"),  # another length
        ("qs:a/p\u0437\u20101", "qs:a/pz-2"),  # an ASCII difference beside the look-alike one
    ],
)
def test_no_look_alike(text: str, other: str) -> None:
    assert look_alike(text, other) is None


def test_case_counts_only_where_asked() -> None:
    assert look_alike("QS:a/pz\u20101", "qs:a/pz-1") is None
    assert look_alike("QS:a/pz\u20101", "qs:a/pz-1", ignore_case=True) is not None


def test_a_refid_shaped_as_a_stacks_is_quoted_escaped_and_another_is_not() -> None:
    assert quoted_apart("qs:a/pz\u20101") == '"qs:a/pz\\u20101"'
    assert quoted_apart("Station Caf\u00e9") == "'Station Caf\u00e9'"
    assert quoted_apart("qs:a/pz-1") == "'qs:a/pz-1'"


@pytest.mark.parametrize(
    ("text", "other", "named"),
    [
        ("qs:a/pz-1\u2800", "qs:a/pz-1", "U+2800 BRAILLE PATTERN BLANK added at character 10"),
        ("qs:a/pz-1\u303f", "qs:a/pz-1", "U+303F IDEOGRAPHIC HALF FILL SPACE added at character 10"),
        ("\u00a0qs:a/pz-1", "qs:a/pz-1", "a blank added at character 1"),
        ("qs:a/pz-1", "qs:a/pz-1\u0301", "U+0301 COMBINING ACUTE ACCENT left out at character 10"),
        ("qs:a/\ua733-1", "qs:a/aa-1", "U+A733 LATIN SMALL LETTER AA for 'aa' at character 6"),
        ("qs:a/pz-\u02a6", "qs:a/pz-ts", "U+02A6 LATIN SMALL LETTER TS DIGRAPH for 'ts' at character 9"),
        (
            "qs:a/pz\u20101\u2800",
            "qs:a/pz-1",
            "U+2010 HYPHEN for '-' at character 8 and U+2800 BRAILLE PATTERN BLANK added at character 10",
        ),
    ],
)
def test_a_look_alike_of_another_length_is_named(text: str, other: str, named: str) -> None:
    alike = look_alike(text, other)
    assert alike is not None and alike.note("it") == f"differs from it only by {named}"


def test_a_capital_that_case_folds_to_two_characters_is_a_look_alike_where_case_is_aside() -> None:
    alike = look_alike("qs:a/\u0130nlet", "qs:a/inlet", ignore_case=True)
    assert alike is not None
    assert alike.differing == "U+0130 LATIN CAPITAL LETTER I WITH DOT ABOVE for 'i' at character 6"


@pytest.mark.parametrize(
    ("text", "other"),
    [
        ("qs:a/pz-1\u2800x", "qs:a/pz-1"),  # an ASCII character added beside the blank
        ("qs:a/pz-1\u2800", "qs:a/pz-2"),  # an ASCII difference beside the blank
        ("qs:a/\u6e29\u5ea6-1", "qs:a/t-1"),  # a letter added reads as one, not as nothing
        ("qs:a/\ua733-1", "qs:a/ab-1"),  # a digraph reads as its own two letters only
    ],
)
def test_no_look_alike_of_another_length(text: str, other: str) -> None:
    assert look_alike(text, other) is None


def test_a_long_difference_is_weighed_position_for_position() -> None:
    arrows = "qs:a/" + "\u2192" * 60
    assert look_alike(arrows, "qs:a/" + "-" * 60) is not None
    assert look_alike(arrows, "qs:a/" + "-" * 59) is None
