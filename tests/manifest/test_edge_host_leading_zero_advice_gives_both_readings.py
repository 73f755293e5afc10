"""`edge.host: 0177.0.0.1` was refused with "write 177.0.0.1", but a resolver reading a leading zero
as octal (inet_aton) reaches 127.0.0.1 with it: which box was meant, iotplan cannot know. Where the
decimal and octal readings differ, the advice gives each, named; where only one is an address, that
one, saying the other is none; where they agree, the one address. A hex form holding such a number
too is advised alike."""

from __future__ import annotations

import pytest

from tests.manifest.edge_hosts import edge_host_problem


@pytest.mark.parametrize(
    ("host", "advice"),
    [
        ("0177.0.0.1", "write 177.0.0.1 if you mean decimal, 127.0.0.1 if octal"),
        ("http://192.168.001.010:8404", "write 192.168.1.10 if you mean decimal, 192.168.1.8 if octal"),
        ("0x7f.0.0.010", "write 127.0.0.10 if you mean decimal, 127.0.0.8 if octal"),
        ("0377.0.0.1", "write 255.0.0.1: read as decimal, it is no IPv4 address"),
        ("192.168.08.1", "write 192.168.8.1: read as octal, it is no IPv4 address"),
        ("01.02.03.04", "write 1.2.3.4"),
    ],
)
def test_a_leading_zeros_advice_gives_each_reading_that_is_an_address(host: str, advice: str) -> None:
    problem = edge_host_problem(host)
    assert (problem.line, problem.column) == (10, 17)
    assert problem.message.endswith(advice), problem.message
