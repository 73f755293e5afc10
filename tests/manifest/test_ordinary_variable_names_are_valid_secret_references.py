"""The names a variable is given, in words (`DAM_A_TOKEN`, `SITE_01_TOKEN`, `gw1_pw`), stay valid
secret references: only a name that reads as a token is refused."""

from __future__ import annotations

import pytest

from iotplan.manifest import parse_manifest

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
    manifest = (
        "apiVersion: iotplan/v1\nstack: site\nprojects:\n  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537\n"
        "    nodes:\n      - key: dam-a\n        auth_token: ${env:" + name + "}\n"
    )
    [node] = parse_manifest(manifest, "site.yaml").manifest.projects[0].nodes
    assert node.auth_token == "${env:" + name + "}"
