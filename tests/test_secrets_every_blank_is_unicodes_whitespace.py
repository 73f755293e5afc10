"""Every blank a held value's run of blanks may be echoed as is written out as a constant (a scan of
the 65,536 code points JSON's `\\uXXXX` escapes spell cost each run 2 ms at start): it is every
character Python reads as whitespace, in the whole Unicode range. A Python whose Unicode data adds a
blank (or one past U+FFFF, which JSON escapes as a surrogate pair) fails here, not silently."""

from __future__ import annotations

import sys

from iotplan.secrets import EVERY_BLANK


def test_every_blank_is_every_whitespace_character_of_unicode() -> None:
    scanned = frozenset(chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace())

    assert scanned == EVERY_BLANK
