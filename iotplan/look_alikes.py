"""Two texts that read alike on screen but differ in characters NFKC does not join: a hyphen U+2010
for `-`, a Cyrillic `с` for a Latin `c`, a minus sign U+2212. No table of confusable characters is
needed: a manifest's keys and stacks are ASCII (manifest/models.py KEY_PATTERN), so a text that
differs from one only where a non-ASCII character stands, position for position, is one a reader
takes for the other. A message names such characters (`note`) or shows them escaped (`escaped`),
and --prune-unmanaged never removes what only looks like the stack's own (plan/pruning.py).
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass

from iotplan.manifest.addresses import seen_as_compared, shaped_as_a_stacks
from iotplan.wording import LIVE_TEXT_SHOWN, live_quoted

__all__ = ["LookAlike", "escaped", "look_alike", "passes_for_a_stacks", "quoted_apart"]


@dataclass(frozen=True)
class LookAlike:
    """`text`, which reads as `other` but differs at `positions` (0-based, in the folded texts)."""

    text: str
    other: str
    positions: tuple[int, ...]

    def note(self, other_named: str) -> str:
        """`differs from 'pz-1' only by U+2010 HYPHEN for '-' at character 3`: `other_named` is how
        the message names `other` (quoted, masked, with what carries it)."""
        return f"differs from {other_named} only by {self.differing}"

    @property
    def differing(self) -> str:
        """`U+2010 HYPHEN for '-' at character 3`, each character they differ by, named."""
        one, two = seen_as_compared(self.text), seen_as_compared(self.other)
        return " and ".join(_named(one[at], two[at], at) for at in self.positions)


def look_alike(text: str | None, other: str | None, *, ignore_case: bool = False) -> LookAlike | None:
    """The look-alike `text` is of `other`, or None: they differ, as folded (NFKC, invisible
    characters dropped, and case where `ignore_case`, as refIds are compared), yet have one length
    and hold a non-ASCII character on at least one side at every position where they differ."""
    if not text or not other or (text.isascii() and other.isascii()):
        return None
    one, two = seen_as_compared(text), seen_as_compared(other)
    if ignore_case:
        one, two = one.casefold(), two.casefold()
    if one == two or len(one) != len(two):
        return None
    positions = tuple(at for at, (a, b) in enumerate(zip(one, two, strict=True)) if a != b)
    if all(not (one[at].isascii() and two[at].isascii()) for at in positions):
        return LookAlike(text, other, positions)
    return None


def escaped(text: str) -> str:
    """`text` quoted with every non-ASCII character escaped as JSON and YAML read it (`\\u2010`):
    what shows a look-alike apart from the text it looks like, as a duplicate's line shows one."""
    return json.dumps(text)


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


def _named(mine: str, theirs: str, at: int) -> str:
    """`U+2010 HYPHEN for '-' at character 3`: the non-ASCII one of the two characters at `at`
    (this side's where both are), and what it stands for."""
    odd, plain = (theirs, mine) if mine.isascii() else (mine, theirs)
    return (
        f"U+{ord(odd):04X} {unicodedata.name(odd, 'unnamed character')} for {plain!r} at character {at + 1}"
    )
