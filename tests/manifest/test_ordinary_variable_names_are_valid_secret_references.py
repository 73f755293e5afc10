"""The names a variable is given, in words (`DAM_A_TOKEN`, `SITE_01_TOKEN`, `gw1_pw`), stay valid
secret references: only a name that reads as a token is refused."""

from __future__ import annotations

import pytest

from iotplan.manifest import parse_manifest
from tests.manifest.declared_credentials import with_auth_token

NAMES = [
    "DAM_A_TOKEN",
    "SITE_01_TOKEN",
    "GITHUB_TOKEN",
    "TOKEN_2FA",
    "ALPHA_BRAVO_CHARLIE_DELTA_ECHO",
    "gw1_pw",
    "site_a_token",
    "DockerHubPassword",
    "DOCKERHUBPASSWORD",
    "OAUTH2_CLIENT_SECRET",
    "OAUTH2CLIENTSECRET",
    "S3_BUCKET_KEY_2024",
    "XMLHttpToken",
]


@pytest.mark.parametrize("name", NAMES)
def test_ordinary_variable_names_are_valid_secret_references(name: str) -> None:
    [node] = parse_manifest(with_auth_token(name), "site.yaml").manifest.projects[0].nodes
    assert node.auth_token == "${env:" + name + "}"
