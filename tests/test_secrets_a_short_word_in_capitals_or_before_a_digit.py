"""A short credential word (`pin`, `pw`, `otp`, `sas`) written in capitals before a camel-case word
(`PINCode`, `OTPSeed`, `PWHash`), or followed by a digit (`pin1`, `door_pin2`, `PIN2`), is a word of
its name, as `pinCode` and `door_pin` are: read as one word with what followed, a --sites column or
--var so named was given to a template, which printed the PIN, drift's `Next:` line wrote it out and
a prop so named was shown by `import` and fingerprinted. One rule reads it for every one of them, so
a word merely holding those letters stays ordinary: `pinned_id`, `spinach`, `Pinot`, `OTPS`."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.live import LiveEntity
from iotplan.plan.compare import fingerprint
from iotplan.secrets import (
    MASKED,
    credential_word_withheld,
    text_names_a_credential,
    without_named_credentials,
    without_url_credentials,
)
from tests.manifest.test_a_credential_named_input_is_withheld_from_the_template import refusal
from tests.test_secrets_a_short_word_ends_at_a_camel_case_capital import VALUE, next_line_flag

# A name, and the word of it that has it withheld from a template.
CREDENTIALS = {
    **{"PINCode": "PIN", "doorPINCode": "PIN", "OTPSeed": "OTP", "PWHash": "PW", "SASUrl": "SAS"},
    **{"DOORPin": "Pin", "pin1": "pin1", "door_pin2": "pin2", "PIN2": "PIN2", "devicePin3": "Pin3"},
    **{"pw2": "pw2", "otp1": "otp1", "salt2": "salt2", "wifi_psk2": "psk2"},
    # Read so before: a long credential word is read inside any word.
    **{"password2": "password2", "token3": "token3", "api_key_2": "key", "APIKey": "Key"},
}
ORDINARY = ["pinned_id", "spinach", "Pinot", "OTPS", "PINNED", "PWM", "SASH", "opinion", "Spinner"]
ORDINARY += ["passage", "compass", "author", "keyword", "keypad", "node_key", "mp3pin"]


@pytest.mark.parametrize(("name", "word"), CREDENTIALS.items())
def test_such_a_name_is_withheld_and_masked(name: str, word: str) -> None:
    assert credential_word_withheld(name) == word
    assert next_line_flag(name) == f"{name}={MASKED}"


@pytest.mark.parametrize("name", ORDINARY)
def test_a_word_merely_holding_such_letters_is_given_and_shown(name: str) -> None:
    assert credential_word_withheld(name) is None


@pytest.mark.parametrize(("column", "word"), [("PINCode", "PIN"), ("door_pin2", "pin2")])
def test_a_sites_column_so_named_is_refused_naming_its_word(tmp_path: Path, column: str, word: str) -> None:
    message = refusal(tmp_path, f"{{{{ site.{column} }}}}", column=column)
    assert (
        f"column '{column}' of --sites {tmp_path / 'sites.csv'} is named as a credential by its word `{word}`"
        in (message)
    )


@pytest.mark.parametrize("prop", ["PINCode", "OTPSeed", "door_pin2", "pin1"])
def test_a_prop_so_named_is_left_out_of_a_fingerprint(prop: str) -> None:
    one, other = ({"NAME": "gw", prop: value} for value in ("4455", "9911"))
    assert fingerprint(LiveEntity("/api/p/node/n1", one)) == fingerprint(LiveEntity("/api/p/node/n1", other))


@pytest.mark.parametrize("name", ["pin1", "door_pin2", "PINCode"])
def test_a_url_parameter_or_a_key_in_a_note_so_named_is_masked(name: str) -> None:
    assert without_url_credentials(f"https://gw.example/open?{name}=4455&site=3") == (
        f"https://gw.example/open?{name}={MASKED}&site=3"
    )
    assert text_names_a_credential(f"{name}=4455")
    assert without_named_credentials(f"door {name}=4455 set") == f"door {name}={MASKED} set"


def test_a_value_given_to_a_name_of_ordinary_words_stays_shown() -> None:
    assert next_line_flag("pinned_id") == f"pinned_id={VALUE}"
    assert (
        without_url_credentials("https://gw.example/x?pinned_id=4455")
        == "https://gw.example/x?pinned_id=4455"
    )
