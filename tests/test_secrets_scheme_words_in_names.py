"""`Basic`, `Bearer` and `ApiKey` open ordinary names too (`Bearer Creek feed 2`, `Basic Outflow
logger`, `Basic Options`): a scheme's word counts only before what is shaped as its credential, in
views and messages alike. `Basic` before the base64 of a printable `user:password` with a user;
`Bearer` and `ApiKey` before a token (letters and a digit, a JWT's start, 16 characters of one run)."""

from __future__ import annotations

import base64

import pytest

from iotplan.clients.errors import redact
from iotplan.render.secrets import hidden_in_views
from iotplan.secrets import holds_a_credential, text_names_a_credential, without_named_credentials

NAMES = (
    *("Bearer Creek feed 2", "Basic Outflow logger", "Bearer lake level", "Basic calibration done 2026"),
    *("Basic Options", "Basic Only", "Basic Output", "Basic Open", "Basic Over", "Basic Outcome"),
    *("Bearer Options", "ApiKey Rotation notes", "BASIC Flow", "Basic Flow (2 sensors)", "Bearer Creek-East"),
)


@pytest.mark.parametrize("name", NAMES)
def test_a_name_opening_with_a_schemes_word_is_shown(name: str) -> None:
    assert not text_names_a_credential(name)
    assert not holds_a_credential(name)
    assert not hidden_in_views(name)


@pytest.mark.parametrize("name", NAMES)
def test_a_message_quoting_such_a_name_keeps_it(name: str) -> None:
    said = f"device 'lg' named {name!r} was refused"
    assert without_named_credentials(said) == said
    assert redact(said) == said


def _basic(user_and_password: str) -> str:
    return base64.b64encode(user_and_password.encode()).decode()


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        (f"echoed Basic {_basic('user:password')} refused", "echoed Basic (sensitive) refused"),
        (f"basic {_basic('svc:Pa ss w0rd!')}", "basic (sensitive)"),
        (f"Basic {_basic('feeduser:hunter2pw')[:-3]}", "Basic (sensitive)"),  # cut short
        (f"Basic {_basic('u:p').rstrip('=')}", "Basic (sensitive)"),
        ("sent Bearer k-8977 twice", "sent Bearer (sensitive) twice"),
        ("bearer hunter2pw", "bearer (sensitive)"),
        ("ApiKey 3f9c1b7a", "ApiKey (sensitive)"),
        ("APIKEY\tCANARY-4e1d9f", "APIKEY\t(sensitive)"),
        ("Bearer eyJx", "Bearer (sensitive)"),
        ("Bearer abcdefghijklmnopQRST", "Bearer (sensitive)"),
    ],
)
def test_a_schemes_credential_is_masked(said: str, shown: str) -> None:
    assert text_names_a_credential(said)
    assert without_named_credentials(said) == shown
    assert redact(said) == shown


def test_a_basic_value_without_a_user_is_a_credential_only_with_a_tokens_length() -> None:
    """`Basic Options` decodes to a leading `:` and four bytes: a word. A personal access token is
    sent as `Basic base64(":<token>")`, no user: its length tells it."""
    assert base64.b64decode("Options=").startswith(b":")
    assert not text_names_a_credential(f"Basic {_basic(':pass')}")
    assert text_names_a_credential(f"Basic {_basic(':myPATtoken0123456789')}")
    assert "myPAT" not in without_named_credentials(f"Authorization failed: Basic {_basic(':myPATtoken01')}")
