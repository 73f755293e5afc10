"""`edge.host: ::ffff:1.2.3.4:80` was refused as "not an IPv6 address" with no word of the brackets a
port needs: an IPv6 address written bare takes no port (its colons are its own). The refusal says
how to write it with the port."""

from __future__ import annotations

from tests.manifest.edge_hosts import edge_host_problem


def test_a_bare_ipv6_address_with_a_port_is_told_the_brackets() -> None:
    problem = edge_host_problem("::ffff:1.2.3.4:80")
    assert (problem.line, problem.column) == (10, 17)
    assert problem.message.endswith(
        "'::ffff:1.2.3.4:80' is not an IPv6 address: an IPv6 address with a port goes in brackets: "
        "'[::ffff:1.2.3.4]:80'"
    )
