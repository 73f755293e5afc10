"""Three ways a credential is written that the masking rules must read as one: `=` after a name
written as one word (`apikey=...`, no `_`, `.` or `-` to mark it a key), a `Basic` credential in
URL-safe base64 (`-` and `_` for `+` and `/`), and a slice of a held secret spelled in upper-case
hex (as `bytes.hex().upper()` and many a log write it)."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest

from iotplan.clients.errors import redact
from iotplan.secrets import MASKED, forget_all, mask_known, remember, without_named_credentials


@pytest.fixture(autouse=True)
def _forget() -> Iterator[None]:
    forget_all()
    yield
    forget_all()


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ("apikey=abcdef123456", f"apikey={MASKED}"),
        ("secretkey=hunter2hunter2", f"secretkey={MASKED}"),
        # A password's words run to its line's end: the sentence after it goes with it.
        ("rejected dbpassword=xyz12345 for p", f"rejected dbpassword={MASKED}"),
    ],
)
def test_a_one_word_credential_name_before_an_equals_sign_masks_its_value(said: str, shown: str) -> None:
    assert without_named_credentials(said) == shown
    assert redact(said) == shown


def test_a_basic_credential_in_url_safe_base64_is_masked() -> None:
    credential = base64.urlsafe_b64encode(b"admin:p>?>~~secret").decode()
    assert "_" in credential and "-" in credential  # none of the standard alphabet's `+` or `/`
    said = f"echoed Basic {credential.rstrip('=')} refused"
    assert without_named_credentials(said) == f"echoed Basic {MASKED} refused"


def test_a_slice_of_a_held_secret_in_upper_case_hex_is_masked() -> None:
    secret = "CANARY-key-01xq7Zr4mW9pLk2Tj"
    remember(secret)
    upper_hex = f"feed:{secret}&tail".encode().hex().upper()
    cut = upper_hex[2 * len("feed:") + 6 : 2 * len("feed:") + 30]  # 24 characters from its inside
    assert mask_known(f"dumped ...{cut}... refused") == f"dumped ...{MASKED}... refused"
