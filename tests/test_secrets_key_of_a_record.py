"""`key:` in a platform's message is most often a record's key (`duplicate key: 'pin:n1/lg'`), which
masking hid; an API's or a secret's key (`API key:`, `secret key:`) is still masked."""

from __future__ import annotations

import pytest

from iotplan.secrets import without_named_credentials


@pytest.mark.parametrize(
    "said",
    [
        "Sensor with key: site:dam-a/lg/s1 already exists",
        "duplicate key: 'pin:n1/lg'",
        "Key: SERIAL_NO is required",
    ],
)
def test_a_records_key_is_kept(said: str) -> None:
    assert without_named_credentials(said) == said


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ("Invalid API key: abcd1234efgh", "Invalid API key: (sensitive)"),
        ("secret key: hunter2hunter2", "secret key: (sensitive)"),
        ("access-key: AKIA0123456789", "access-key: (sensitive)"),
        ("api_key: abc123", "api_key: (sensitive)"),
    ],
)
def test_an_apis_or_a_secrets_key_is_masked(said: str, shown: str) -> None:
    assert without_named_credentials(said) == shown
