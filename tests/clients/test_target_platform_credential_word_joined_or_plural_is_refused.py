"""`ITWIN_CLIENTSECRET=... iotplan plan` ran on the embedded demo with exit 0 (fz83): a credential word
counted only as a whole word of the name (or right after the platform's name, ITWINAPIKEY), so one joined
to another word (CLIENTSECRET, ACCESSTOKEN) or plural (KEYS, TOKENS), and AUTH, BEARER or PWD, named no
credential. Each is refused as ITWIN_API_KEY is, naming it, never its value. AUTH and BEARER then counted
only as the name's last word, so ITWIN_AUTH_HEADER or ITWIN_BASIC_AUTH_PROD applied to the demo (cr94):
they are refused unless every word after them names a setting of how one signs in."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clients.refused_target import refused_unshown


@pytest.mark.parametrize(
    "name",
    [
        "ITWIN_CLIENTSECRET",
        "ITWIN_APITOKEN",
        "ITWIN_ACCESSTOKEN",
        "ITWIN_AUTH",
        "ITWIN_BASIC_AUTH",
        "ITWIN_CREDENTIALS",
        "ITWIN_BEARER",
        "ITWIN_SECRETS",
        "ITWIN_KEYS",
        "ITWIN_TOKENS",
        "ITWIN_PWD",
        "SENSEMETRICS_SECRETKEY",
        "bentley_iiot_accesstoken",
        "ITWINTOKENS",
        # AUTH or BEARER before a word that is no sign-in setting's (cr94): the demo applied, exit 0
        "ITWIN_BASIC_AUTH_PROD",
        "ITWIN_BEARER_PROD",
        "ITWIN_AUTH_HEADER",
        "ITWIN_AUTH_VALUE",
        "ITWIN_AUTH_STAGING",
        "ITWIN_AUTH_B64",
        "ITWIN_AUTH_HDR",
        "ITWIN_AUTH_PW",
        "ITWIN_AUTH_CREDS",
        "ITWIN_AUTH_CLIENT_PW",
        "BENTLEY_AUTH_HEADER",
        "SENSEMETRICS_BEARER_VALUE",
    ],
)
def test_a_platform_credential_word_joined_or_plural_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    said = refused_unshown(name, tmp_path, monkeypatch)
    assert f"{name} is set, but iotplan reads no credential under that name" in said
