"""A short credential word (`pin`, `pw`, `otp`, `sas`, `psk`) counts only as a word of a name; a
capital after it starts the next word (`pinCode` is `pin` and `Code`), as a capital before it ends the
word before (`doorPin`). Read as one word, `pinCode` was given to a template, which printed the PIN,
and drift's `Next:` line wrote `--var doorPinCode=...` out. A word still ends only at a sign or a
capital: `pinned`, `PINNED` and `spinner` are no PIN."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.cli.options import TemplateFiles
from iotplan.errors import TemplateError
from iotplan.manifest.loader import load_manifest
from iotplan.secrets import MASKED, credential_word_withheld

VALUE = "DoorSECRET2"
# A name, and the word of it that has it withheld from a template.
CAMEL_CASE_CREDENTIALS = {
    **{"pinCode": "pin", "doorPinCode": "Pin", "PinCode": "Pin", "pinValue": "pin", "pinNumber": "pin"},
    **{"pskValue": "psk", "otpSeed": "otp", "sasUrl": "sas", "pwHash": "pw"},
    # Read so before: the same rule, the word at a name's end or before a sign.
    **{"pin_code": "pin", "sas_url": "sas", "doorPin": "Pin", "mqttPw": "Pw", "tokenValue": "token"},
}
ORDINARY = ["pinned", "PINNED", "spinner", "Spinner", "opinion", "pinion", "PWM", "kansas"]


def next_line_flag(name: str) -> str:
    """The `--var` drift's `Next:` line writes for `name` given VALUE."""
    flags = TemplateFiles(None, None, ((name, VALUE),)).flags()
    return flags[flags.index("--var") + 1]


@pytest.mark.parametrize(("name", "word"), CAMEL_CASE_CREDENTIALS.items())
def test_a_short_credential_word_before_a_capital_is_withheld_and_masked(name: str, word: str) -> None:
    assert credential_word_withheld(name) == word
    assert next_line_flag(name) == f"{name}={MASKED}"


@pytest.mark.parametrize("name", ORDINARY)
def test_a_short_credential_word_inside_a_word_is_neither_withheld_nor_masked(name: str) -> None:
    assert credential_word_withheld(name) is None
    assert next_line_flag(name) == f"{name}={VALUE}"


def test_keypad_is_still_an_ordinary_word() -> None:
    """`key` is read inside any word, so drift's line hides it; a template is given it all the same."""
    assert credential_word_withheld("keypad") is None and credential_word_withheld("keyPad") is None


def test_a_camel_case_pin_column_is_refused_not_printed(tmp_path: Path) -> None:
    (tmp_path / "sites.csv").write_text(f"site,doorPinCode\ns1,{VALUE}\n")
    (tmp_path / "t.yaml.j2").write_text(
        "apiVersion: iotplan/v1\nstack: s\nprojects:\n  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537\n"
        "    nodes:\n{%- for site in sites %}\n      - key: {{ site.site }}\n"
        '        notes: "{{ site.doorPinCode }}"\n{%- endfor %}\n'
    )
    with pytest.raises(TemplateError) as refused:
        load_manifest(str(tmp_path / "t.yaml.j2"), sites_file=str(tmp_path / "sites.csv"))
    assert "column 'doorPinCode' of --sites" in str(refused.value)
    assert "by its word `Pin`" in str(refused.value) and VALUE not in str(refused.value)
