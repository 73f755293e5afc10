"""`edge.host: ::ffff:1.2.3.4:80` was refused as "not an IPv6 address" with no word of the brackets a
port needs: an IPv6 address written bare takes no port (its colons are its own). The refusal says
how to write it with the port."""

from __future__ import annotations

import pytest

from iotplan.errors import ManifestError
from iotplan.manifest.loader import parse_manifest

MANIFEST = """apiVersion: iotplan/v1
stack: edge
projects:
  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537
    nodes:
      - key: thread-1
        kind: thread
        id: /fn/ABCDEF/node
        edge:
          host: '::ffff:1.2.3.4:80'
"""


def test_a_bare_ipv6_address_with_a_port_is_told_the_brackets() -> None:
    with pytest.raises(ManifestError) as refused:
        parse_manifest(MANIFEST, "h.yaml")
    [problem] = refused.value.problems
    assert (problem.line, problem.column) == (10, 17)
    assert problem.message.endswith(
        "'::ffff:1.2.3.4:80' is not an IPv6 address: an IPv6 address with a port goes in brackets: "
        "'[::ffff:1.2.3.4]:80'"
    )
