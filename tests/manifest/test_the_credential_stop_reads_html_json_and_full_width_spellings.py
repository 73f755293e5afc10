"""The credential stop reads another input's HTML references (`&#104;&#117;...`, `&#x68;`), JSON's `\\uXXXX`
escapes and full-width letters as the characters they spell: `--var label` holding `--var api_key`'s value so
spelled was planned, and printed by every view that decodes it (an HTML report, a JSON reader, a terminal)."""

from __future__ import annotations

import pytest

from iotplan.errors import TemplateError
from iotplan.manifest.template_credentials import refuse_a_secret_held_elsewhere

KEY = "Zq7hunter2x9"

SPELLINGS = [
    "".join(f"&#{ord(char)};" for char in KEY),
    "".join(f"&#x{ord(char):x};" for char in KEY),
    KEY[:6] + "".join(f"\\u{ord(char):04x}" for char in KEY[6:]),
    "".join(chr(ord(char) + 0xFEE0) for char in KEY),
]


@pytest.mark.parametrize("label", SPELLINGS)
def test_another_var_spelling_a_credential_so_stops_the_run(label: str) -> None:
    with pytest.raises(TemplateError, match="--var label holds the value of --var api_key") as stopped:
        refuse_a_secret_held_elsewhere([({"label": f"feed {label}", "api_key": KEY}, "--var", False, None)])
    assert KEY not in str(stopped.value)


def test_an_ordinary_escaped_value_beside_a_credential_runs() -> None:
    refuse_a_secret_held_elsewhere(
        [({"label": "North &amp; South \\u00e9 \uff21", "api_key": KEY}, "--var", False, None)]
    )
