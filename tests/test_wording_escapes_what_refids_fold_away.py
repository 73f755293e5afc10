"""One rule for what shows as nothing: every character refIds are compared without (fold_ref_id
drops it from within a refId) is escaped by every way a view or message shows live text, as
controls are, though Python calls some of it printable (U+034F, U+3164, U+FE0F, U+E0100)."""

from __future__ import annotations

from iotplan.manifest.addresses import fold_ref_id
from iotplan.render.lines import shown_text
from iotplan.wording import printable, quoted

# The planes holding every default-ignorable character (Unicode 15): the basic, the supplementary
# (musical format marks) and the special-purpose one (tags, variation selectors).
PLANES = (*range(0x20000), *range(0xE0000, 0xF0000))


def test_every_character_a_refid_is_compared_without_is_shown_escaped() -> None:
    folded_away = [chr(code) for code in PLANES if fold_ref_id(f"a{chr(code)}b") == "ab"]
    assert {"\u034f", "\u3164", "\u17b4", "\ufe0f", "\U000e0100"} <= set(folded_away)
    shown_raw = [
        f"U+{ord(char):04X}"
        for char in folded_away
        if char in shown_text(char) or char in printable(char) or char in quoted(char)
    ]
    assert not shown_raw
