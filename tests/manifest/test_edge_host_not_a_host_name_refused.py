"""An `edge.host` no host name can be was taken: 65,536 characters passed `validate`, then `plan` ended
in `unexpected InvalidURL: URL too long`, at no line; 300 characters, a part of 64 or an empty part
(`a..b`) showed a gateway "pending" that no lookup could ever reach. Each is refused at its line."""

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
          host: %s
"""
LABEL = "a" * 63


@pytest.mark.parametrize(
    ("host", "message"),
    [
        ("a" * 65_536, "longer than 253 characters (65,536), as no host name is"),
        (f"http://{'a' * 300}:8080", "longer than 253 characters (300), as no host name is"),
        (f"{LABEL}a.local", f"its part '{LABEL}a' is longer than 63 characters, as no host name's part is"),
        ("thread..local", "'thread..local' has an empty part between two dots, as no host name has"),
    ],
)
def test_a_host_no_host_name_can_be_is_refused_at_its_line(host: str, message: str) -> None:
    with pytest.raises(ManifestError) as refused:
        parse_manifest(MANIFEST % host, "h.yaml")
    [problem] = refused.value.problems
    assert (problem.line, problem.column) == (10, 17)
    assert message in problem.message


@pytest.mark.parametrize(
    "host",
    [
        ".".join([LABEL, LABEL, LABEL, "a" * 61]),  # 253 characters
        f"https://{LABEL}.local:8080/",
        "192.0.2.10",
        "thread-a.local:8080",
    ],
)
def test_a_host_name_at_the_limits_is_taken(host: str) -> None:
    manifest = parse_manifest(MANIFEST % host, "h.yaml")
    assert manifest.manifest.projects[0].nodes[0].edge.host == host  # type: ignore[union-attr]
