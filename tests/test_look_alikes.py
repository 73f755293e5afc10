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
    apart = "qs:a/\u2010" + "x" * 58 + "\u2010"
    assert look_alike(apart, "qs:a/-" + "x" * 58 + "-") is not None
    assert look_alike(apart, "qs:a/-" + "x" * 58) is None  # of another length: missed


def test_a_long_run_of_stand_ins_is_no_look_alike() -> None:
    assert look_alike("qs:a/" + "\u2192" * 60, "qs:a/" + "-" * 60) is None


P = "quickstart:dam-a/logger-1/"


@pytest.mark.parametrize(
    ("text", "other"),
    [
        # another tool's connection in another script: no character meets its own
        (
            "\u9ed2\u90e8\u30c0\u30e0\u30fb\u5824\u4f53\u30fb\u30c7\u30fc\u30bf\u30ed\u30ac\u30fc\u30fb\u30d5\u30a3\u30fc\u30c9",
            "quickstart:dam-a",
        ),
        ("\U0001f30a" * 40, "quickstart:dam-a"),
        ("\U0001f30a" * 40, "w"),
        (
            P + "\u0442\u0435\u043c\u043f\u0435\u0440\u0430\u0442\u0443\u0440\u0430",
            P + "temp-2",
        ),  # a word, not a stand-in
        (P + "\u2010a\u2010b\u2010c\u2010d", P + "-a-b-c-d"),  # four places apart: another text
        # a wide character (CJK, kana, emoji) reads as no one ASCII character
        (P + "\u6e29-1", P + "t-1"),
        (P + "\U0001f30a-1", P + "w-1"),
    ],
)
def test_a_text_mostly_other_is_no_look_alike(text: str, other: str) -> None:
    assert look_alike(text, other, ignore_case=True) is None
    assert look_alike(other, text, ignore_case=True) is None


@pytest.mark.parametrize(
    ("text", "other"),
    [
        (P + "\u2010a\u2010b\u2010c", P + "-a-b-c"),  # three places
        ("t\u20101", "t-1"),  # a short text: one in three
        # every `-` typed as U+2010, four places: one character swapped throughout is one difference
        ("quickstart:dam\u2010a/logger\u20101/pz\u20101\u2010temp", "quickstart:dam-a/logger-1/pz-1-temp"),
        (P + "\u0441\u0430f\u0435", P + "cafe"),  # Cyrillic for three of a word's four letters
        ("\u9ed2\u90e8\u30c0\u30e0", "\u9ed2\u90e8\u30c0\u53b6"),  # a CJK character for a katakana
    ],
)
def test_a_text_mostly_the_same_is_a_look_alike_both_ways(text: str, other: str) -> None:
    assert look_alike(text, other) is not None
    assert look_alike(other, text) is not None


@pytest.mark.parametrize(
    ("text", "other"),
    [
        (P + "temp-2\u00b0", P + "temp-2"),  # a degree sign
        (P + "pz-1 \u2713", P + "pz-1"),  # a check mark
        (P + "pz-1\u2713", P + "pz-1"),
        (P + "t-1\u20ac", P + "t-1"),  # a euro sign
        (P + "t-1 \u2013 old", P + "t-1old"),  # an en dash with blanks
        (P + "temp-1\u00b0", P + "temp-10"),  # nor for a letter or digit: `°` for `0`
        (P + "t-1\u20ac", P + "t-1e"),
    ],
)
def test_a_visible_symbol_does_not_stand_for_nothing(text: str, other: str) -> None:
    assert look_alike(text, other, ignore_case=True) is None
    assert look_alike(other, text, ignore_case=True) is None


@pytest.mark.parametrize("blank", ["\u2800", "\u303f", "\u0301"])  # what folding keeps (a blank it drops)
def test_what_draws_as_nothing_stands_for_nothing(blank: str) -> None:
    assert look_alike(P + "pz-1" + blank, P + "pz-1", ignore_case=True) is not None
    assert look_alike("\u00a0" + P + "pz-1", P + "pz-1", ignore_case=True) is not None


@pytest.mark.parametrize(
    ("text", "other"),
    [
        (P + "\u0432\u043e\u0434\u0430", P + "pz-1"),  # Russian `вода`: a letter for `-`, one for `1`
        (P + "\u03bd\u03b5\u03c1\u03cc", P + "pz-1"),  # Greek `νερό`
        (P + "\u092a\u093e\u0928\u0940", P + "pz-1"),  # Devanagari `पानी`, its vowel signs marks
        (P + "\u05de\u05d9\u05dd1", P + "pz-1"),  # Hebrew `מים1`
    ],
)
def test_a_letter_never_stands_for_a_digit_or_a_dash(text: str, other: str) -> None:
    assert look_alike(text, other, ignore_case=True) is None
    assert look_alike(other, text, ignore_case=True) is None


AROUND = len("/fn/6C7D8E/node/vwlogger/032433/device//sensor")  # a THREAD id around a sensor's key


@pytest.mark.parametrize(
    ("key", "declared"),
    [
        ("\u0432\u043e\u0434\u0430", "pz-1"),  # a word in another script: no letter for `-` or `1`
        ("\u043d\u0438\u0432\u0435\u043b\u0438\u0440", "piezo-7"),
        ("\u0443\u0433\u043e\u043b-1-\u0431", "tilt-1-a"),  # a run of four letters: another word
        ("\u0422\u0418\u041b\u04221", "tilt1"),
        ("\u0451\u0436", "pz"),  # none of the key its own
    ],
)
def test_a_key_in_another_script_is_no_look_alike_however_long_the_id_around_it(
    key: str, declared: str
) -> None:
    assert look_alike(key, declared, ignore_case=True, same_around=AROUND) is None
    assert look_alike(declared, key, ignore_case=True, same_around=AROUND) is None


@pytest.mark.parametrize(
    ("key", "declared"),
    [
        ("\u0440z\u20102", "pz-2"),  # Cyrillic `р`, U+2010: two of four, each alone
        ("\u0410\u041212\u04213", "ab12c3"),  # Cyrillic capitals for letters, the digits their own
        ("\u0425\u20101", "X-1"),
        ("p", "\u0440"),  # a one-letter key: weighed on its own as before
    ],
)
def test_letters_standing_for_letters_in_a_short_key_are_a_look_alike_over_the_id(
    key: str, declared: str
) -> None:
    assert look_alike(key, declared, ignore_case=True, same_around=AROUND) is not None


def test_a_swap_made_throughout_is_judged_as_typed_not_as_folded() -> None:
    """A full-width hyphen-minus (an IME types it) folds to `-`: the text as typed holds none."""
    typed = "quickstart:dam\u2010a/logger\u20101/pz\u20101\u2010temp\uff0dx"
    assert look_alike(typed, "quickstart:dam-a/logger-1/pz-1-temp-x") is not None


SOME_DASHES = "quickstart:dam\u2010a/logger\u20101/pz\u20101\u2010temp-x"  # four U+2010, one `-` kept


@pytest.mark.parametrize(
    "text",
    [
        SOME_DASHES,
        P + "\u2010a\u2010b\u2010c\u2010d",
        "quickstart:dam\u2013a/logger\u20111/pz\u22121\u2010temp-x",  # an en dash, a minus sign
    ],
)
def test_dashes_for_dashes_in_any_number_of_places_are_a_look_alike_where_a_loss_is_at_stake(
    text: str,
) -> None:
    """A dash for a dash never makes another word: where one missed is created beside or pruned, no
    place limit lets it pass."""
    other = text.replace("\u2010", "-").replace("\u2013", "-").replace("\u2011", "-").replace("\u2212", "-")
    assert look_alike(text, other, ignore_case=True, dashes_anywhere=True) is not None
    assert look_alike(other, text, ignore_case=True, dashes_anywhere=True) is not None


def test_a_letter_among_the_dashes_keeps_the_place_limit() -> None:
    text = "quickstart:d\u0430m\u2010a/logger\u20101/pz\u20101\u2010temp-x"  # a Cyrillic `а` too
    assert look_alike(text, "quickstart:dam-a/logger-1/pz-1-temp-x", dashes_anywhere=True) is None


@pytest.mark.parametrize(
    ("text", "other", "named"),
    [
        (P + "pz-1\u041e", P + "pz-10", "U+041E CYRILLIC CAPITAL LETTER O for '0' at character 31"),
        (
            "qs:a/SN-2\u041e24-\u041e1",
            "qs:a/SN-2024-01",
            "U+041E CYRILLIC CAPITAL LETTER O for '0' at character 10 and U+041E CYRILLIC CAPITAL LETTER O "
            "for '0' at character 14",
        ),
        ("qs:a/AB1\u04172C3", "qs:a/AB132C3", "U+0417 CYRILLIC CAPITAL LETTER ZE for '3' at character 9"),
        ("qs:a/pz-\u0417", "qs:a/pz-3", "U+0417 CYRILLIC CAPITAL LETTER ZE for '3' at character 9"),
        (
            "qs:a/logger-\u04cf",
            "qs:a/logger-1",
            "U+04CF CYRILLIC SMALL LETTER PALOCHKA for '1' at character 13",
        ),
        ("qs:a/pz-1\u039f", "qs:a/pz-10", "U+039F GREEK CAPITAL LETTER OMICRON for '0' at character 10"),
        ("qs:a/pz-1\u0555", "qs:a/pz-10", "U+0555 ARMENIAN CAPITAL LETTER OH for '0' at character 10"),
        ("qs:a/pz-\u0431", "qs:a/pz-6", "U+0431 CYRILLIC SMALL LETTER BE for '6' at character 9"),
        (
            "qs:a/pz-1\u0406",
            "qs:a/pz-11",
            "U+0406 CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I for '1' at character 10",
        ),
    ],
)
def test_a_letter_drawn_as_the_digit_it_stands_for_is_a_look_alike(text: str, other: str, named: str) -> None:
    """Unicode's confusables.txt draws these letters as the digit (О as 0, З as 3, ӏ as 1): one alone
    among a key's own characters reads as that key, so its sensor is neither duplicated nor pruned."""
    alike = look_alike(text, other, ignore_case=True)
    assert alike is not None and alike.note("it") == f"differs from it only by {named}"
    assert look_alike(other, text, ignore_case=True) is not None


@pytest.mark.parametrize(
    ("key", "declared"),
    [("pz-1\u041e", "pz-10"), ("pz-\u0417", "pz-3"), ("SN-2\u041e24-\u041e1", "SN-2024-01")],
)
def test_a_letter_drawn_as_a_digit_in_a_thread_key_is_a_look_alike_over_the_id(
    key: str, declared: str
) -> None:
    assert look_alike(key, declared, ignore_case=True, same_around=AROUND) is not None
    assert look_alike(declared, key, ignore_case=True, same_around=AROUND) is not None


@pytest.mark.parametrize(
    ("text", "other"),
    [
        (P + "\u0437\u043e\u0431", P + "306"),  # Russian `зоб`, a word: three letters side by side
        (P + "pz-1\u043e\u043e\u043e", P + "pz-1000"),  # a small `о` is drawn as `o`, alone taken for `0`
        (P + "pz-\u0417\u043e\u043e", P + "pz-300"),
        (P + "pz-1\u0430", P + "pz-10"),  # a Cyrillic `а` draws as no digit
        (P + "pz-1\u0434", P + "pz-13"),
    ],
)
def test_a_letter_stands_for_a_digit_only_alone_and_only_where_drawn_as_it(text: str, other: str) -> None:
    assert look_alike(text, other, ignore_case=True) is None
    assert look_alike(other, text, ignore_case=True) is None


O3 = "\u041e\u041e\u041e"  # three U+041E CYRILLIC CAPITAL LETTER O, each drawn as `0`


@pytest.mark.parametrize(
    ("text", "other", "run"),
    [
        ("SN-1" + O3, "SN-1000", [(5, "O", "0"), (6, "O", "0"), (7, "O", "0")]),
        (P + "pz-\u0417\u041e\u041e", P + "pz-300", [(30, "ZE", "3"), (31, "O", "0"), (32, "O", "0")]),
        ("qs:a/pz-1" + O3 + "\u041e\u041e", "qs:a/pz-100000", [(at, "O", "0") for at in range(10, 15)]),
        ("qs:a/pz\u2010\u0417" + O3[:2], "qs:a/pz-300", [(9, "ZE", "3"), (10, "O", "0"), (11, "O", "0")]),
    ],
)
def test_a_run_of_letters_each_drawn_as_its_digit_is_a_look_alike_however_long(
    text: str, other: str, run: list[tuple[int, str, str]]
) -> None:
    """The same letter repeated, or a run each of whose letters confusables.txt draws as the digit it
    stands for (`З` as `3`, `О` as `0`), spells no word: `pz-1ООО` reads as `pz-1000`, so it is neither
    duplicated nor pruned. `зоб` for `306` still is a word: the table draws `з` and `о` as no digit."""
    alike = look_alike(text, other, ignore_case=True)
    assert alike is not None, text
    named = [f"CYRILLIC CAPITAL LETTER {name} for '{digit}' at character {at}" for at, name, digit in run]
    assert all(each in alike.differing for each in named), alike.differing
    assert look_alike(other, text, ignore_case=True) is not None


def test_a_run_of_letters_drawn_as_digits_in_a_thread_key_is_a_look_alike() -> None:
    assert look_alike("pz-1" + O3, "pz-1000", ignore_case=True, same_around=AROUND) is not None
    assert look_alike("pz-1000", "pz-1" + O3, ignore_case=True, same_around=AROUND) is not None


@pytest.mark.parametrize(
    "run",
    [
        "\u041e\u041e\u043e",  # `ООо`: two U+041E and a small U+043E
        "\u043e\u041e\u041e",  # `оОО`
        "\u041e\u043e\u043e",  # `Ооо`: one capital is enough
        "\u039f\u043e\u041e",  # `ΟоО`: a Greek capital Omicron drawn as `0` too
        "\u041e\u043e\u043e\u043e\u043e\u043e",  # however long
    ],
)
def test_a_run_of_a_capital_drawn_as_its_digit_and_its_small_forms_is_a_look_alike(run: str) -> None:
    """`pz-1ООо` beside pz-1000 was none while `pz-1ООО` was: such a live sensor was pruned by
    --prune-unmanaged. A small `о` in a run holding a letter drawn as its digit (the same letter in
    the other case, or another drawn as `0`) spells no word either: the run reads as the digits."""
    declared = P + "pz-1" + "0" * len(run)
    assert look_alike(P + "pz-1" + run, declared, ignore_case=True) is not None
    assert look_alike(declared, P + "pz-1" + run, ignore_case=True) is not None
    assert look_alike("pz-1" + run, "pz-1" + "0" * len(run), ignore_case=True) is not None


@pytest.mark.parametrize(
    ("text", "other"),
    [
        (P + "pz-1\u043e\u043e\u043e", P + "pz-1000"),  # all small: no letter drawn as `0` among them
        (P + "pz-1\u03bf\u043e\u0585", P + "pz-1000"),  # small Greek, Cyrillic and Armenian `o`
        (P + "pz-\u0437\u043e\u043e", P + "pz-300"),
        (P + "pz-\u0417\u043e\u043e", P + "pz-300"),  # `Зоо`: no letter there is drawn as `0`
    ],
)
def test_a_run_of_small_forms_without_a_letter_drawn_as_their_digit_stays_a_word(
    text: str, other: str
) -> None:
    assert look_alike(text, other, ignore_case=True) is None
    assert look_alike(other, text, ignore_case=True) is None
