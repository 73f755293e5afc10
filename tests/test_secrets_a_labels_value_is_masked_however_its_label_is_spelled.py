"""A credential's label is read however a platform or another tool spelled it: HTML-escaped
(`&quot;password&quot;:`, `password&#61;`) or percent-encoded (`%22password%22%3A`) text, a layer in
another or escaped again (`&amp;quot;`), is read decoded by the same label rule, its value masked where
it is written; `password is x`, `password -> x`, a fullwidth colon, a table's cell beside a
credential's header, an XML element with attributes or a namespace's prefix, and a pairing code named
in prose are labels too. What reads as a message under each (`password is too short`) stays shown, as
it does written plainly."""

from __future__ import annotations

import pytest

from iotplan.clients.errors import redact
from iotplan.secrets import MASKED

SECRET = "Hunt3rXyz"


@pytest.mark.parametrize(
    "said",
    [
        # escaped: read decoded
        "{&quot;password&quot;:&quot;Hunt3rXyz&quot;}",
        "password&#61;Hunt3rXyz",
        "password&#x3D;Hunt3rXyz",
        "password&#x3d;Hunt3rXyz&amp;user=bob",
        "&lt;Password&gt;Hunt3rXyz&lt;/Password&gt;",
        "password%3DHunt3rXyz",
        "%22password%22%3A%22Hunt3rXyz%22",
        "refused: %7B%22wifi_password%22%3A%22Hunt3rXyz%22%7D",
        "&amp;quot;password&amp;quot;:&amp;quot;Hunt3rXyz&amp;quot;",
        "%26quot%3Bpassword%26quot%3B%3A%26quot%3BHunt3rXyz%26quot%3B",
        # in words
        "password is Hunt3rXyz",
        "the admin password is Hunt3rXyz and cannot be changed",
        "Station PIN is Hunt3rXyz",
        "password -> Hunt3rXyz",
        "password => Hunt3rXyz",
        "password：Hunt3rXyz",
        "wifi password： Hunt3rXyz",
        # markup
        "<td>Password</td><td>Hunt3rXyz</td>",
        "<tr><th>Wifi password</th> <td class='v'>Hunt3rXyz</td></tr>",
        "<TD>Password:</TD><TD>Hunt3rXyz</TD>",
        '<ns:Password type="text">Hunt3rXyz</ns:Password>',
        '<Password type="text">Hunt3rXyz</Password>',
        "<ns:Password>Hunt3rXyz</ns:Password>",
        # a pairing code in prose
        "The pairing code: Hunt3rXyz was refused",
        "pairing code: Hunt3rXyz",
    ],
)
def test_a_credentials_value_is_masked(said: str) -> None:
    shown = redact(said)
    assert SECRET not in shown
    assert MASKED in shown


@pytest.mark.parametrize(
    "said",
    [
        "password&#58; must be at least 8 characters",
        "&quot;password&quot;: [&quot;required&quot;]",
        "password%3A must be at least 8 characters",
        "password is too short",
        "password is not valid",
        "The password is incorrect.",
        "password -> must be at least 8 characters",
        "password： must be at least 8 characters",
        "<td>Password</td><td>must be at least 8 characters</td>",
        '<ns:Password type="text">required</ns:Password>',
        "pairing code: expired",
        # a code no credential names, and a table's cell no credential heads
        "error code: 4421",
        "<td>Passengers</td><td>4421</td>",
        # the HTTP 401 messages, whose label word names no value typed
        "Authentication is required for this request",
        "Authorization is denied for this request",
    ],
)
def test_a_message_under_such_a_label_is_shown(said: str) -> None:
    assert redact(said) == said
