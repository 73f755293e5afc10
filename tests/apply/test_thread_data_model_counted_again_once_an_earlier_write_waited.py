"""A THREAD sensor's channel change reviewed holding no history is counted again before its first
send once an earlier write of its unit waited out JSON-RPC's rate limit (-32029): 42 observations
that arrived in that wait stop it, not sent, and the rollout. Before, only the change's own retries
were counted again: sent first try after the logger rename's wait, it reread them unreviewed, the
unit reported applied (cr75)."""

from __future__ import annotations

from iotplan.apply.outcome import Status
from iotplan.sim import FaultConfig
from tests.apply.test_thread import applied
from tests.apply.test_thread_data_model_counted_again import CHANNEL_3
from tests.apply.test_thread_data_model_rate_limited_not_sent_again_once_history_arrived import (
    LimitedWhileItWaits,
    channel_of,
    reported,
)
from tests.apply.test_thread_update_reads import changed

UPDATE_DEVICE_ONCE_AN_HOUR = FaultConfig(rate_limit="1/hour", routes="/jsonrpc/updateDevice")


class LoggerRenameLimited(LimitedWhileItWaits):
    """The emulator, whose updateDevice (the logger's rename, sent before the channel change) the
    rate limit refuses once armed, another client having taken the one it allows."""

    def arm(self) -> None:
        self.emulator.app.faults.configure(UPDATE_DEVICE_ONCE_AN_HOUR)  # type: ignore[attr-defined]
        self.emulator.app.faults.bucket.take()  # type: ignore[attr-defined]
        self.methods.clear()


def test_history_that_arrived_while_an_earlier_write_waited_stops_the_channel_change() -> None:
    recorder = LoggerRenameLimited(reported(42))
    plan = changed(recorder, CHANNEL_3)  # renames the logger (updateDevice) and moves tilt1 to channel 3
    (shown,) = [change for change in plan.writes if change.address == "thread/ipi/tilt1"]
    assert shown.touches_data_model and not shown.rereads_data
    recorder.arm()
    outcome = applied(recorder, plan)
    assert recorder.waited
    said = "update thread/ipi/tilt1: it would change how 42 observations read, none when reviewed"
    assert outcome.status is Status.FAILED and outcome.unreviewed, outcome.message
    assert outcome.message == (
        "stopped before sending thread/ipi/tilt1 (the platform's rate limit held the unit's requests since "
        f"it was counted): it was not sent, counted again just before: {said}"
    )
    assert recorder.methods[-2:] == ["updateDevice", "getSensors"]  # the rename went, then tilt1 counted
    assert recorder.methods.count("updateSensor") == 0 and channel_of(recorder) == 1
    # the node's rename, the logger's twice (refused once, sent again); the channel change never went
    assert outcome.calls == 3
    assert outcome.applied == ["thread", "thread/ipi"] and outcome.pending == ["thread/ipi/tilt1"]
