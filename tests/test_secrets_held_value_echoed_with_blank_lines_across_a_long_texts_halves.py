"""A long text holding an escaped secret is read in halves, at the line break nearest its middle, and
the lines around it are read too, as many as a held value may run across. A held value holding
blanks may be echoed with any run of them spelled as line breaks, blank lines among them (`Kq7v
&quot;plume&quot;\\n\\n\\nwharf`): the lines read around the middle are counted by the held value's
runs of blanks, passing blank lines, so no word after the middle is shown."""

from __future__ import annotations

import html
import re
import urllib.parse

from iotplan.secrets import forget_all, mask_known, remember

HELD = 'Kq7v "plume" wharf\tTb4n'
LONG = 5_000  # past the length from which a text is read in halves


def test_a_held_value_echoed_with_blank_lines_across_a_long_texts_middle_shows_none_of_its_words() -> None:
    forget_all()
    remember(HELD)
    words = [word for word in re.findall(r"\w+", HELD) if len(word) >= 4]
    for blank in ["\n", "\n\n\n", " \n \n", "\r\n\r\n", "\n&nbsp;\n", "\n \t\n"]:
        written = blank.join(re.split(r"\s+", HELD))
        for escaped in (html.escape(written), urllib.parse.quote(written, safe="\n\r &;")):
            for into in range(
                -3, len(escaped) + 3
            ):  # the text's middle, from 3 before the value to 3 past it
                before = "row ok\n" * (LONG // 7) + " "
                after = "~" * (len(before) + 2 * into - len(escaped) - len(" tail\n"))
                text = f"{before}{escaped} tail\n{after}"

                shown = mask_known(text)

                seen = [word for word in words if word in shown]
                assert not seen, f"{escaped!r}, middle {into} into it: {seen}"
