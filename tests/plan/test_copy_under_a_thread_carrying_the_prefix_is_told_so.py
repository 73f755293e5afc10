"""A copy of dam-a/logger-1 kept under a declared THREAD carries its refId `site:dam-a/logger-1`, and
two of its three sensors refIds starting `site:`. The plan told its sensors to take SERIAL_NOs not
starting `site:` but the device itself "another SERIAL_NO" (the THREAD's kept device was read for
the prefix by a refId its change does not hold): followed with `site:dam-a/logger-1-copy`, it stays
the stack's. It is now told as a copy elsewhere is: it and its 2 sensors."""

from __future__ import annotations

from iotplan.live import LiveEntity
from tests.plan.livebuilder import applied
from tests.plan.test_copy_under_a_thread import WITH_A_THREAD, _changes, _copy_of_the_logger, _thread
from tests.plan.test_diff import load


def test_a_copy_under_a_thread_carrying_the_prefix_is_told_so() -> None:
    live = applied(load(WITH_A_THREAD))
    thread = _thread(live)
    device = _copy_of_the_logger(live, thread)
    thread.sensors[device.id] = [
        LiveEntity(
            f"/api/6C7D8E/node/dynamic/4991ED/device/dynamic/{at}A/sensor",
            {"NAME": f"s{at}", "SERIAL_NO": ref_id, "INTEGRATION_ID": "TEMPERATURE_SDE"},
            device.id,
        )
        for at, ref_id in enumerate(("site:dam-a/logger-1/a", "site:dam-a/logger-1/b", "plain"))
    ]

    copy = _changes(WITH_A_THREAD, live)["tunnel/#4991ED"]

    assert "give it and its 2 sensors SERIAL_NOs that do not start with 'site:'" in copy.reason, copy.reason
