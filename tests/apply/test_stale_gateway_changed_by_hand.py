"""A saved plan refused because a gateway's setting changed by hand since it was made says the
gateway changed, not the platform (fz66 #3: `DATA_BITS` set on the THREAD between plan and apply)."""

from __future__ import annotations

from tests.apply.test_stale import stale_message, with_changes
from tests.plan.edgebuilder import setting_change
from tests.render import plans


def test_a_gateway_setting_changed_since_the_plan_was_made_is_told_as_the_gateways() -> None:
    baud = setting_change("thread-south", "port1.baud_rate", 9600, 19200)
    saved = with_changes(*plans.update().changes, baud)
    by_hand = setting_change("thread-south", "port1.data_bits", 7, 8)
    assert stale_message(saved, with_changes(*saved.changes, by_hand)) == (
        "the plan holds no write for thread-south/edge/port1.data_bits: either the gateway changed there "
        "since the plan was made, or the plan file was edited or cut: run iotplan plan again"
    )
    moved = setting_change("thread-south", "port1.baud_rate", 4800, 19200)
    fresh = with_changes(*plans.update().changes, moved)
    assert stale_message(saved, fresh).startswith(
        "the gateway changed since the plan was made (thread-south/edge/port1.baud_rate)"
    )
