"""A port setting that cuts off the loggers on its port names each with what it holds, which grows
while the plan waits (a logger reads every 15 minutes): a saved, merged or confirmed plan whose note
counts fewer observations than a plan made now is no edit of the plan file (cr97: one reading more
refused the apply, "was the plan file edited or cut?"), nor is another logger named there: one put on the
port since, which apply/stale.py tells as a note the review did not show (fx258)."""

from __future__ import annotations

from iotplan.apply.edited import edited_parts
from iotplan.plan.address import Address
from iotplan.plan.model import Action, Cause, Change, Kind

NOTE = (
    "differs from the manifest; port 1 feeds t1/{logger} ({count} observations): "
    "this cuts off its readings, not the gateway"
)


def power_off(logger: str, count: str) -> Change:
    return Change(
        address=Address.of("t1", "edge", "port1.power"),
        kind=Kind.EDGE,
        action=Action.UPDATE,
        cause=Cause.DIFFERS,
        project_id="6ee68656-ce20-452c-a4e6-b6b3a3b55537",
        connection=Address.of("t1"),
        live_id="/fn/6C7D8E/node",
        before={"value": "12V"},
        after={"value": "off"},
        reason=NOTE.format(logger=logger, count=count),
    )


def test_readings_grown_on_a_cut_off_ports_logger_are_no_edit() -> None:
    reviewed = power_off("vw-logger", "705")
    assert edited_parts(reviewed, power_off("vw-logger", "1,706")) == []
    assert edited_parts(reviewed, power_off("vw-other", "705")) == []
