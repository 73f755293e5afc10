"""An IPv6 `edge.host` was refused as "not a host name or IP with optional scheme and port": a
gateway on an IPv6 network could not be declared. A bracketed address, with or without scheme and
port, and a bare one (no port: its colons are the address's) are taken as written."""

from __future__ import annotations

import pytest

from tests.manifest.edge_hosts import edge_host_manifest


@pytest.mark.parametrize(
    "host",
    [
        "[fd12:3456::1]:8404",
        "[2001:db8::5]",
        "fd12:3456::1",
        "2001:db8::5",
        "::1",
        "[::ffff:192.0.2.10]:80",
        "http://[::1]:8404",
        "https://[2001:DB8::5]/",
    ],
)
def test_an_ipv6_address_is_taken(host: str) -> None:
    manifest = edge_host_manifest(host)
    assert manifest.manifest.projects[0].nodes[0].edge.host == host  # type: ignore[union-attr]
