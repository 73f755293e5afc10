"""A declared URL whose host holds a credential word before its port (`auth-server.example:8443`,
`keystone.example:5000`) is valid: the authority after `scheme://` is no name and value, as the rule
views hide live text with reads it. A credential named after it (`?token=`, `token: ...`) is still
refused."""

from __future__ import annotations

import pytest

from iotplan.errors import ManifestError
from iotplan.manifest import parse_manifest

HEAD = (
    "apiVersion: iotplan/v1\nstack: site\nprojects:\n  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537\n"
    "    nodes:\n      - key: n\n"
)


def test_a_urls_host_and_port_are_declared_and_a_credential_after_them_is_refused() -> None:
    valid = (
        "        url: https://auth-server.example:8443/feed\n"
        "        name: 'Feed of https://keystone.example:5000/v3'\n"
        "        notes: 'mirror at mqtts://token.example:8883 and url=https://auth.example:8443'\n"
    )
    node = parse_manifest(HEAD + valid, "site.yaml").manifest.projects[0].nodes[0]
    assert node.url == "https://auth-server.example:8443/feed"
    with pytest.raises(ManifestError) as refused:
        parse_manifest(HEAD + "        url: 'https://auth.example:8443/feed token: k-8977'\n", "site.yaml")
    [problem] = refused.value.problems
    assert "holds a credential named 'token'" in problem.message and "k-8977" not in str(refused.value)
