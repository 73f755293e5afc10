"""Headers written as a list of pairs (`[('cookie', 'sid=...')]`, httpx's `Headers([...])`, an ASGI scope's
`[(b'authorization', b'...')]`): a credential header's name quoted as a pair's first item masks the pair's
second item whole, to its closing quote. Before, the value was shown."""

from __future__ import annotations

import pytest

from iotplan.clients.errors import redact
from tests.secrets_readers import READERS, M, as_json_debug_line


@pytest.mark.parametrize("read", [*READERS, as_json_debug_line])
@pytest.mark.parametrize(
    "said, secret",
    [
        ("[('cookie', 'a=1'), ('cookie', 'sid=8f14e45fceeaTAIL9')]", "8f14e45fceea"),
        (
            "Headers([('set-cookie', 'a=1; Path=/'), ('set-cookie', 'sid=8f14e45fceeaTAIL9; HttpOnly')])",
            "8f14e45fceea",
        ),
        ("[(b'authorization', b'Negotiate YIIFabcdefghijklmnop TAILXYZ')]", "TAILXYZ"),
        (
            "[(b':method', b'GET'), "
            "(b'authorization', b'NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAGAbEdAAAADw==')]",
            "TlRMTVNTUAAB",
        ),
        ('[["Proxy-Authorization", "Negotiate YIIF abc TAILXYZ"]]', "TAILXYZ"),
    ],
)
def test_a_credential_headers_pair_is_masked(read, said: str, secret: str) -> None:
    assert secret not in read(said), read(said)


def test_the_pairs_value_alone_is_masked() -> None:
    said = "[(b':method', b'GET'), (b'cookie', b'sid=abc; theme=dark'), (b'accept', b'*/*')]"
    assert redact(said) == f"[(b':method', b'GET'), (b'cookie', b'{M}'), (b'accept', b'*/*')]"


def test_a_pair_of_another_header_is_kept() -> None:
    said = "[('content-type', 'text/plain'), ('x-request-id', 'req-9')]"
    assert redact(said) == said


@pytest.mark.parametrize("read", [*READERS, as_json_debug_line])
@pytest.mark.parametrize(
    "said",
    [  # any header the `Name: value` rule masks, and a pair pprint wraps or holding an escaped quote
        "[('x-api-key', 'k8f14e45fceeaTAIL9')]",
        "[('x-auth-token', 'k8f14e45fceeaTAIL9')]",
        '[["X-Api-Key", "k8f14e45fceeaTAIL9"]]',
        "Headers([('Ocp-Apim-Subscription-Key', 'k8f14e45fceeaTAIL9')])",
        "[('cookie',\n    'sid=8f14e45fceeaTAIL9')]",
        "[(b'authorization', b'Bearer it\\'s8f14e45fceeaTAIL9')]",
    ],
)
def test_any_credential_headers_pair_is_masked(read, said: str) -> None:
    assert "8f14e45fceea" not in read(said), read(said)


@pytest.mark.parametrize("read", READERS)
def test_a_list_of_header_names_is_no_pair(read) -> None:
    """A pair is the two items of a bracket: header names listed in a message are the message's."""
    said = (
        "missing headers: 'cookie', 'x-request-id' (request id req-9); also ['authorization', 'accept', 'x']"
    )
    assert said in read(said), read(said)
