"""Shared by the tests of a THREAD logger's zero-date change, reviewed holding no history (so guarded),
whose count's first read is the getDevices the read before the writes makes: what follows it ages it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from iotplan.apply.outcome import Outcome
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


class ObservedAfterGetDevices(Recorder):
    """The emulator, paced at 60/min on a jumping clock: once `armed`, as the first getDevices is answered,
    30 observations arrive on the logger's tilt1, then `after_getdevices` runs."""

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
                self.after_getdevices()
            return responses

        return answer

    def after_getdevices(self) -> None:
        """What else happens as the first getDevices is answered."""

    def transport(self) -> InProcessTransport:
        """The transport of each client made."""
        return InProcessTransport(connection=self.connection)

    def client(self) -> JsonRpcClient:
        retry = replace(PLATFORM_RETRY, clock=self.clock, sleep=self.clock.sleep)
        return JsonRpcClient(self.transport(), "demo-key", retry=retry, throttle=self.throttle)


def applied_armed(recorder: ObservedAfterGetDevices) -> Outcome:
    """ZERO_DATE planned on `recorder`, its logger's change reviewed holding no history, then applied
    armed; `recorder.methods` holds the apply's calls only."""
    plan = changed(recorder, ZERO_DATE)
    (logger,) = [change for change in plan.writes if change.live_id == LOGGER]
    assert logger.touches_data_model and not logger.rereads_data  # reviewed holding no history
    recorder.methods.clear()
    recorder.armed = True
    return applied(recorder, plan)
