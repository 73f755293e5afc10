"""A THREAD logger's zero-date change, reviewed holding no history, is counted by the getDevices the read
before the writes makes first; its getSensors (a sensor renamed too) came 30 s later, held by another unit's
429. The count is as old as its getDevices: 30 observations that arrived after it stop the change, counted
again, not sent. Dated from the getSensors, it went on the count that missed them (cr85 #1)."""

from __future__ import annotations

from iotplan.apply.outcome import Status
from tests.apply.logger_counted_by_getdevices import ObservedAfterGetDevices, applied_armed


class ReportedAfterGetDevices(ObservedAfterGetDevices):
    """The emulator, paced at 60/min on a jumping clock: once `armed`, as the first getDevices is answered,
    30 observations arrive on the logger's tilt1 and another unit's 429 pauses every request 30 s."""

    def after_getdevices(self) -> None:
        self.throttle.answered(429, self.clock(), 30.0)


def test_a_logger_counted_by_getdevices_before_a_30_s_pause_is_counted_again_and_held() -> None:
    recorder = ReportedAfterGetDevices()
    outcome = applied_armed(recorder)
    assert outcome.status is Status.FAILED and outcome.unreviewed, outcome.message
    assert "it would change how 30 observations read, none when reviewed" in outcome.message
    assert "updateDevice" not in recorder.methods, recorder.methods
    assert recorder.methods.count("getDevices") == 2, recorder.methods  # counted again, not sent
