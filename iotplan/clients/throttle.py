"""One client's pace: after a 429, stay under the rate the platform has shown it accepts.

Until a 429, requests go out as fast as `--parallelism` allows. A 429 makes every request of the
client wait out its `retry-after` (not only the refused one). If the platform had accepted requests
in the minute before, requests are then spaced at 90% of that rate: the requests accepted over the
time they span, plus one second for the burst a token bucket allows. With nothing accepted recently
there is nothing to learn from, so only the wait applies. While paced, a 429 lowers the pace by 30%,
at most once per `retry-after` (the requests refused together are one signal, not many), and a
minute without a 429 raises it by 10%, so one early 429 does not slow a long run for good. 429s of
requests already in flight when pacing began teach nothing and are ignored.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable

WINDOW = 60.0  # seconds of accepted requests the rate is learnt from
BURST = 1.0  # seconds of burst assumed spent before the first 429
HEADROOM = 0.9
BACKOFF = 0.7
RECOVERY = 1.1
SLOWEST = 0.2  # requests a second: never slower than one every five seconds


class Throttle:
    def __init__(self, clock: Callable[[], float], sleep: Callable[[float], Awaitable[None]] | None) -> None:
        self.clock = clock
        self.sleep = sleep or asyncio.sleep
        self.accepted: deque[float] = deque()
        self.resume_at = 0.0  # nobody sends before this: a 429's retry-after
        self.rate: float | None = None  # requests a second, once paced
        self.paced_since = float("inf")
        self.last_refused = 0.0
        self.next_cut = 0.0  # a paced 429 before this is part of the last signal
        self.next_slot = 0.0

    async def before_sending(self) -> float:
        """Wait for this request's turn; returns when it was sent, for `answered`."""
        now = self.clock()
        if self.rate is not None:
            if now - self.last_refused >= WINDOW:
                self.rate, self.last_refused = self.rate * RECOVERY, now
            slot = max(now, self.resume_at, self.next_slot)
            self.next_slot = slot + 1.0 / self.rate  # reserved before waiting: turns stay in order
        else:
            slot = now
        while True:  # a 429 that arrives while this request waits moves its turn too
            start = max(slot, self.resume_at)
            if start <= now:
                return now
            await self.sleep(start - now)
            now = self.clock()

    def answered(self, status: int, sent_at: float, retry_after: float | None) -> None:
        now = self.clock()
        self._forget_before(now - WINDOW)
        if status != 429:
            self.accepted.append(now)
            return
        wait = retry_after if retry_after is not None else 1.0
        self.resume_at = max(self.resume_at, now + wait)
        self.last_refused = now
        if self.rate is None:
            self._learn(now, wait)
        elif sent_at >= self.paced_since and now >= self.next_cut:
            self.rate = max(SLOWEST, self.rate * BACKOFF)
            self.next_cut = now + wait

    def _learn(self, now: float, wait: float) -> None:
        if not self.accepted:
            return  # refused before anything was accepted: wait, but there is no rate to learn
        span = now - self.accepted[0]
        self.rate = max(SLOWEST, HEADROOM * len(self.accepted) / (span + BURST))
        self.paced_since = now
        self.next_cut = now + wait

    def _forget_before(self, moment: float) -> None:
        while self.accepted and self.accepted[0] < moment:
            self.accepted.popleft()
