"""The quickstart runs with one command on a developer's machine, whose shell holds other tools'
credentials and names of the platform that hold none: neither is taken for the platform's
credential. Read by the masking rule (`auth`, `cert`, `session`, `pass`, `private` anywhere in a name),
iTwin.js's own IMJS_ITWIN_PLATFORM_AUTHORITY, a keyboard layout or a Kubernetes service link to a
Service named itwin-auth-proxy refused the quickstart; a name ending where a credential is (a URL, a
path, a file) holds none either."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clients.refused_target import demo_chosen


def test_other_credentials_leave_the_demo_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    environ = {
        "GITHUB_TOKEN": "ghp-token-1234",
        "AWS_SECRET_ACCESS_KEY": "aws-secret-1234",
        "NPM_TOKEN": "npm-token-1234",
        "SSH_AUTH_SOCK": "/tmp/ssh-agent.sock",
        "ITWIN_ID": "4f6a0c1e-0000-0000-0000-000000000000",
        "BENTLEY_HOME": "/opt/bentley",
        "IMJS_ITWIN_PLATFORM_AUTHORITY": "https://ims.bentley.com",
        "BENTLEY_IMS_AUTHORITY": "https://ims.bentley.com",
        "ITWIN_KEYBOARD_LAYOUT": "en-US",
        "ITWIN_TOKEN_URL": "https://ims.bentley.com/connect/token",
        "ITWIN_AUTH_PROXY_SERVICE_HOST": "10.96.0.12",
        "ITWIN_AUTH_PROXY_PORT_443_TCP": "tcp://10.96.0.12:443",
        "ITWIN_CA_CERT_PATH": "/etc/ssl/itwin.pem",
        "ITWIN_SESSION_ID": "f3a9",
        "ITWIN_PASSTHROUGH": "1",
        "BENTLEY_AUTHOR": "J. Doe",
        "BENTLEY_PRIVATE_REGISTRY": "https://npm.bentley.example",
        "ITWIN_PUBLIC_KEY_URL": "https://ims.bentley.com/.well-known/jwks",
        "ITWIN_API_KEY_FILE": "/run/secrets/itwin",
        "ITWIN_MONKEY": "1",
    }
    assert demo_chosen(environ, tmp_path, monkeypatch)
