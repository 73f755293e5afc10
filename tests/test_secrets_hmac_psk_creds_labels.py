"""`HMAC:`, `PSK:` and `creds:` labelling a note say how a thing is done as often as they precede a
credential (`HMAC: sha256 over the body`, `PSK: none`): read in names and keys, not as a label in
prose, which has no notion of a value shaped as a key. `OTP:` and `SAS:` were labels before, and are."""

from __future__ import annotations

import pytest

from iotplan.secrets import (
    SECRET_PARAMETER,
    SECRET_PROP_NAME,
    text_names_a_credential,
    without_named_credentials,
)


@pytest.mark.parametrize(
    "note",
    [
        "Uses HMAC: sha256 over the body",
        "PSK: none",
        "creds: in vault",
        "Salt: 35 g/l; HMAC: sha256; PSK: none",
    ],
)
def test_a_note_labelled_hmac_psk_or_creds_is_a_persons_words(note: str) -> None:
    assert not text_names_a_credential(note)
    assert without_named_credentials(note) == note


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("wpa_psk=hunter2x", "wpa_psk=(sensitive)"),
        ("HMAC_KEY: abc123", "HMAC_KEY: (sensitive)"),
        ('{"psk": "hunter2x"}', '{"psk": "(sensitive)"}'),
        ("OTP: 123456", "OTP: (sensitive)"),
    ],
)
def test_written_as_a_key_or_labelled_otp_it_is_a_credential(text: str, masked: str) -> None:
    assert text_names_a_credential(text)
    assert without_named_credentials(text) == masked


@pytest.mark.parametrize("name", ["WPA_PSK", "HMAC", "CREDS", "wifiPsk"])
def test_a_prop_or_parameter_so_named_is_a_credential(name: str) -> None:
    assert SECRET_PROP_NAME.search(name) and SECRET_PARAMETER.search(name)
