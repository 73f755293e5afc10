"""Two texts that read alike on screen but differ in characters NFKC does not join: a hyphen U+2010
for `-`, a Cyrillic `с` for a Latin `c`, a minus sign U+2212. No table of confusable letters is
needed, only a small one of letters drawn as a digit (`О` for `0`: `_DRAWN_AS_A_DIGIT`): a manifest's
keys and stacks are ASCII (manifest/models.py KEY_PATTERN), so a text that differs from one only
where non-ASCII characters stand (one for a character, a digraph for its two letters, or a blank or
mark that draws as nothing added: a trailing U+2800 BRAILLE PATTERN BLANK), in a few places, the rest
the same, is one a reader takes for the other (`look_alike`). A message names such characters
(`note`) or shows them escaped (`escaped`), and --prune-unmanaged never removes what only looks like
the stack's own (plan/pruning.py).
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import unicodedata
from dataclasses import dataclass

from iotplan.manifest.addresses import seen_as_compared, shaped_as_a_stacks
from iotplan.wording import LIVE_TEXT_SHOWN, live_quoted

__all__ = ["Differing", "LookAlike", "escaped", "look_alike", "passes_for_a_stacks", "quoted_apart"]


@dataclass(frozen=True)
class Differing:
    """One non-ASCII character `odd` that two look-alikes differ by: standing for `plain` on the
    other side (`-` for U+2010, `aa` for `ꜳ`), or for nothing (`plain` ""), a blank or a mark that
    draws as nothing. `at` is its place (1-based) in the folded text holding it, `added` whether
    that is the text the look-alike is (else the one it looks like)."""

    odd: str
    plain: str
    at: int
    added: bool

    def __str__(self) -> str:
        named = f"U+{ord(self.odd):04X} {unicodedata.name(self.odd, 'unnamed character')}"
        if self.odd.isascii():  # a blank NFKC made a space of (a no-break space): its own name misleads
            named = "a blank"
        if self.plain:
            return f"{named} for {self.plain!r} at character {self.at}"
        return f"{named} {'added' if self.added else 'left out'} at character {self.at}"


@dataclass(frozen=True)
class LookAlike:
    """`text`, which reads as `other` but differs by `differences`."""

    text: str
    other: str
    differences: tuple[Differing, ...]

    def note(self, other_named: str) -> str:
        """`differs from 'pz-1' only by U+2010 HYPHEN for '-' at character 3`: `other_named` is how
        the message names `other` (quoted, masked, with what carries it)."""
        return f"differs from {other_named} only by {self.differing}"

    @property
    def differing(self) -> str:
        """`U+2010 HYPHEN for '-' at character 3`, each character they differ by, named."""
        return " and ".join(str(each) for each in self.differences)


def look_alike(
    text: str | None,
    other: str | None,
    *,
    ignore_case: bool = False,
    same_around: int = 0,
    dashes_anywhere: bool = False,
) -> LookAlike | None:
    """The look-alike `text` is of `other`, or None: they differ, as folded (NFKC, invisible
    characters dropped, and case where `ignore_case`, as refIds are compared), yet line up so that
    every ASCII character of one meets the same of the other, and what is left are non-ASCII
    characters: each standing for one character of the other (U+2010 for `-`; no wide CJK or emoji
    character for an ASCII one, no symbol for an ASCII letter or digit, a letter for a digit only
    where drawn as it and alone: `pz-1О`, a Cyrillic `О`, for `pz-10`), for the two letters its
    name spells (`ꜳ` for `aa`), or, where it draws as nothing, for nothing (a trailing U+2800
    BRAILLE PATTERN BLANK, a leading no-break space, a combining accent; not `°`, `✓`, `€`). And
    they are mostly the same text (`_mostly_the_same`): a name in another script is no look-alike
    of every ASCII refId of about its length. A manifest's keys are ASCII, so such a text is one a
    reader takes for the other. Wide on purpose within that: a look-alike is refused beside or
    kept, one missed is duplicated or destroyed. `same_around`: how many characters the text both
    stand in is the same around them (the rest of a THREAD id around a sensor's key), weighed in its
    share as a REST refId's are where the stand-ins stand alone (`_Alignment._read_as_one`).
    `dashes_anywhere`: a text differing only by dashes for `-` is one in any number of places (a
    dash for a dash never makes another word), as a creation beside it or a prune of it asks."""
    if not text or not other or (text.isascii() and other.isascii()):
        return None
    one, two = seen_as_compared(text), seen_as_compared(other)
    if one == two or (ignore_case and one.casefold() == two.casefold()):
        return None
    alignment = _Alignment(one, two, ignore_case, same_around, typed=(text, other))
    differences = alignment.differences(dashes_anywhere)
    return None if differences is None else LookAlike(text, other, differences)


# A look-alike is mostly the same text: it differs in at most this many places (a run of characters
# side by side is one place: `ꜳ`, a hyphen and a blank after it; a character typed the same other
# way throughout, every `-` a U+2010 as a keyboard's setting types it, one place however often), ...
_PLACES_AT_MOST = 3
# ... and at most this share of the longer text's characters do not meet their own on the other
# side (rounded up: one of `t‐1`'s three may). Another tool's Japanese name beside an ASCII refId
# meets none of its own; a U+2010 in a stack's refId leaves all but one.
_OTHER_AT_MOST = 1 / 4


# Where a text stands in a longer one it is the same around (a key in a THREAD id), a run of at most
# this many stand-ins, beside characters of the text its own, is weighed in the longer one's share
# (`рz‐2` for `pz-2`, `АВ12С3` for `ab12c3`); a longer run is a word of its own, weighed in the text's.
_ALONE_AT_MOST = 2


def _mostly_the_same(longer: int, same: int, places: int) -> bool:
    """Whether two texts, the longer `longer` characters, of which `same` meet their own on the
    other side, and differing in `places` runs of characters, read as one text."""
    return places <= _PLACES_AT_MOST and longer - same <= math.ceil(longer * _OTHER_AT_MOST)


def escaped(text: str) -> str:
    """`text` quoted with every non-ASCII character escaped as YAML reads it back (`\\u2010`, and
    `\\U0001f600` past U+FFFF, where JSON would write a surrogate pair, which YAML reads as two
    characters): what shows a look-alike apart from the text it looks like, as a duplicate's line
    shows one, and what an adopt hint's `ref_id:` may hold (plan/copies.py `escaped_for_yaml`)."""
    return _SURROGATE_PAIR.sub(lambda pair: f"\\U{_code_point(pair):08x}", json.dumps(text))


def _code_point(pair: re.Match[str]) -> int:
    high, low = int(pair.group(1), 16), int(pair.group(2), 16)
    return 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)


_SURROGATE_PAIR = re.compile(r"\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})")


def quoted_apart(ref_id: str) -> str:
    """A live refId quoted (`live_quoted`), escaped (`escaped`) where it passes for one a stack's
    manifest gives but holds non-ASCII characters, which no manifest's key holds: it then reads as a
    stack's refId it is not (`quickstart:dam-a/pz‐1`, U+2010 for `-`). Others show as they are, so
    a name in another script stays readable."""
    if not passes_for_a_stacks(ref_id):
        return live_quoted(ref_id)
    shown = escaped(ref_id)
    return shown if len(shown) <= LIVE_TEXT_SHOWN else f'{shown[: LIVE_TEXT_SHOWN - 4]}..."'


def passes_for_a_stacks(ref_id: str) -> bool:
    """Whether `ref_id` holds non-ASCII characters yet, each read as an ASCII letter, has the shape
    of a refId a stack's manifest gives (`quickstart:dam‐a/pz-1`): no manifest's key holds them, so
    it only looks like one."""
    return not ref_id.isascii() and shaped_as_a_stacks(_ascii_stand_ins(seen_as_compared(ref_id)))


def _ascii_stand_ins(text: str) -> str:
    """`text` with each non-ASCII character standing as an ASCII letter, as a reader takes it."""
    return "".join(char if char.isascii() else "x" for char in text)


_DIGRAPH = re.compile(r"LATIN (?:SMALL|CAPITAL) (?:LETTER|LIGATURE) ([A-Z]{2})\b")


# Middles longer than this (after the ASCII ends two texts share) are weighed position for position:
# a look-alike differs by a few characters, and the alignment costs the product of their lengths.
_ALIGNED_AT_MOST = 48
_Move = tuple[tuple[int, int], Differing | None]  # how far each text moves on, and what it differs by


@dataclass(frozen=True)
class _Path:
    """An alignment so far: the characters it differs by, in how many places (runs), how many
    characters met their own, whether it ended on a difference (the next one then adds no run), and
    whether that run is counted (one repeating a swap made throughout is not: `_Alignment._again`), and
    the digits the run's small forms (`о`) and the table's own letters (`О`) stand for, judged as
    the run ends (`ended`): a run longer than `_ALONE_AT_MOST` holding a small form for a digit no
    letter of the run is drawn as is a word (`зоб` for `306`, `Зоо` for `300`), one where each has
    such a letter beside it the digits drawn alike (`ООо` for `000`), its small forms then counted
    as the text's own (`loose_own`) as the table's letters are."""

    differences: tuple[Differing, ...] = ()
    places: int = 0
    same: int = 0
    differing: bool = False
    counted: bool = False
    run: int = 0
    longest_run: int = 0
    run_loosely: str = ""  # the digit each small form of the run stands for
    run_drawn: str = ""  # the digits the run's letters drawn as a digit stand for
    loose_own: int = 0
    digits_in_a_word: bool = False

    @property
    def cost(self) -> tuple[int, int]:
        return len(self.differences), self.places

    def then(self, differing: Differing | None, again: bool = False) -> _Path:
        """The path one step on: meeting its own (`differing` None) or differing, `again` where that
        repeats a swap made throughout, which adds no place."""
        if differing is None:
            ended = self.ended()
            return _Path(
                ended.differences,
                ended.places,
                ended.same + 1,
                longest_run=ended.longest_run,
                loose_own=ended.loose_own,
                digits_in_a_word=ended.digits_in_a_word,
            )
        counted = self.differing and self.counted
        places = self.places + (not counted and not again)
        run = self.run + 1 if self.differing else 1
        loosely, drawn = (self.run_loosely, self.run_drawn) if self.differing else ("", "")
        return _Path(
            (*self.differences, differing),
            places,
            self.same,
            True,
            counted or not again,
            run,
            max(run, self.longest_run),
            loosely + differing.plain * _a_letter_loosely_for_a_digit(differing),
            drawn + differing.plain * _drawn_as_its_digit(differing),
            self.loose_own,
            self.digits_in_a_word,
        )

    def ended(self) -> _Path:
        """The path with the run it ends on judged: its small forms are a word's letters where one
        stands for a digit no letter of the run is drawn as and the run is longer than stand-ins alone
        (`Зоо`, `зоб`); else they are the digits drawn alike (`ООо`, `оОО`, `Ооо`)."""
        if not self.run_loosely:
            return self
        beside_their_own = all(digit in self.run_drawn for digit in self.run_loosely)
        return dataclasses.replace(
            self,
            run_loosely="",
            run_drawn="",
            loose_own=self.loose_own + len(self.run_loosely) * beside_their_own,
            digits_in_a_word=self.digits_in_a_word or (not beside_their_own and self.run > _ALONE_AT_MOST),
        )


class _Alignment:
    """The fewest non-ASCII characters two folded texts differ by (`look_alike`), found as an edit
    distance is, or None where an ASCII character differs or stands alone. The ASCII ends they share
    are set aside first: an ASCII character meets only its equal, so they line up one way."""

    def __init__(
        self, one: str, two: str, ignore_case: bool, same_around: int, typed: tuple[str, str]
    ) -> None:
        self.one, self.two, self.ignore_case, self.same_around = one, two, ignore_case, same_around
        self.typed = typed  # the two as written, before NFKC: what `_again` judges "throughout" on
        self.head = _shared_ascii_head(one, two, ignore_case)
        tail = _shared_ascii_head(one[self.head :][::-1], two[self.head :][::-1], ignore_case)
        self.a, self.b = one[self.head : len(one) - tail], two[self.head : len(two) - tail]

    def differences(self, dashes_anywhere: bool = False) -> tuple[Differing, ...] | None:
        a, b = self.a, self.b
        if (_fixed(a[:1]) and _fixed(b[:1])) or (_fixed(a[-1:]) and _fixed(b[-1:])):
            return None  # an ASCII character with no non-ASCII one beside it: another text
        found = self._position_for_position() if max(len(a), len(b)) > _ALIGNED_AT_MOST else self._aligned()
        found = found and found.ended()
        if found is None or found.digits_in_a_word:
            return None
        if dashes_anywhere and all(_a_dash_for_a_dash(each) for each in found.differences):
            return found.differences
        return found.differences if self._read_as_one(found) else None

    def _read_as_one(self, found: _Path) -> bool:
        """Whether the texts `found` lines up read as one (`_mostly_the_same`), weighed over what they
        stand in (`same_around`) where the stand-ins stand alone, a few side by side beside characters
        of the text its own: a run longer (`угол` for `tilt`), or a text none of whose characters are
        its own (`ёж` for `pz`), is a word in another script, weighed in the text alone. A letter
        drawn as the digit it stands for counts as its own: `SN-1ООО` is `SN-1000` drawn alike; so does a
        small form in a run beside one drawn as its digit, `SN-1ООо` (`_Path.ended`)."""
        drawn = sum(map(_drawn_as_its_digit, found.differences)) + found.loose_own
        own = len(self.one) - len(self.a) + found.same + drawn
        longer = max(len(self.one), len(self.two))
        if _mostly_the_same(longer, own, found.places):
            return True
        alone = own > 0 and found.longest_run <= _ALONE_AT_MOST
        return alone and _mostly_the_same(longer + self.same_around, own + self.same_around, found.places)

    def _aligned(self) -> _Path | None:
        best: dict[tuple[int, int], _Path] = {(0, 0): _Path()}
        for i in range(len(self.a) + 1):
            for j in range(len(self.b) + 1):
                if (i, j) in best:
                    self._step(best, i, j)
        return best.get((len(self.a), len(self.b)))

    def _position_for_position(self) -> _Path | None:
        """The differences of two middles of one length, each a non-ASCII character for one: what a
        long middle is weighed by, as its alignment would cost its length squared."""
        if len(self.a) != len(self.b):
            return None
        path = _Path()
        for at in range(len(self.a)):
            steps = [each for (move, each) in self._moves(at, at) if move == (1, 1)]
            if not steps:
                return None
            path = path.then(steps[0], self._again(path, steps[0]))
        return path

    def _step(self, best: dict[tuple[int, int], _Path], i: int, j: int) -> None:
        so_far = best[(i, j)]
        for (di, dj), differing in self._moves(i, j):
            known, then = best.get((i + di, j + dj)), so_far.then(differing, self._again(so_far, differing))
            if known is None or known.cost > then.cost:
                best[(i + di, j + dj)] = then

    def _moves(self, i: int, j: int) -> list[_Move]:
        a, b = self.a, self.b
        moves: list[_Move] = []
        mine, theirs = a[i : i + 1], b[j : j + 1]
        at_mine, at_theirs = self.head + i + 1, self.head + j + 1
        if mine and theirs and self._same(mine, theirs):
            moves.append(((1, 1), None))
        elif mine and theirs and _may_stand_for(mine, theirs) and _may_stand_for(theirs, mine):
            odd, plain, at, added = (
                (mine, theirs, at_mine, True) if not _fixed(mine) else (theirs, mine, at_theirs, False)
            )
            moves.append(((1, 1), Differing(odd, plain, at, added)))
        if mine and not _fixed(mine):
            if _stands_for_nothing(mine):
                moves.append(((1, 0), Differing(mine, "", at_mine, True)))
            if _spells(mine, b[j : j + 2], self.ignore_case):
                moves.append(((1, 2), Differing(mine, b[j : j + 2], at_mine, True)))
        if theirs and not _fixed(theirs):
            if _stands_for_nothing(theirs):
                moves.append(((0, 1), Differing(theirs, "", at_theirs, False)))
            if _spells(theirs, a[i : i + 2], self.ignore_case):
                moves.append(((2, 1), Differing(theirs, a[i : i + 2], at_theirs, False)))
        return moves

    def _again(self, path: _Path, differing: Differing | None) -> bool:
        """Whether `differing` repeats a swap `path` made already, one made throughout: its text holds
        no `plain` and the other no `odd` (every `-` of a refId typed as U+2010), one slip of a keyboard
        or a tool, however often it shows, not a text mostly other. Judged as typed: a full-width
        `－` an IME types is no plain `-` there, though NFKC folds it to one."""
        if differing is None or len(differing.plain) != 1:
            return False
        if not any((each.odd, each.plain) == (differing.odd, differing.plain) for each in path.differences):
            return False
        holding, other = self.typed if differing.added else self.typed[::-1]
        plain = differing.plain
        if self.ignore_case:
            holding, plain = holding.casefold(), plain.casefold()
        return plain not in holding and differing.odd not in other

    def _same(self, mine: str, theirs: str) -> bool:
        return mine == theirs or (self.ignore_case and mine.casefold() == theirs.casefold())


def _shared_ascii_head(one: str, two: str, ignore_case: bool) -> int:
    """How many ASCII characters `one` and `two` start alike with."""
    at = 0
    for mine, theirs in zip(one, two, strict=False):
        if not (_fixed(mine) and _fixed(theirs)):
            break
        if mine != theirs and not (ignore_case and mine.lower() == theirs.lower()):
            break
        at += 1
    return at


def _fixed(char: str) -> bool:
    """Whether `char` (or "", an end) reads only as itself: an ASCII character but a blank, which a
    no-break space folds to (NFKC) and which, leading, reads as nothing."""
    return char.isascii() and not char.isspace()


def _may_stand_for(char: str, other: str) -> bool:
    """Whether `char` may read as `other`, one character of the other text: not where both are
    ASCII (each reads only as itself), nor a wide character (CJK, kana, Hangul, emoji: two columns)
    for an ASCII one, nor a symbol or punctuation for an ASCII letter or digit (`°` for `0`, `€`
    for `e`: a symbol reads as the ASCII one it draws as, `‐` for `-`, `∕` for `/`), nor a letter
    for anything but a letter (`вода` beside `pz-1`: no `д` for `-`, no `а` for `1`) but a digit it
    is drawn as (`О` for `0`: `_DRAWN_AS_A_DIGIT`), nor a digit of another script for a `-`."""
    if _fixed(char):
        return not _fixed(other)
    if not other.isascii():
        return True
    if unicodedata.east_asian_width(char) in "WF":
        return False
    kind = unicodedata.category(char)[0]
    if kind in "LM":  # a letter (or a mark of one) reads as a letter, never a `-`, nor a digit ...
        return other.isalpha() or char in _DRAWN_AS_A_DIGIT.get(other, "") + _SMALL_FORMS.get(other, "")
    return other.isalnum() if kind == "N" else not (kind in "SP" and other.isalnum())


# Letters drawn as a digit, from Unicode's confusables (UTS #39, confusables.txt, the `MA` table), each
# digit's letters in Latin, Greek, Cyrillic, Armenian, Coptic and Cherokee: those mapped to the digit itself
# (`З → 3`, `б → 6`, `Ƽ → 5`, `Ȣ → 8`), and, for 0 and 1, which the table maps to the letters `O` and `l`,
# those mapped to `O` (`О`, `Ο`, `Օ`, `Ⲟ`) and to `l` (`І`, `Ι`, `Ӏ`, `ӏ`, `ǀ`, `Ⲓ`). A run of them, however
# long, is the digits (`ООО` for `000`, `ЗОО` for `300`): the table gives them the digits' own skeleton.
_DRAWN_AS_A_DIGIT = {
    "0": "\u041e\u039f\u0555\u2c9e",
    "1": "\u0406\u0399\u04c0\u04cf\u01c0\u2c92",
    "2": "\u01a7\u03e8\ua644",
    "3": "\u0417\u01b7\u021c\u04e0\ua7ab\u2ccc",
    "4": "\u13ce",
    "5": "\u01bc",
    "6": "\u0431\u2cd2\u13ee",
    "8": "\u0222\u0223",
    "9": "\ua76e\u2cca",
}


# Small forms of those, which the table draws as a small letter (`о → o`) or as none (`з`), taken with their
# capitals as refIds are compared case aside, yet only alone or in a run holding a letter drawn as their digit
# (`_Path.ended`): `ООо` is `000` drawn alike, a longer run without one a word (`зоб`, `Зоо` for `300`).
_SMALL_FORMS = {"0": "\u043e\u03bf\u0585\u2c9f", "3": "\u0437"}


def _a_letter_loosely_for_a_digit(differing: Differing) -> bool:
    """Whether `differing` is a letter standing for a digit it is not drawn as (`о` for `0`): only alone
    or beside one that is (`_Path.ended`)."""
    plain, odd = differing.plain, differing.odd
    return plain.isdigit() and unicodedata.category(odd)[0] in "LM" and not _drawn_as_its_digit(differing)


def _drawn_as_its_digit(differing: Differing) -> bool:
    """Whether `differing` is a letter the confusables draw as the very digit it stands for (`О` for `0`)."""
    return differing.plain.isdigit() and differing.odd in _DRAWN_AS_A_DIGIT.get(differing.plain, "")


def _a_dash_for_a_dash(differing: Differing) -> bool:
    """Whether `differing` is a dash or a minus sign (U+2010 HYPHEN, U+2013 EN DASH, U+2212 MINUS
    SIGN) for `-`: never another word, however often."""
    odd = differing.odd
    return differing.plain == "-" and (unicodedata.category(odd) == "Pd" or odd in _MINUS_SIGNS)


# Minus signs, which read as `-` as a dash does but are no dash (Pd) by their category: U+2212 MINUS
# SIGN, U+2796 HEAVY MINUS SIGN, U+02D7 MODIFIER LETTER MINUS SIGN (NFKC folds the others to these).
_MINUS_SIGNS = frozenset("\u2212\u2796\u02d7")


# Characters that draw as nothing yet are no blank, mark nor format character by their category.
_DRAWN_EMPTY = frozenset("\u2800\u303f\u3164\uffa0\u115f\u1160")  # Braille blank, half fill space, fillers


def _stands_for_nothing(char: str) -> bool:
    """Whether `char` may read as nothing beside the text around it: it draws as nothing (a blank, a
    combining mark, a format character, U+2800 BRAILLE PATTERN BLANK), which NFKC keeps. A visible
    symbol (`°`, `✓`, `€`) makes another text."""
    return char.isspace() or unicodedata.category(char) in ("Mn", "Me", "Cf", "Zs") or char in _DRAWN_EMPTY


def _spells(char: str, two: str, ignore_case: bool) -> bool:
    """Whether `char` is a Latin digraph or ligature whose name spells `two` (`ꜳ` LATIN SMALL LETTER
    AA for `aa`, `ʦ` LATIN SMALL LETTER TS DIGRAPH for `ts`)."""
    spelt = _DIGRAPH.match(unicodedata.name(char, ""))
    if spelt is None or len(two) != 2 or not two.isascii():
        return False
    same_case = ignore_case or (char.isupper() and two.isupper()) or (char.islower() and two.islower())
    return same_case and two.upper() == spelt.group(1)
