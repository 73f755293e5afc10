"""fold_ref_id drops exactly Unicode's default-ignorable code points, and its two NFKC steps each join
look-alikes the other leaves apart: letter-like symbols (`ℌ`, `𝐋`) fold as their letters only when
NFKC runs before case is folded, and a letter case folding leaves decomposed (`Ϊ́` as `ι` and two
accents) as its composed look-alike only when NFKC runs again after."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from iotplan.manifest.addresses import _visible, fold_ref_id


def _code_points(*ranges: tuple[int, int]) -> set[int]:
    return {point for first, last in ranges for point in range(first, last + 1)}


# Unicode 14 (Python 3.11's unicodedata), PropList.txt: Other_Default_Ignorable_Code_Point,
# Variation_Selector and Prepended_Concatenation_Mark, which unicodedata does not give.
OTHER_IGNORABLE = _code_points(
    (0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x2065, 0x2065), (0x3164, 0x3164),
    (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0xE0000, 0xE0000), (0xE0002, 0xE001F), (0xE0080, 0xE00FF),
    (0xE01F0, 0xE0FFF),
)  # fmt: skip
VARIATION_SELECTORS = _code_points((0x180B, 0x180D), (0x180F, 0x180F), (0xFE00, 0xFE0F), (0xE0100, 0xE01EF))
SHOWN_FORMATS = _code_points(
    (0x0600, 0x0605), (0x06DD, 0x06DD), (0x070F, 0x070F), (0x0890, 0x0891), (0x08E2, 0x08E2),
    (0x110BD, 0x110BD), (0x110CD, 0x110CD),  # Prepended_Concatenation_Mark
    (0xFFF9, 0xFFFB),  # interlinear annotation
    (0x13430, 0x1343F),  # Egyptian hieroglyph format controls
)  # fmt: skip


def default_ignorable() -> set[int]:
    """Default_Ignorable_Code_Point as DerivedCoreProperties.txt derives it: Other_Default_Ignorable
    + format characters (Cf) + variation selectors, less the format characters shown (and White_Space,
    which no format character is)."""
    formats = {point for point in range(sys.maxunicode + 1) if unicodedata.category(chr(point)) == "Cf"}
    return (OTHER_IGNORABLE | formats | VARIATION_SELECTORS) - SHOWN_FORMATS


def test_the_characters_the_fold_drops_are_unicodes_default_ignorable_code_points() -> None:
    dropped = {point for point in range(sys.maxunicode + 1) if not _visible(chr(point))}
    assert sorted(map(hex, default_ignorable() - dropped)) == []  # a BOM, a tag, a bidi mark kept
    assert sorted(map(hex, dropped - default_ignorable())) == []


@pytest.mark.parametrize(
    "invisible",
    ["\ufeff", "\U000e0001", "\U000e0041", "\u202a", "\u202e", "\u2060", "\u2066", "\u206f"],
    ids=lambda text: f"U+{ord(text):04X}",
)
def test_a_ref_id_holding_an_invisible_character_folds_as_the_declared_one(invisible: str) -> None:
    assert fold_ref_id(f"qs:dam-a/l{invisible}g/t") == fold_ref_id("qs:dam-a/lg/t")


@pytest.mark.parametrize(
    ("look_alike", "declared"),
    [
        ("qs:dam-a/\u210c1", "qs:dam-a/h1"),  # black-letter capital H, which has no lower case
        ("qs:dam-a/\U0001d40bg/t", "qs:dam-a/lg/t"),  # mathematical bold capital L
    ],
)
def test_a_letter_like_symbol_folds_as_its_letter(look_alike: str, declared: str) -> None:
    assert fold_ref_id(look_alike) == fold_ref_id(declared)


def test_a_letter_case_folding_decomposes_folds_as_its_composed_look_alike() -> None:
    capital_iota_with_dialytika_and_acute = "legacy:\u03aa\u0301"  # no composed capital exists
    assert fold_ref_id(capital_iota_with_dialytika_and_acute) == fold_ref_id("legacy:\u0390")
