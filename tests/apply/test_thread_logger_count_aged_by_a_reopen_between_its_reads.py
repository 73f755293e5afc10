"""A THREAD logger's zero-date change, reviewed holding no history, is counted by the getDevices the read
before the writes makes first; the connection then dropped, and reopening it for the getSensors (a sensor
renamed too) took 20 s, no 429 among them. That wait is no read's time: 30 observations that arrived after the
getDevices stop the change, counted again, not sent. Counted as its reads' time, the 20 s let it go on the
getDevices that missed them (cr88 #1)."""

from __future__ import annotations

from typing import Any

from iotplan.apply.outcome import Status
from iotplan.clients.jsonrpc_transport import ConnectionLost, InProcessTransport
from tests.apply.logger_counted_by_getdevices import ObservedAfterGetDevices, applied_armed
from tests.clients.guarded_writes import JumpingClock

REOPENING = 20.0  # seconds the connection takes to reopen after the getDevices


class DroppedThenSlowToReopen(InProcessTransport):
    """Once `drop` is set, the connection drops after the answer already sent; the next connect takes
    REOPENING seconds on the clock."""

    def __init__(self, clock: JumpingClock, connection: Any) -> None:
        super().__init__(connection=connection)
        self.clock, self.drop, self.slow = clock, False, False

    async def receive(self) -> str:
        if self.drop:
            self.drop, self.slow = False, True
            raise ConnectionLost("dropped")
        return await super().receive()

    async def connect(self) -> None:
        if self.slow:
            self.slow = False
            await self.clock.sleep(REOPENING)
        await super().connect()


class ReportedAfterGetDevices(ObservedAfterGetDevices):
    """The emulator, paced at 60/min on a jumping clock: once `armed`, as the first getDevices is answered,
    30 observations arrive on the logger's tilt1 and the connection drops, slow to reopen."""

    def __init__(self) -> None:
        super().__init__()
        self.dropping = DroppedThenSlowToReopen(self.clock, self.connection)

    def after_getdevices(self) -> None:
        self.dropping.drop = True

    def transport(self) -> InProcessTransport:
        return self.dropping


def test_a_logger_whose_getsensors_waited_20_s_for_the_connection_is_counted_again_and_held() -> None:
    recorder = ReportedAfterGetDevices()
    outcome = applied_armed(recorder)
    assert recorder.methods.count("authenticate") == 2, recorder.methods  # reopened between its reads
    assert outcome.status is Status.FAILED and outcome.unreviewed, outcome.message
    assert "it would change how 30 observations read, none when reviewed" in outcome.message
    assert "updateDevice" not in recorder.methods, recorder.methods
    assert recorder.methods.count("getDevices") == 2, recorder.methods  # counted again, not sent
