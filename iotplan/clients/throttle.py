"""One client's pace: after the platform's first 429, stay under the rate it has shown it accepts.

Until a 429, requests go out as fast as `--parallelism` allows. The first 429 does two things:
every request of the client waits out its `retry-after` (not only the refused one), and from then
on requests are spaced at 90% of the rate the platform accepted so far. That rate is what it
answered without 429 over the run (at most the last minute), counting one extra second for the
burst a token bucket allows at the start. Another 429 from a request sent while paced lowers the
pace by 30%; 429s of requests already in flight when pacing began teach nothing and are ignored.
A minute without a 429 raises the pace by 10%, so one early 429 does not slow a long run for good.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable

WINDOW = 60.0  # seconds of accepted requests the rate is learnt from
BURST = 1.0  # seconds of burst assumed to have been spent before the first 429
HEADROOM = 0.9
BACKOFF = 0.7
RECOVERY = 1.1
SLOWEST = 0.2  # requests a second: never slower than one every five seconds


class Throttle:
    def __init__(self, clock: Callable[[], float], sleep: Callable[[float], Awaitable[None]] | None) -> None:
        self.clock = clock
        self.sleep = sleep or asyncio.sleep
        self.started: float | None = None
        self.accepted: deque[float] = deque()
        self.resume_at = 0.0  # nobody sends before this: a 429's retry-after
        self.rate: float | None = None  # requests a second, once paced
        self.paced_since = float("inf")
        self.last_refused = 0.0
        self.next_slot = 0.0

    async def before_sending(self) -> float:
        """Wait for this request's turn; returns when it was sent, for `answered`."""
        now = self.clock()
        if self.started is None:
            self.started = now
        start = max(now, self.resume_at)
        if self.rate is not None:
            if now - self.last_refused >= WINDOW:
                self.rate, self.last_refused = self.rate * RECOVERY, now
            start = max(start, self.next_slot)
            self.next_slot = start + 1.0 / self.rate  # reserved before waiting: turns stay in order
        if start > now:
            await self.sleep(start - now)
        return start

    def answered(self, status: int, sent_at: float, retry_after: float | None) -> None:
        now = self.clock()
        if status != 429:
            self.accepted.append(now)
            while self.accepted and self.accepted[0] < now - WINDOW:
                self.accepted.popleft()
            return
        self.resume_at = max(self.resume_at, now + (retry_after if retry_after is not None else 1.0))
        self.last_refused = now
        if self.rate is None:
            self.rate = max(SLOWEST, HEADROOM * len(self.accepted) / self._learnt_over(now))
            self.paced_since = now
        elif sent_at >= self.paced_since:
            self.rate = max(SLOWEST, self.rate * BACKOFF)

    def _learnt_over(self, now: float) -> float:
        return min(WINDOW, now - (self.started if self.started is not None else now)) + BURST
