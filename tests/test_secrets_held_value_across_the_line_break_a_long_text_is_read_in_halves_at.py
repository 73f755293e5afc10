"""A long text holding an escaped secret is read in halves, at the line break nearest its middle
(_READ_IN_HALVES_PAST). A held value holding a line break, written escaped (HTML, twice, percent-
encoded with its line break left as it is), was split there in two: each half held a piece no longer
the value, and the piece after the break was shown (`(sensitive)\\nwharf tail`). With the text's
middle at every offset around the value's line breaks, in every stored form, none of its words is
shown."""

from __future__ import annotations

import html
import json
import re
import urllib.parse

import pytest

from iotplan.secrets import forget_all, mask_known, remember

# Edge passwords holding line breaks (pasted from a file), each line shorter than a slice masked alone.
HELD = ['Kq7v "plume"\nwharf', "Tb4n <moor>\n& Zx9r\nfen"]
LONG = 5_000  # past the length from which a text is read in halves


def _stored_forms(value: str) -> list[str]:
    """The forms `remember` holds (as written, as JSON, JSON as Go writes it, percent-encoded)."""
    as_json = json.dumps(value)[1:-1]
    forms = [value, as_json, as_json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")]
    return [*forms, urllib.parse.quote(value, safe=""), urllib.parse.quote_plus(value)]


def _escaped(form: str) -> list[str]:
    """`form` as a platform may echo it escaped: a line break it holds left as it is."""
    return [
        html.escape(form),
        html.escape(form, quote=False),
        html.escape(html.escape(form)),
        urllib.parse.quote(form, safe="\n"),
        urllib.parse.quote(html.escape(form), safe="\n"),
    ]


@pytest.fixture(autouse=True)
def _forget() -> None:
    forget_all()


@pytest.mark.parametrize("held", HELD)
def test_a_held_value_across_the_line_break_a_long_text_is_read_in_halves_at_shows_none_of_its_words(
    held: str,
) -> None:
    remember(held)
    words = re.findall(r"\w+", held)
    for written in dict.fromkeys(escaped for form in _stored_forms(held) for escaped in _escaped(form)):
        for into in range(-3, len(written) + 3):  # the text's middle, from 3 before the value to 3 past it
            before = "row ok\n" * (LONG // 7) + " "
            after = "~" * (len(before) + 2 * into - len(written) - len(" tail\n"))
            text = f"{before}{written} tail\n{after}"
            assert len(text) // 2 == len(before) + into

            shown = mask_known(text)

            seen = [word for word in words if word in shown]
            assert not seen, (
                f"{written!r}, middle {into} into it: {seen} in {shown[len(before) - 9 : len(before) + 60]!r}"
            )
