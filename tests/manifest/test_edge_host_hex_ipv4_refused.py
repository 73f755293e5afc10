"""`edge.host: 0x0a.0.0.5` (or `10.0.0.0x5`) passed `validate` as a host name, though resolvers read
dotted numbers written in hex as an IPv4 address (`0x0a` as 10): what box it reaches depends on the
resolver. Refused at its line as a leading zero is, with the address to write."""

from __future__ import annotations

import pytest

from tests.manifest.edge_hosts import edge_host_manifest, edge_host_problem


@pytest.mark.parametrize(
    ("host", "message"),
    [
        (
            "0x0a.0.0.5",
            "'0x0a.0.0.5' writes a number in hex (0x0a), which resolvers read as part of an IPv4 "
            "address: write 10.0.0.5",
        ),
        (
            "http://10.0.0.0x5:8080",
            "'10.0.0.0x5' writes a number in hex (0x5), which resolvers read as part "
            "of an IPv4 address: write 10.0.0.5",
        ),
        ("0x0a.0x1ff.0.5", "'0x0a.0x1ff.0.5' is all numbers but not an IPv4 address"),
    ],
)
def test_dotted_numbers_written_in_hex_are_refused_at_their_line(host: str, message: str) -> None:
    problem = edge_host_problem(host)
    assert (problem.line, problem.column) == (10, 17)
    assert message in problem.message


@pytest.mark.parametrize("host", ["0xdead.example", "gw0x5.local", "x0.0.0.5"])
def test_a_name_with_hex_looking_parts_is_taken(host: str) -> None:
    manifest = edge_host_manifest(host)
    assert manifest.manifest.projects[0].nodes[0].edge.host == host  # type: ignore[union-attr]
