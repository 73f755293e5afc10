"""`edge.host: 999.1.1.1` passed `validate`: a host of dotted numbers is no name DNS holds (a name's
last part is never all digits), so it can only mean an IPv4 address, and this one is none. Plan then
showed its gateway pending, unreachable, for ever. Refused at its line, saying so; one with a part
written with a leading zero too, which some resolvers read as octal (010 as 8: another box)."""

from __future__ import annotations

import pytest

from tests.manifest.edge_hosts import edge_host_manifest, edge_host_problem


@pytest.mark.parametrize(
    ("host", "message"),
    [
        ("999.1.1.1", "'999.1.1.1' is all numbers but not an IPv4 address (four numbers 0..255)"),
        ("http://256.0.0.1:8080", "'256.0.0.1' is all numbers but not an IPv4 address"),
        ("192.0.2", "'192.0.2' is all numbers but not an IPv4 address"),
        ("192.0.2.10.5", "'192.0.2.10.5' is all numbers but not an IPv4 address"),
        ("192.168.001.010", "'192.168.001.010' writes a number with a leading zero, which some resolvers"),
    ],
)
def test_dotted_numbers_that_are_no_ipv4_address_are_refused_at_their_line(host: str, message: str) -> None:
    problem = edge_host_problem(host)
    assert (problem.line, problem.column) == (10, 17)
    assert message in problem.message


@pytest.mark.parametrize(
    "host", ["192.0.2.10", "0.0.0.1:8404", "255.255.255.254", "10.0.0.5.nip.io", "3com.local"]
)
def test_an_ipv4_address_or_a_name_with_numbers_is_taken(host: str) -> None:
    manifest = edge_host_manifest(host)
    assert manifest.manifest.projects[0].nodes[0].edge.host == host  # type: ignore[union-attr]
