"""A saved plan's new logger noted sharing port 1 with two old loggers, one of which left the port
since (in the web app): the fresh note names fewer loggers, none the review did not show, so the
plan is not stale. Before, it was refused as noting "what its review did not show" (cr96)."""

from __future__ import annotations

from iotplan.apply.stale import check_not_stale
from iotplan.commands.apply import as_reviewed
from iotplan.live.model import LiveEntity
from iotplan.plan.model import Plan
from iotplan.plan.thread import port_sharing_notes
from tests.plan.test_thread import SITE, desired, live_as_declared, planned
from tests.plan.test_thread_shared_port import SECOND_LOGGER


def new_logger_beside(*old_loggers: str) -> Plan:
    """A THREAD plan creating logger `thread/vw` on port 1, beside the given old loggers there (by
    serial, in the order the platform lists them)."""
    connection = live_as_declared(desired())
    for serial in old_loggers:
        old = f"/fn/6C7D8E/node/vwlogger/{serial}/device"
        props = {"NAME": f"old {serial}", "EXTERNAL_PORT": 1}
        connection.devices.append(LiveEntity(old, props, None, "VW_LOGGER"))
        connection.sensors[old] = []
    return planned(desired(SITE + SECOND_LOGGER.replace("port: 2", "port: 1")), connection)


def sharing_note(plan: Plan) -> str:
    [note] = port_sharing_notes(next(change for change in plan.changes if change.address == "thread/vw"))
    return note


def test_a_logger_leaving_a_shared_port_since_the_review_lets_the_saved_plan_apply() -> None:
    saved = as_reviewed(new_logger_beside("099000", "099002"))
    fresh = new_logger_beside("099000")
    assert "thread/#099000, thread/#099002's" in sharing_note(saved)  # the plans differ as said
    assert "thread/#099000's" in sharing_note(fresh)
    check_not_stale(saved, fresh)
