"""A refId of a stack named with a credential word (`pin`, `key-west`, `session`, all valid stacks) is
no label and its value: `pin:n1/lg` read as `pin: (sensitive)` hid every refId of the stack in plans,
named no stack to import, and masked the refId in every message quoting it. A label's value in a
sentence (`wifi password:hunter2 reset`) is still masked."""

from __future__ import annotations

import pytest

from iotplan.clients.errors import redact
from iotplan.manifest.addresses import derive_ref_id
from iotplan.render.secrets import hidden_in_views
from iotplan.secrets import holds_a_secret, text_names_a_credential, without_named_credentials

STACKS = (
    *("pin", "key-west", "north-pass", "upper-pin", "cookie-creek", "bearer-lake"),
    *("private", "cert", "otp", "auth", "session", "password", "api_key", "Token.2"),
)
ADDRESSES = (("n1",), ("n1", "lg"), ("n1", "lg", "s0"), ("dam-a", "logger-1", "pz-1"))


@pytest.mark.parametrize("stack", STACKS)
@pytest.mark.parametrize("keys", ADDRESSES)
def test_a_ref_id_is_shown_and_imported_as_it_is(stack: str, keys: tuple[str, ...]) -> None:
    ref_id = derive_ref_id(stack, *keys)
    assert not text_names_a_credential(ref_id)
    assert not holds_a_secret(ref_id)
    assert not hidden_in_views(ref_id)


@pytest.mark.parametrize(
    "said",
    [
        "refId `pin:n1/lg` is not owned",
        '{"refId": "pass:n1/lg"}',
        "no stack for project p (refId 'pin:n1')",
        'refId "session:n1" unknown',
    ],
)
def test_a_message_quoting_a_ref_id_keeps_it(said: str) -> None:
    assert without_named_credentials(said) == said
    assert redact(said) == said


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        # A password's words run to its line's end: the sentence after it goes with it.
        ("wifi password:hunter2 reset", "wifi password:(sensitive)"),
        ("Login failed, pin:4421 for user", "Login failed, pin:(sensitive) for user"),
        ("password: hunter2", "password: (sensitive)"),
        ('{"password":"hunter2"}', '{"password":"(sensitive)"}'),
        ("token:abc@host", "token:(sensitive)"),
        # A password holding a `/` reads as a refId's path: only a refId standing alone is one.
        ("Logger wifi password:Tr0ub4dor/3x", "Logger wifi password:(sensitive)"),
        ("Door code pin:4821/A", "Door code pin:(sensitive)"),
        ("refId key-west:n1/lg/s0 not found", "refId key-west:(sensitive) not found"),
    ],
)
def test_a_label_and_its_value_in_a_sentence_is_still_masked(said: str, shown: str) -> None:
    """Unquoted among a sentence's words and without a refId's path: a label and its value."""
    assert text_names_a_credential(said)
    assert without_named_credentials(said) == shown
