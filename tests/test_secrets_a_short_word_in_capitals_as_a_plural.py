"""A short credential word in capitals written as a plural (`PINs`, `door_PINs`, `OTPs`, `PSKs`) was no
credential: a prop so named was shown and fingerprinted, a --sites column or --var given to a
template, a URL parameter shown, and a note's label (`PINs: 4421, 9911`) and a label numbering its
PIN after a blank (`Door PIN 2: 4421`) showed the PINs in a message. One rule reads them for each;
a plural in small letters stays ordinary (`pins`, a GPIO's)."""

from __future__ import annotations

import pytest

from iotplan.live import LiveEntity
from iotplan.plan.compare import fingerprint
from iotplan.secrets import (
    MASKED,
    credential_named,
    credential_word_withheld,
    text_names_a_credential,
    without_named_credentials,
    without_url_credentials,
)
from tests.test_secrets_a_short_word_ends_at_a_camel_case_capital import next_line_flag

PLURALS = {"PINs": "PINs", "door_PINs": "PINs", "OTPs": "OTPs", "PSKs": "PSKs", "PINs2": "PINs2"}


@pytest.mark.parametrize(("name", "word"), PLURALS.items())
def test_such_a_name_is_withheld_and_masked(name: str, word: str) -> None:
    assert credential_named(name)
    assert credential_word_withheld(name) == word
    assert next_line_flag(name) == f"{name}={MASKED}"


@pytest.mark.parametrize("name", ["pins", "Pins", "gpio_pins", "OTPS", "PINS"])
def test_a_plural_in_small_letters_stays_ordinary(name: str) -> None:
    assert credential_word_withheld(name) is None
    assert not credential_named(name)


@pytest.mark.parametrize("prop", ["PINs", "door_PINs"])
def test_a_prop_so_named_is_left_out_of_a_fingerprint(prop: str) -> None:
    one, other = ({"NAME": "gw", prop: value} for value in ("4455", "9911"))
    assert fingerprint(LiveEntity("/api/p/node/n1", one)) == fingerprint(LiveEntity("/api/p/node/n1", other))


@pytest.mark.parametrize("name", ["PINs", "door_PINs", "OTPs"])
def test_a_url_parameter_so_named_is_masked(name: str) -> None:
    assert without_url_credentials(f"https://gw.example/open?{name}=4455&site=3") == (
        f"https://gw.example/open?{name}={MASKED}&site=3"
    )


@pytest.mark.parametrize(
    ("note", "shown"),
    [
        ("PINs: 4421, 9911", f"PINs: {MASKED}"),
        ("door PINs: 4421, 9911\nsite: 3", f"door PINs: {MASKED}\nsite: 3"),
        ("PINs: 4421, 9911; site: 3", f"PINs: {MASKED}; site: 3"),
        ("door_PINs: 4421", f"door_PINs: {MASKED}"),
        ("PINs=4421,9911 door_PINs: 4421", f"PINs={MASKED} door_PINs: {MASKED}"),
        ("Door PIN 2: 4421", f"Door PIN 2: {MASKED}"),
        ("OTPs: 881204", f"OTPs: {MASKED}"),
    ],
)
def test_a_label_so_written_names_a_credential(note: str, shown: str) -> None:
    assert text_names_a_credential(note)
    assert without_named_credentials(note) == shown
