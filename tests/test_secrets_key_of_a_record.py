"""`key:` in a platform's message before a record's key (`duplicate key: 'pin:n1/lg'`, `Key:
SERIAL_NO is required`), which masking hid, is kept; any other value after `key:` may be a credential
(`pre-shared key: Zx9QpL2m`, `API key:`) and is masked."""

from __future__ import annotations

import pytest

from iotplan.secrets import without_named_credentials


@pytest.mark.parametrize(
    "said",
    [
        "Sensor with key: site:dam-a/lg/s1 already exists",
        "duplicate key: 'pin:n1/lg'",
        "Key: SERIAL_NO is required",
        # A stack named with a credential word: the refId kept is not read again as `pin: ...`.
        "Sensor with key: pin:n1/lg already exists",
        "duplicate key: session:n1/dev/s1",
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
        ("gateway rejected: pre-shared key: Zx9QpL2mW7Tr", "gateway rejected: pre-shared key: (sensitive)"),
        ("WiFi key: X7abc", "WiFi key: (sensitive)"),
        ("SSH key: abcdef", "SSH key: (sensitive)"),
        ("Key: AKIA0123456789ABCD", "Key: (sensitive)"),
        # A user and password has a refId's shape, without its path.
        ("key: admin:S3cretPass", "key: (sensitive)"),
        ("Invalid key: 'svc:Tr0ub4dor3x'", "Invalid key: '(sensitive)'"),
        ("key: user:p4ss@host", "key: (sensitive)"),
        # After a word naming a secret's key, whatever the value's shape.
        ("encryption key: DEV_KEY_2024_PROD", "encryption key: (sensitive)"),
        ("API key: ABCD_1234EFGH", "API key: (sensitive)"),
        ("private key: admin:hunter2/x", "private key: (sensitive)"),
    ],
)
def test_any_other_value_after_key_is_masked(said: str, shown: str) -> None:
    assert without_named_credentials(said) == shown
