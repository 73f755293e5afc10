"""Shared by the tests of a THREAD channel change (reviewed without history, so guarded) answered
-32029, then held by other units' -32029/429 pauses after each of its counts: withdrawn."""

from __future__ import annotations

from typing import Any

from iotplan.clients.jsonrpc import JsonRpcClient
from iotplan.clients.jsonrpc_transport import Handler, InProcessTransport
from iotplan.clients.retry import RetryPolicy
from tests.apply.test_thread_data_model_rate_limited_not_sent_again_once_history_arrived import (
    LimitedWhileItWaits,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class StormAfterEachCount(LimitedWhileItWaits):
    """updateSensor answered -32029 once; from then on, each getSensors (the guard's count) is followed
    by another unit's 429 (30 s retry-after) on the shared pace."""

    def __init__(self, variants: tuple[str, ...] = ()) -> None:
        super().__init__(lambda recorder: None, variants)
        self.clock, self.throttle, self.storm = Clock(), None, False

    def arm(self) -> None:
        super().arm()  # its updateSensor (another client's) takes the one the limit allows
        self.storm = False

    def client(self) -> JsonRpcClient:
        retry = RetryPolicy(backoff=0, max_wait=60, sleep=self._sleep, clock=self.clock)
        client = JsonRpcClient(InProcessTransport(connection=self.connection), "demo-key", retry=retry)
        self.throttle = client.throttle
        return client

    async def _sleep(self, seconds: float) -> None:
        self.clock.now += seconds
        await self._wait(seconds)  # the first wait lifts the limit: updateSensor would be accepted now

    def connection(self) -> Handler:
        handler = super().connection()

        async def answer(request: dict[str, Any]) -> list[dict[str, Any]]:
            responses = await handler(request)
            if request["method"] == "updateSensor":
                self.storm = True
            elif self.storm and request["method"] == "getSensors":
                self.throttle.answered(429, self.clock(), 30.0)  # another unit's, as the count ends
            return responses

        return answer
