"""An unquoted credential's value runs over a separator (`;`, `,`, `&`, `}`) unless the separators
end it (a blank, a quote or the text's end after them, or another `name=`): that was looked for
again from each separator of a run, to its end. A hostile platform's error of `password=` and 20,000
`;` took 7 s to mask, and one id-less JSON-RPC error stalled a plan for minutes. Here runs of 400,000,
in a process of its own given a minute: quadratic, each would take hours; read once, well under a
second. What such a run's value is stays as it was."""

from __future__ import annotations

import subprocess
import sys

import pytest

from iotplan.secrets import without_named_credentials

RUN = 400_000

MASKING = f"""
from iotplan.secrets import without_named_credentials
for text in ("pwd=a" + ";" * {RUN} + "b", "x?pwd=a" + "&" * {RUN} + "b", "pwd=a" + "&;" * {RUN // 2} + "b",
             "password=" + ";" * {RUN} + "b", "pwd=a" + ";" * {RUN} + "user=b"):
    without_named_credentials(text)
print("masked")
"""


def test_a_long_run_of_separators_is_masked_in_one_read() -> None:
    masked = subprocess.run([sys.executable, "-c", MASKING], capture_output=True, text=True, timeout=60)
    assert masked.stdout.strip() == "masked", masked.stderr[-2000:]


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ("token=a;;b c", "token=(sensitive) c"),
        ("Password=pw;;Database=x", "Password=(sensitive);Database=x"),
        ("Password=pw;Database=x", "Password=(sensitive);Database=x"),
        ("Password=pw;; next", "Password=(sensitive);; next"),
        ("token=Hunt&3;x y", "token=(sensitive) y"),
        ("pwd=a;,&}b", "pwd=(sensitive)"),
    ],
)
def test_a_run_of_separators_ends_a_value_where_it_did(said: str, shown: str) -> None:
    assert without_named_credentials(said) == shown
