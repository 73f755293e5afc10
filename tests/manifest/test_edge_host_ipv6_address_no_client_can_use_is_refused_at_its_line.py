"""An IPv6 `edge.host` the edge client could never reach is refused at its line, saying why: a zone
id (`%eth0`, which the HTTP client cannot connect through), a URL with the address unbracketed
(its port cannot be told from the address), text in brackets that is no IPv6 address, and a port
outside 1..65535."""

from __future__ import annotations

import pytest

from tests.manifest.edge_hosts import edge_host_problem


@pytest.mark.parametrize(
    ("host", "message"),
    [
        (
            "fe80::1%eth0",
            "'fe80::1%eth0' has a zone id (%eth0), which iotplan's HTTP client cannot connect through",
        ),
        (
            "[fe80::1%25eth0]:8404",
            "has a zone id (%25eth0), which iotplan's HTTP client cannot connect through",
        ),
        ("http://2001:db8::5", "an IPv6 address in a URL goes in brackets: http://[2001:db8::5]"),
        ("[fe80::g]:8404", "'fe80::g' in brackets is not an IPv6 address"),
        ("[2001:db8::5]:65536", "port 65536 in '[2001:db8::5]:65536' is outside 1..65535"),
    ],
)
def test_an_ipv6_host_no_client_can_use_is_refused_at_its_line(host: str, message: str) -> None:
    problem = edge_host_problem(host)
    assert (problem.line, problem.column) == (10, 17)
    assert message in problem.message
