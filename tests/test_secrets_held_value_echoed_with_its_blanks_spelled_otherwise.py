"""A held value holding blanks (an edge password written as a passphrase) may be echoed with its
blanks spelled otherwise: a tab as a blank, a line break as a blank, `\\r\\n` for `\\n`, two blanks
for one, a no-break space (literal, `&nbsp;`, `&#160;`, JSON's `\\u00a0`), JSON's `\\u0020`, `%20` or
`+` in a form. Only what spelled it exactly was masked, and the words after the first blank spelled
otherwise were shown (`(sensitive) wharf Tb4n`). Any run of blanks, however spelled, now matches any
run of the held value's, in every form it is looked for in."""

from __future__ import annotations

import html
import json
import re
import urllib.parse

import pytest

from iotplan.secrets import forget_all, holds_known, mask_known, masks_none, remember

HELD = ["Kq7v plume Zx9r\twharf Tb4n", 'Tb4n <moor>\n& Zx9r  "fen" Pq3w']
# How a run of blanks may be spelled, as written (each a run of one or more blanks).
BLANKS = [" ", "\t", "  ", "\n", "\r\n", " \n ", "\u00a0", "\u2003", "\u3000", "&nbsp;", "&#160;", "&#xA0;"]
BLANKS += ["\\u0020", "\\u00a0", "\\u00A0", "\\t", "\\n", "\\r\\n", "%20", "%09", "%C2%A0", "&nbsp; \t"]


def _forms(written: str) -> list[str]:
    """`written` as it may be echoed: as it is, HTML-escaped, in JSON, percent-encoded (a blank as `+`
    in a form)."""
    as_json = json.dumps(written)[1:-1]
    return [
        written,
        html.escape(written),
        as_json,
        *(urllib.parse.quote(written, safe=safe) for safe in ("", "\\")),
    ]


@pytest.fixture(autouse=True)
def _forget() -> None:
    forget_all()


def test_a_held_value_echoed_with_its_blanks_spelled_otherwise_shows_none_of_its_words() -> None:
    for held in HELD:
        forget_all()
        remember(held)
        words = re.split(r"\s+", held)
        shown_words = [word for word in re.findall(r"\w+", held) if len(word) >= 4]
        for index, blank in enumerate(BLANKS):
            # Every run spelled alike, and each run spelled by the next of BLANKS.
            mixed = words[0] + "".join(
                BLANKS[(index + at) % len(BLANKS)] + word for at, word in enumerate(words[1:])
            )
            for written in (blank.join(words), mixed):
                for form in [*_forms(written), urllib.parse.quote_plus(written.replace(blank, " "))]:
                    text = f"error: {form} refused"

                    shown = mask_known(text)

                    seen = [word for word in shown_words if word in shown]
                    assert not seen, f"{held!r} as {form!r}: {seen} in {shown!r}"
                    assert holds_known(text) and not masks_none([text]), form
