"""A THREAD logger's zero-date change, reviewed holding no history, is counted by the getDevices the read
before the writes makes first; its getSensors (a sensor renamed too) came 30 s later, held by another unit's
429. The count is as old as its getDevices: 30 observations that arrived after it stop the change, counted
again, not sent. Dated from the getSensors, it went on the count that missed them (cr85 #1)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from iotplan.apply.outcome import Status
from iotplan.clients.jsonrpc import JsonRpcClient
from iotplan.clients.jsonrpc_transport import Handler, InProcessTransport
from iotplan.clients.platform import PLATFORM_RETRY
from iotplan.clients.throttle import Throttle
from tests.apply.test_thread import LOGGER, Recorder, applied
from tests.apply.test_thread_data_model_counted_again import TILT1
from tests.apply.test_thread_update_reads import RENAMED, changed
from tests.clients.guarded_writes import JumpingClock

ZERO_DATE = RENAMED.replace(
    "name: Renamed logger", 'name: Renamed logger\n            zero_date: "2026-06-01T00:00:00Z"'
)


class ReportedAfterGetDevices(Recorder):
    """The emulator, paced at 60/min on a jumping clock: once `armed`, as the first getDevices is answered,
    30 observations arrive on the logger's tilt1 and another unit's 429 pauses every request 30 s."""

    def __init__(self) -> None:
        super().__init__()
        self.clock = JumpingClock()
        self.throttle = Throttle(self.clock, self.clock.sleep, ceiling=1.0)
        self.armed = False

    def connection(self) -> Handler:
        handler = super().connection()

        async def answer(request: dict[str, Any]) -> list[dict[str, Any]]:
            responses = await handler(request)
            if self.armed and request["method"] == "getDevices":
                self.armed = False
                self.emulator.app.backend.add_observations(TILT1, 30)  # type: ignore[attr-defined]
                self.throttle.answered(429, self.clock(), 30.0)
            return responses

        return answer

    def client(self) -> JsonRpcClient:
        retry = replace(PLATFORM_RETRY, clock=self.clock, sleep=self.clock.sleep)
        return JsonRpcClient(
            InProcessTransport(connection=self.connection), "demo-key", retry=retry, throttle=self.throttle
        )


def test_a_logger_counted_by_getdevices_before_a_30_s_pause_is_counted_again_and_held() -> None:
    recorder = ReportedAfterGetDevices()
    plan = changed(recorder, ZERO_DATE)
    (logger,) = [change for change in plan.writes if change.live_id == LOGGER]
    assert logger.touches_data_model and not logger.rereads_data  # reviewed holding no history
    recorder.methods.clear()
    recorder.armed = True
    outcome = applied(recorder, plan)
    assert outcome.status is Status.FAILED and outcome.unreviewed, outcome.message
    assert "it would change how 30 observations read, none when reviewed" in outcome.message
    assert "updateDevice" not in recorder.methods, recorder.methods
    assert recorder.methods.count("getDevices") == 2, recorder.methods  # counted again, not sent
