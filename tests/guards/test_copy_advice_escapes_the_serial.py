"""The `ref_id:` a refusal offers to adopt a live copy by is text read from the platform: a SERIAL_NO
holding ESC, BEL or a bidirectional override printed raw would rewrite the terminal line showing it,
while the SERIAL_NO part of the same message is escaped. Offered escaped, as YAML reads it back."""

from __future__ import annotations

from iotplan.plan.copies import earlier_copy
from tests.guards.test_copies import entity

HOSTILE = "7f\x1b]0;pwned\x07\u202e3c"


def test_the_adoption_advice_escapes_a_serial_that_would_act_on_the_terminal() -> None:
    found = earlier_copy("Logger", [entity("d1", "Logger", HOSTILE)], "device", "ref_id", depth=1)
    assert "\x1b" not in found and "\x07" not in found and "\u202e" not in found
    assert 'adopt it with `ref_id: "7f\\u001b]0;pwned\\u0007\\u202e3c"`' in found


def test_a_printable_serial_is_offered_as_it_is() -> None:
    found = earlier_copy("Logger", [entity("d1", "Logger", "7f3c")], "device", "ref_id", depth=1)
    assert "adopt it with `ref_id: 7f3c`" in found
