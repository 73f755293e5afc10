"""A credential word counts joined to another word only where no ordinary word holds it (TOKEN, SECRET,
PASSWORD, CREDENTIAL), the short ones (KEY, PASS, PAT) only as a whole word or plural, and AUTH and
BEARER unless every word after them names a setting of how one signs in: found inside a word, a
keyboard's hot keys, a compatibility switch, a bypass or a book's authors would refuse the quickstart, and
before such words, a sign-in's client id, scopes or issuer."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clients.refused_target import demo_chosen


def test_look_alikes_of_joined_and_plural_credential_words_leave_the_demo_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    environ = {
        "ITWIN_KEYBOARD_LAYOUT": "en-US",
        "ITWIN_HOTKEYS": "ctrl+k",
        "ITWIN_COMPAT_MODE": "1",
        "ITWIN_BYPASS_CACHE": "1",
        "BENTLEY_AUTHORS": "J. Doe",
        "ITWIN_AUTHORING": "on",
        "ITWIN_CREDENTIALS_FILE": "/run/secrets/itwin.json",
        "ITWIN_AUTH_URL": "https://ims.bentley.com",
        # AUTH before words naming a setting of how one signs in holds no credential: these refused (cr92)
        "ITWIN_AUTH_CLIENT_ID": "spa-abc123",
        "ITWIN_AUTH_SCOPES": "itwin-platform",
        "ITWIN_AUTH_ENABLED": "true",
        "IIOT_AUTH_MODE": "pkce",
        "BENTLEY_AUTH_ISSUER": "https://ims.bentley.com",
        "ITwinAuthClientId": "spa-abc123",
        # nor once AUTH and BEARER count wherever they stand (cr94): every word after them such a setting's
        "ITWIN_AUTH_SCOPE": "itwin-platform",
        "ITWIN_AUTH_TYPE": "oidc",
        "ITWIN_AUTH_METHOD": "client_credentials",
        "ITWIN_AUTH_PROVIDER": "ims",
        "ITWIN_AUTH_DOMAIN": "bentley.com",
        "ITWIN_AUTH_TENANT": "contoso",
        "ITWIN_AUTH_REALM": "iiot",
        "ITWIN_AUTH_AUDIENCE": "itwin-platform",
        "ITWIN_AUTH_ENDPOINT": "https://ims.bentley.com/connect/token",
        "ITWIN_BEARER_ISSUER": "https://ims.bentley.com",
        "BENTLEY_AUTH_CLIENT_HOST": "ims.bentley.com",
    }
    assert demo_chosen(environ, tmp_path, monkeypatch)
