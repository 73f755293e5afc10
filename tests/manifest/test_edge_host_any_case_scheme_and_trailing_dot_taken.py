"""`edge.host: HTTP://10.0.0.5`, `Https://gw` and `gw.site1.` were refused as "not a host name or
IP": a URL's scheme is case-insensitive, and a name ending in a dot is a fully qualified DNS name.
They are taken. An IPv4 address ending in a dot (`10.0.0.5.`) stays refused, saying what to write:
the dot marks a DNS name, and no DNS name is all numbers, so the lookup fails (glibc: "Name or
service not known")."""

from __future__ import annotations

import pytest

from tests.manifest.edge_hosts import edge_host_manifest, edge_host_problem


@pytest.mark.parametrize(
    "host", ["HTTP://10.0.0.5", "Https://gw", "gw.site1.", "http://gw.site1.:8080/", "HTTPS://[2001:db8::5]"]
)
def test_a_scheme_in_any_case_and_a_name_ending_in_a_dot_are_taken(host: str) -> None:
    manifest = edge_host_manifest(host)
    assert manifest.manifest.projects[0].nodes[0].edge.host == host  # type: ignore[union-attr]


def test_an_ipv4_address_ending_in_a_dot_is_refused_at_its_line() -> None:
    problem = edge_host_problem("10.0.0.5.")
    assert (problem.line, problem.column) == (10, 17)
    assert (
        "'10.0.0.5.' is an IPv4 address ending in a dot, which marks a DNS name, and no DNS name is all "
        "numbers: the lookup fails; write 10.0.0.5"
    ) in problem.message
