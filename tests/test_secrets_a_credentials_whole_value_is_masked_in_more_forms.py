"""A credential a platform's error text or a --debug line holds is masked to its end in the forms a label, a
header or a URL still ended early: an `Authorization:` header of any scheme and a `Cookie:` header whole, an
ODBC connection string's `Pwd=`, a JDBC URL's `;password=` past its blank, a person's secret past a quoted or
bracketed word or a credential's label among its words, and a `Basic` credential holding a JSON-escaped
no-break space. Before, each showed the words after the first."""

from __future__ import annotations

import json

import pytest

from iotplan.clients.errors import redact
from iotplan.clients.jsonrpc_session import _error_shown
from tests.secrets_readers import READERS, M


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ("Authorization: Negotiate YIIFyQYGKwYBBQUCoIIFvTCCBbmgMDAuBgkqhkiC9xIB", f"Authorization: {M}"),
        (
            "Proxy-Authorization: Negotiate YIIFyQYGKwYBBQUCoIIFvTCCBbmgMDAuBgkqhkiC9xIB",
            f"Proxy-Authorization: {M}",
        ),
        (
            "X-Forwarded-Authorization: NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAA",
            f"X-Forwarded-Authorization: {M}",
        ),
        ("Authorization: Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b", f"Authorization: {M}"),
        ("Authorization: SSWS 00QCjAl4MlV-WPXM-ABCDEFGHIJKLMNOPQRSTUVWX", f"Authorization: {M}"),
        ("Authorization=Negotiate YIIFyQYGKwYBBQUCoIIFvTCCBbmgMDAuBgkqhkiC9xIB", f"Authorization={M}"),
        (
            'Authorization: Digest username="ops", uri="/x", response="6629fae49393a053", opaque="5c"',
            f"Authorization: {M}",
        ),
        ("Authorization: Bearer eyJBEARERfz37abcdefghijk refused", f"Authorization: {M} refused"),
        ("Cookie: theme=dark; sid=8f14e45fceea167a5a36dedd4bea2543", f"Cookie: {M}"),
        ("Cookie: a=1; connect.sid=s%3Aabcdefghij.xyz", f"Cookie: {M}"),
        ("Set-Cookie: theme=dark; session=8f14e45fceea; Path=/", f"Set-Cookie: {M}"),
    ],
)
def test_an_http_credential_headers_whole_value_is_masked(read, said: str, shown: str) -> None:
    assert read(said).removeprefix("Unauthorized: ") == shown


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ("Server=db;Uid=sa;Pwd=correct horse battery;Database=y", f"Server=db;Uid=sa;Pwd={M};Database=y"),
        (
            "Driver={ODBC};Server=db;UID=sa;PWD=correct horse battery;",
            f"Driver={{ODBC}};Server=db;UID=sa;PWD={M};",
        ),
        ("Passwd=horse battery;Database=x", f"Passwd={M};Database=x"),
        ("db_passwd=horse battery", f"db_passwd={M}"),
        ("passcode=12 34 56", f"passcode={M}"),
        (
            "jdbc:sqlserver://db:1433;user=sa;password=horse battery;database=x",
            f"jdbc:sqlserver://db:1433;user=sa;password={M};database=x",
        ),
        ("https://h/feed;password=ab\u00a0cd/x", f"https://h/feed;password={M}/x"),
        ("https://h/feed;jsessionid=ab\u00a0cd?x=1", f"https://h/feed;jsessionid={M}?x=1"),
        ("https://feed.example/data;password=pw-7f47/x", f"https://feed.example/data;password={M}/x"),
    ],
)
def test_a_connection_strings_or_urls_password_is_masked_whole(read, said: str, shown: str) -> None:
    assert read(said).removeprefix("Unauthorized: ").replace("\\u00a0", "\u00a0") == shown


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ('password: horse "battery staple', f"password: {M}"),
        ("passphrase: horse 'battery' staple", f"passphrase: {M}"),
        ("passphrase: horse 'n' battery staple", f"passphrase: {M}"),
        ("password: {horse} battery staple", f"password: {M}"),
        ("passphrase: [correct] horse battery staple", f"passphrase: {M}"),
        ("password: horse} battery staple", f"password: {M}"),
        ("password: a token=b c", f"password: {M}"),
        ("passphrase: horse key=battery staple", f"passphrase: {M}"),
        ("passphrase: open sesame pin:4421 door", f"passphrase: {M}"),
        ("password: horse token: expired", f"password: {M}"),
        # a quote closing the text the label stands in still ends it; a label's own value masked as far
        ('said "wifi password: p@ss w0rd" then', f'said "wifi password: {M}" then'),
        ("WifiPassword: hunter2 accessToken: abc123xyz", f"WifiPassword: {M} accessToken: {M}"),
        ('password: abc {"AUTH_TOKEN": "feed-token"}', f'password: {M} {{"AUTH_TOKEN": "{M}"}}'),
    ],
)
def test_a_persons_secret_runs_past_a_quoted_word_or_a_label_among_its_words(
    read, said: str, shown: str
) -> None:
    assert read(said).removeprefix("Unauthorized: ") == shown


def _jsonrpc_debug(notes: str) -> str:
    from iotplan.clients.errors import excerpt_told_cut, unseen_escaped

    params = json.dumps({"props": {"notes": notes}})
    return unseen_escaped(
        redact(f"JSON-RPC updateSensor #3 wss://gw/rpc → result {excerpt_told_cut(params, 300)}")
    )


@pytest.mark.parametrize(
    ("notes", "tail"),
    [
        ('passphrase: horse "battery" staple', "staple"),
        ("Authorization: Basic dXNlcjpw\u00a0YXNzd29yZA==", "YXNzd29yZA"),
        ("Basic dXNlcjpw\u00a0YXNzd29yZA==", "YXNzd29yZA"),
    ],
)
def test_a_jsonrpc_debug_line_masks_the_whole_secret(notes: str, tail: str) -> None:
    line = _jsonrpc_debug(notes)
    assert tail not in line and M in line, line


def test_an_unsolicited_jsonrpc_errors_warning_masks_a_quoted_word_of_a_passphrase() -> None:
    assert "staple" not in _error_shown({"code": 1, "message": "passphrase: horse 'battery' staple"})
