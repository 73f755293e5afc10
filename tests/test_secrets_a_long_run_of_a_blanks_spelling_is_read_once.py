"""A held value holding blanks is looked for in every text with its runs of blanks spelled otherwise,
JSON's `\\t` and `\\u0020` among them, escaped again any number of times (`\\\\u0020`). A run of
backslashes was scanned to its end from each of its characters: 80,000 of them (a hostile gateway's
error body) took 22 s to mask. Each spelling a blank's run may be made of is masked here in a run of
200,000 characters, in a process of its own given a minute: quadratic, the backslashes alone would
take minutes; read once, the whole run takes well under a second."""

from __future__ import annotations

import os
import subprocess
import sys

RUN = 200_000
# A run of each character or spelling the blanks of a held value are read in, and of each a blank's
# spelling starts with (a backslash, `%`, `&`, `&#`, `+`), alone and before a word.
SPELLINGS = [
    "\\",
    "\\ ",
    "\\\\x",
    "\\u",
    "%",
    "%25",
    "&",
    "&#",
    "&amp;",
    "&nbsp;",
    "+",
    " ",
    "\t",
    "\n",
    " x",
]

MASKING = f"""
from iotplan.clients.errors import platform_message
from iotplan.secrets import mask_known, remember
import httpx
remember("Sup3r Secret Pass phrase")
for spelling in {SPELLINGS!r}:
    body = spelling * ({RUN} // len(spelling))
    mask_known(body)
    platform_message(httpx.Response(401, json={{"error": {{"message": body}}}}))
print("masked")
"""


def test_a_long_run_of_any_blanks_spelling_is_masked_in_one_read() -> None:
    masked = subprocess.run(
        [sys.executable, "-c", MASKING],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        capture_output=True,
        text=True,
        timeout=60,  # quadratic, 200,000 backslashes take minutes
        check=True,
    )

    assert masked.stdout.strip() == "masked"
