"""A copy of dam-a/logger-1 kept under a declared THREAD says SIZE 3, yet one sensor was read under
it (a list that left two out, or a SIZE the platform has not lowered: `size-not-lowered`). The plan
tells it to give SERIAL_NOs outside 'site:' to it and "those of its sensors whose SERIAL_NOs start
with 'site:'", as apply's copy-made-meanwhile error does, not to "its 1 sensor": the two never read
may carry the prefix, and the next plan would remove them as the stack's orphans."""

from __future__ import annotations

from iotplan.live import LiveEntity
from tests.plan.livebuilder import applied
from tests.plan.test_copy_under_a_thread import WITH_A_THREAD, _changes, _copy_of_the_logger, _thread
from tests.plan.test_diff import load


def test_a_copy_with_sensors_not_read_is_told_of_those_it_may_hold() -> None:
    live = applied(load(WITH_A_THREAD))
    thread = _thread(live)
    device = _copy_of_the_logger(live, thread)
    device.props["SIZE"] = 3
    thread.sensors[device.id] = [
        LiveEntity(
            "/api/6C7D8E/node/dynamic/4991ED/device/dynamic/0A/sensor",
            {"NAME": "s0", "SERIAL_NO": "site:dam-a/logger-1/a", "INTEGRATION_ID": "TEMPERATURE_SDE"},
            device.id,
        )
    ]

    copy = _changes(WITH_A_THREAD, live)["tunnel/#4991ED"]

    assert (
        "give it, and those of its sensors whose SERIAL_NOs start with 'site:', SERIAL_NOs that do not "
        "start with 'site:' in the platform's web app"
    ) in copy.reason, copy.reason
    assert "its 1 sensor" not in copy.reason, copy.reason
