"""A credential header's value folded onto its next line (RFC 7230's obs-fold: a line break followed by a
space or a tab) runs on over it: `Cookie: theme=dark;\\r\\n sid=...` is one value. Before, the line after the
fold was shown."""

from __future__ import annotations

import pytest

from iotplan.clients.errors import redact
from tests.secrets_readers import READERS, M, as_json_debug_line


@pytest.mark.parametrize("read", [*READERS, as_json_debug_line])
@pytest.mark.parametrize(
    "said, secret",
    [
        ("Cookie: theme=dark;\r\n sid=8f14e45fceeaTAIL9", "8f14e45fceea"),
        ("Authorization: Negotiate YIIF\r\n abcdefghTAILXYZ", "TAILXYZ"),
        ("Authorization: NTLM TlRMTVNT\n\tUAABTAILXYZ", "TAILXYZ"),
        ("Set-Cookie: a=1;\n  sid=8f14e45fceeaTAIL9; HttpOnly", "8f14e45fceea"),
    ],
)
def test_a_folded_headers_next_line_is_masked(read, said: str, secret: str) -> None:
    assert secret not in read(said), read(said)


def test_a_header_after_the_folded_one_is_shown() -> None:
    said = "Cookie: theme=dark;\r\n sid=abc\r\nX-Request-Id: 42"
    assert redact(said) == f"Cookie: {M}\r\nX-Request-Id: 42"


def test_a_line_break_before_no_blank_ends_the_value() -> None:
    assert redact("Authorization: NTLM abc\nnext line") == f"Authorization: {M}\nnext line"


@pytest.mark.parametrize("read", [*READERS, as_json_debug_line])
@pytest.mark.parametrize(
    "said, secret",
    [  # a fold escaped (once here, twice in a JSON-RPC debug line), and a one-word scheme's value folded
        ("Authorization: Negotiate YIIF\\r\\n abcdefghTAILXYZ", "TAILXYZ"),
        ("Authorization: Negotiate YIIF\\n\\t abcdefghTAILXYZ", "TAILXYZ"),
        ('{"h": "Cookie: a=1;\\r\\n sid=8f14e45fceeaTAIL9"}', "8f14e45fceea"),
        ('{"m": "{\\"h\\": \\"Cookie: a=1;\\\\r\\\\n sid=8f14e45fceeaTAIL9\\"}"}', "8f14e45fceea"),
        ("Authorization: Basic x\r\n dXNlcjpzM2NyM3RUQUlM", "dXNlcjpzM2NyM3RUQUlM"),
        ("Proxy-Authorization: Bearer x\n\tdXNlcjpzM2NyM3RUQUlM", "dXNlcjpzM2NyM3RUQUlM"),
        ("Authorization: Basic x\\r\\n dXNlcjpzM2NyM3RUQUlM", "dXNlcjpzM2NyM3RUQUlM"),
    ],
)
def test_a_fold_escaped_or_after_a_one_word_scheme_is_a_fold(read, said: str, secret: str) -> None:
    assert secret not in read(said), read(said)


def test_a_one_word_schemes_reason_after_it_is_shown() -> None:
    assert redact("Authorization: Basic x\r\nrefused") == f"Authorization: {M}\r\nrefused"
