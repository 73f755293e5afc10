"""The patterns reading a text's blanks however spelled (a tab, `\\u00a0`, `&nbsp;`, `%20`) serve only
a held value holding a blank, which most runs never hold: compiled at import, they cost every run
1 ms before its first request. Now compiled when such a value is first read for, in a process of its
own here (another test may have compiled them already): none at import nor when a value holding no
blank is masked, and the value holding one is still masked however its blanks are spelled."""

from __future__ import annotations

import os
import subprocess
import sys

RUN = """
import re
compiled = []
compile = re.compile
re.compile = lambda pattern, flags=0: compiled.append(pattern) or compile(pattern, flags)
# A JSON escape of U+0009 and U+000A, as the blank readings spell them.
reading_blanks = lambda: sum("0009|000a" in str(each) for each in compiled)
from iotplan.secrets import mask_known, remember
remember("Kq7vPlumeZx9r")
masked = mask_known("key Kq7vPlumeZx9r said\\tso")
print(reading_blanks(), masked)
remember("Kq7v plume Zx9r")
masked = mask_known("key Kq7v\\\\u00a0plume\\tZx9r said")
print(reading_blanks() > 0, masked)
"""


def test_blank_readings_compiled_only_when_a_held_value_holds_a_blank() -> None:
    ran = subprocess.run(
        [sys.executable, "-c", RUN],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert ran.stdout.splitlines() == ["0 key (sensitive) said\tso", "True key (sensitive) said"]
