"""An `edge.host` no host name can be was taken: 65,536 characters passed `validate`, then `plan` ended
in `unexpected InvalidURL: URL too long`, at no line; 300 characters, a part of 64 or an empty part
(`a..b`) showed a gateway "pending" that no lookup could ever reach. Each is refused at its line."""

from __future__ import annotations

import pytest

from tests.manifest.edge_hosts import edge_host_manifest, edge_host_problem

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
    problem = edge_host_problem(host, quoted=False)
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
    manifest = edge_host_manifest(host, quoted=False)
    assert manifest.manifest.projects[0].nodes[0].edge.host == host  # type: ignore[union-attr]
