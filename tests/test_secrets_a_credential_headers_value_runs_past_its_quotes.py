"""An `Authorization:` header's value of a scheme other than Basic, Bearer or ApiKey runs to the end of its
line past its auth-params' quotes: written with blanks around `=` (`response = "..."`, RFC 7235's BWS),
holding a quoted-pair (`username="b\\"ob"`) or a lone quote.
Before, Digest's `response` after them was shown."""

from __future__ import annotations

import pytest

from iotplan.clients.errors import redact
from tests.secrets_readers import READERS, M


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize(
    "said",
    [
        'Authorization: Digest username = "bob", response = "6629fae4TAILXYZ"',
        'Authorization: Digest username="b\\"ob", response="6629fae4TAILXYZ"',
        'Authorization: NTLM abc "def TAILXYZ"',
    ],
)
def test_a_digest_response_is_masked(read, said: str) -> None:
    assert read(said).removeprefix("Unauthorized: ") == f"Authorization: {M}"


def test_a_header_quoted_in_a_json_string_ends_with_it() -> None:
    said = '{"h": "Authorization: Digest username=\\"bob\\", response=\\"x\\"", "a": "shown"}'
    assert redact(said) == f'{{"h": "Authorization: {M}", "a": "shown"}}'
