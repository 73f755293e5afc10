"""A THREAD update the rate limit refuses (-32029) is read again before it is sent again (apply/thread.py
`_resend_guard`): a read and a write for each try. Under a platform limit below one request a second
(30/min here), the learnt pace stopped at its floor (clients/throttle.py SLOWEST): the read took the one
request the retry-after freed and the write, a second later, was refused again, every time, until the
attempts ran out: 0 of the THREAD's changes applied. The pace now goes below that floor once the platform
has accepted less than it over the last minute, and the pair fits under the limit."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

from iotplan.apply.outcome import Status
from iotplan.apply.thread import apply_thread, thread_groups
from iotplan.clients.jsonrpc import JsonRpcClient
from iotplan.clients.jsonrpc_transport import Handler, InProcessTransport
from iotplan.clients.platform import PLATFORM_RETRY
from tests.apply.test_thread import Recorder, plan_against_nothing
from tests.clients.virtual_time import VirtualClock

RATE = 0.5  # requests a second the platform allows: 30/min, a burst of one


class LimitedInVirtualTime(Recorder):
    """The emulator behind a token bucket of RATE a second (one at most held), in virtual time; a request
    over it is refused -32029 with the seconds until the next token, as the emulator's limiter answers."""

    def __init__(self) -> None:
        super().__init__()
        self.clock = VirtualClock()
        self.tokens, self.stamp = 1.0, 0.0
        self.refused: list[str] = []

    def client(self) -> JsonRpcClient:
        retry = replace(PLATFORM_RETRY, sleep=self.clock.sleep, clock=self.clock)
        return JsonRpcClient(InProcessTransport(connection=self.connection), "demo-key", retry=retry)

    def connection(self) -> Handler:
        handler = super().connection()

        async def answer(request: dict[str, Any]) -> list[dict[str, Any]]:
            wait = None if request["method"] == "authenticate" else self._take()
            if wait is None:
                return await handler(request)
            self.refused.append(request["method"])
            error = {
                "code": -32029,
                "message": "Too many requests",
                "data": {"retryAfter": round(wait + 0.5)},
            }
            return [{"jsonrpc": "2.0", "id": request["id"], "error": error}]

        return answer

    def _take(self) -> float | None:
        now = self.clock()
        self.tokens, self.stamp = min(1.0, self.tokens + (now - self.stamp) * RATE), now
        if self.tokens >= 1:
            self.tokens -= 1
            return None
        return (1 - self.tokens) / RATE


def applied_under_the_limit() -> tuple[LimitedInVirtualTime, Any, int]:
    """The THREAD site applied under the limit: the recorder, the outcome, how many changes it holds."""
    recorder = LimitedInVirtualTime()
    (changes,) = thread_groups(plan_against_nothing()).values()

    async def go() -> Any:
        async with recorder.client() as client:
            return await recorder.clock.drive(apply_thread(client, "thread", changes))

    return recorder, asyncio.run(go()), len(changes)


def test_an_update_resent_after_its_read_again_is_applied_under_a_limit_below_the_floor_pace() -> None:
    recorder, outcome, changes = applied_under_the_limit()
    assert outcome.status is Status.APPLIED, outcome.message
    assert len(outcome.applied) == changes
    # each resend of updateNode read again first; a few refused while the pace is learnt, not until
    # the attempts ran out
    assert recorder.methods.count("getNodes") == recorder.refused.count("updateNode") + 1
    assert recorder.refused.count("updateNode") < 10, recorder.refused


def test_each_write_sent_again_after_the_rate_limit_is_a_write_request_sent() -> None:
    """ "N write requests sent" counted each write once, however many times the rate limit refused it."""
    recorder, outcome, _ = applied_under_the_limit()
    writes = [
        method for method in recorder.methods + recorder.refused if method.startswith(("create", "update"))
    ]
    assert recorder.refused.count("updateNode") > 0
    assert outcome.calls == len(writes)
