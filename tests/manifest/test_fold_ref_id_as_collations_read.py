"""refIds fold as platforms' collations may compare them (docs/api-assumptions.md, A1++): case, Unicode
compatibility forms (full-width, ligatures), invisible characters and trailing blanks aside; and two
that fold alike are told apart by code point wherever they do not differ in case alone."""

from __future__ import annotations

import pytest

from iotplan.manifest.addresses import FoldedAlike, _fold_unicode, fold_ref_id

DECLARED = "qs:dam-a/lg/t"


@pytest.mark.parametrize(
    "look_alike",
    [
        "qs:dam-a/lg/t ",  # SQL Server's default collation ignores trailing blanks
        "qs:dam-a/lg/t\t",
        "qs:dam-a/lg/t\u200b",  # zero-width space
        "qs:dam-a/lg/t\xad",  # soft hyphen
        "qs:dam-a/lg/\uff54",  # full-width t
        "QS:DAM-A/LG/T",
        "qs:dam-a/l\u200dg/t\ufe0f",  # joiner, variation selector
    ],
)
def test_a_look_alike_folds_as_the_declared_ref_id(look_alike: str) -> None:
    assert fold_ref_id(look_alike) == fold_ref_id(DECLARED)


@pytest.mark.parametrize(
    "text", ["qs:dam-a/lg/t", "QS:Dam A/x \t", "a\x1fb ", "", "x" * 128, "12/34", "q1:c1 ", "Q1"]
)
def test_the_ascii_fast_path_folds_as_the_full_fold(text: str) -> None:
    assert fold_ref_id(text) == _fold_unicode(text)


def test_a_ref_id_already_folded_is_itself_not_a_copy() -> None:
    """A read holds every live refId folded at its peak: one already folded costs no second string."""
    ref_id = "".join(["fleet:c1/", "d1/s1"])  # made at run time, as a read's are
    assert fold_ref_id(ref_id) is ref_id


def test_ref_ids_that_differ_in_more_than_look_stay_apart() -> None:
    assert fold_ref_id("qs:dam-a/lg/t1") != fold_ref_id("qs:dam-a/lg/t")
    assert fold_ref_id("qs:dam-a/lg/ t") != fold_ref_id("qs:dam-a/lg/t")  # a leading blank is no collation's


@pytest.mark.parametrize(
    ("ref_id", "how", "shown"),
    [
        ("legacy:\u212aelvin", "Unicode encoding", '"legacy:\\u212aelvin"'),  # the Kelvin sign
        ("legacy:\ufb00", "Unicode compatibility form", '"legacy:\\ufb00"'),  # the ff ligature
        ("legacy:\uff2belvin", "Unicode compatibility form", '"legacy:\\uff2belvin"'),
        ("legacy:Kelvin\u200b", "invisible characters", '"legacy:Kelvin\\u200b"'),
    ],
)
def test_a_look_alike_is_shown_by_code_point_and_not_called_case(ref_id: str, how: str, shown: str) -> None:
    other = "legacy:ff" if "\ufb00" in ref_id else "legacy:Kelvin"
    alike = FoldedAlike(ref_id, other)
    assert alike.how.startswith(how) and "case" not in alike.how
    assert alike.shown(ref_id) == shown
    assert alike.shown(ref_id) != alike.shown(other)


def test_a_difference_in_case_alone_is_called_case_and_shown_as_written() -> None:
    alike = FoldedAlike("legacy:STRASSE", "legacy:Stra\u00dfe")
    assert (alike.how, alike.shown("legacy:Stra\u00dfe")) == ("case", "'legacy:Straße'")
