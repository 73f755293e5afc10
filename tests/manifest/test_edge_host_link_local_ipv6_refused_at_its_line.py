"""A link-local IPv6 `edge.host` (fe80::/10) written without a zone id passed `validate`, and every
plan then failed to connect to it (ConnectError, Errno 22): such an address names a box only on one
interface, which only a zone id says, and iotplan's HTTP client cannot connect through one. Refused
at its line as a zone id is, saying which address to give instead."""

from __future__ import annotations

import pytest

from tests.manifest.edge_hosts import edge_host_problem


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("fe80::1", "fe80::1"),
        ("[FE80::1]:8404", "FE80::1"),
        ("http://[febf::5]", "febf::5"),
        ("http://fe80::1:8404", "fe80::1:8404"),
    ],
)
def test_a_link_local_ipv6_address_is_refused_at_its_line(host: str, address: str) -> None:
    problem = edge_host_problem(host)
    assert (problem.line, problem.column) == (10, 17)
    assert (
        f"{address!r} is a link-local IPv6 address (fe80::/10), which reaches a box only through a zone id "
        "naming the interface, and iotplan's HTTP client cannot connect through one: give the gateway's "
        "global or unique-local IPv6 address, or its host name"
    ) in problem.message
