"""An API key or token holding a character beyond ASCII (a no-break space pasted from a web page) is
refused before any request, naming the variable, never the value: an Authorization header carries
ASCII, httpx sent the character's UTF-8 bytes, which a server reads byte by byte (ISO-8859-1, as the
emulator does), and the platform answered 401 "Invalid token" to a key it holds. Blanks that are
ASCII (a double space) are sent as written, and a client secret, sent in a form, is not refused."""

from __future__ import annotations

import pytest

from iotplan.clients.auth import ApiKey, ClientCredentials, credential_from_env
from iotplan.errors import IotplanError

CANARY = "CANARY-4e1d9f"


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("IOTPLAN_API_KEY", f"{CANARY}\u00a0A9x", "a no-break space (U+00A0)"),
        ("IOTPLAN_API_KEY", f"{CANARY}\u2003A9x", "an em space (U+2003)"),
        ("IOTPLAN_TOKEN", f"{CANARY}\u3000A9x", "an ideographic space (U+3000)"),
        ("IOTPLAN_API_KEY", f"{CANARY}é", "a character beyond ASCII"),
    ],
)
def test_a_key_or_token_beyond_ascii_is_refused_without_showing_it(name: str, value: str, said: str) -> None:
    with pytest.raises(IotplanError) as caught:
        credential_from_env({name: value})
    message = str(caught.value)
    assert message.startswith(f"{name} holds {said}"), message
    assert CANARY not in message and "é" not in message


def test_ascii_blanks_and_a_client_secret_beyond_ascii_are_taken() -> None:
    assert isinstance(credential_from_env({"IOTPLAN_API_KEY": "sk live  A9x"}), ApiKey)
    oauth = {"IOTPLAN_CLIENT_ID": "client", "IOTPLAN_CLIENT_SECRET": "top secret\u00a0pass word"}
    assert isinstance(credential_from_env(oauth), ClientCredentials)
