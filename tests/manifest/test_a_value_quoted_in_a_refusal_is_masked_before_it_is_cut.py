"""A value a refusal quotes (a wrong type, a template filter's input) is masked, then cut to the
quote's length: cut first, a URL's token lost its `@` and a `ghp_` token its length before masking read
them, and 31 of a token's 40 characters were shown. A label and its credential (`Password=...`) is
quoted as views show it, "(sensitive)"."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import ManifestError, TemplateError
from iotplan.manifest.loader import load_manifest
from tests.manifest.declared_credentials import refusal_of

TOKEN = "9f8e7d6c5b4a39281706f5e4d3c2b1a0ffeeddcc"
GITHUB = "ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
SECRETS = {
    "url token": (f"https://x-access-token:{TOKEN}@github.com/o/r", "9f8e7d6c"),
    "bare token": (f"feed token for the north dam site is {GITHUB}", "a1B2c3D4"),
    "named password": ("login Password=Tr0ub4dor&3", "Tr0ub4dor"),
}
HEAD = (
    "apiVersion: iotplan/v1\nstack: s\nprojects:\n  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537\n    nodes:\n"
)


@pytest.mark.parametrize("case", SECRETS)
def test_a_wrong_type_quotes_the_value_masked(case: str) -> None:
    value, secret = SECRETS[case]
    _, shown = refusal_of(f"{HEAD}      - key: n\n        location: {{lat: '{value}', lon: 1}}\n")
    assert "got a string" in shown and "(sensitive)" in shown, shown
    assert secret not in shown, shown


@pytest.mark.parametrize("case", SECRETS)
def test_a_filter_quotes_its_input_masked(tmp_path: Path, case: str) -> None:
    value, secret = SECRETS[case]
    (tmp_path / "t.yaml.j2").write_text(
        f"{HEAD}      - key: n\n        location: {{lat: {{{{ lat | float }}}}, lon: 1}}\n"
    )
    with pytest.raises((TemplateError, ManifestError)) as refused:
        load_manifest(str(tmp_path / "t.yaml.j2"), variables=(("lat", value),))
    shown = str(refused.value)
    assert "is not a finite number" in shown and "(sensitive)" in shown, shown
    assert secret not in shown, shown


def test_a_long_value_naming_no_credential_is_still_cut() -> None:
    _, shown = refusal_of(f"{HEAD}      - key: n\n        location: {{lat: '{'north dam ' * 10}', lon: 1}}\n")
    assert "'north dam north dam" in shown and "...'" in shown and "(sensitive)" not in shown, shown
