"""The `ref_id:` a refusal offers to adopt a live copy by is text read from the platform: a SERIAL_NO
holding ESC, BEL or a bidirectional override printed raw would rewrite the terminal line showing it.
A manifest refuses such a `ref_id:` anyway, so none is offered: the SERIAL_NO is shown escaped and the
advice is to give the entity another one in the web app."""

from __future__ import annotations

from iotplan.plan.copies import earlier_copy
from tests.guards.test_copies import entity

HOSTILE = "7f\x1b]0;pwned\x07\u202e3c"


def test_a_serial_that_would_act_on_the_terminal_is_escaped_and_never_offered_as_a_ref_id() -> None:
    found = earlier_copy("Logger", [entity("d1", "Logger", HOSTILE)], "device", "ref_id", depth=1)
    assert "\x1b" not in found and "\x07" not in found and "\u202e" not in found
    assert "ref_id: " not in found and "another SERIAL_NO in the platform's web app" in found


def test_a_printable_serial_is_offered_as_it_is() -> None:
    found = earlier_copy("Logger", [entity("d1", "Logger", "7f3c")], "device", "ref_id", depth=1)
    assert "adopt it with `ref_id: 7f3c`" in found
