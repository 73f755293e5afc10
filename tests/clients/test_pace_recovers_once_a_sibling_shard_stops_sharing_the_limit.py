"""Two `--shard i/2` at once share the platform's limit, each accepted at about half of it. Followed down
to what it accepted (clients/throttle.py `_floor`), a shard's pace sank to 7-11/min under a 30/min limit and
took minutes of QUIET to come back once its sibling finished: 42 and 130 s for the two shards of a 10-site
plan, where a pace held at the floor took 28 and 59. The pace goes below the floor only for a guarded write
refused after its count was read again (the read and its resend share what one retry-after frees:
tests/apply/test_thread_update_resent_under_a_limit_slower_than_a_request_a_second.py)."""

from __future__ import annotations

import asyncio

from iotplan.clients.throttle import SLOWEST, Throttle, reserved_turn
from tests.clients.test_throttle import Clock, send

LIMIT = 0.5  # requests a second the subscription allows: 30/min, a burst of one


class SharedLimit:
    """A token bucket of LIMIT a second (one held at most), as the emulator's; while the sibling runs it takes
    every other token, this client being answered 429 in its place."""

    def __init__(self, clock: Clock) -> None:
        self.clock, self.tokens, self.stamp, self.sibling_runs = clock, 1.0, 0.0, True
        self.sibling_turn = False

    def answer(self) -> tuple[int, float | None]:
        now = self.clock()
        self.tokens, self.stamp = min(1.0, self.tokens + (now - self.stamp) * LIMIT), now
        if self.tokens >= 1 and self.sibling_runs and self.sibling_turn:
            self.tokens, self.sibling_turn = self.tokens - 1, False
        if self.tokens >= 1:
            self.tokens, self.sibling_turn = self.tokens - 1, True
            return 200, None
        return 429, round((1 - self.tokens) / LIMIT + 0.5)


def read_for(throttle: Throttle, limit: SharedLimit, seconds: float) -> int:
    """Reads sent one after another for `seconds` of the fake clock; how many the platform accepted."""
    clock, accepted = limit.clock, 0
    until = clock.now + seconds
    while clock.now < until:
        sent = send(throttle)
        clock.now += 0.01
        status, retry_after = limit.answer()
        throttle.answered(status, sent, retry_after)
        accepted += status == 200
    return accepted


def test_reads_refused_while_a_sibling_shares_the_limit_leave_the_pace_at_the_floor() -> None:
    clock = Clock()
    throttle, limit = Throttle(clock, clock.sleep), SharedLimit(clock)
    read_for(throttle, limit, 60.0)
    assert throttle.rate is not None and throttle.rate >= SLOWEST, throttle.rate


def test_once_the_sibling_is_done_the_limit_is_this_shards_to_use() -> None:
    clock = Clock()
    throttle, limit = Throttle(clock, clock.sleep), SharedLimit(clock)
    read_for(throttle, limit, 60.0)
    limit.sibling_runs = False
    # the whole limit accepts 30 a minute: at the floor, less the retry-afters of its 429s, the pace takes two
    # thirds of it from the first minute (followed down to a sibling's share, it took 10 in that minute)
    assert read_for(throttle, limit, 60.0) >= 20


def test_a_guarded_write_refused_after_its_count_still_takes_the_pace_below_the_floor() -> None:
    clock = Clock()
    throttle = Throttle(clock, clock.sleep)
    for _ in range(10):  # 10 accepted over a minute: 9 a minute with headroom
        throttle.answered(200, send(throttle), None)
        clock.now += 6.0
    throttle.answered(429, send(throttle), retry_after=2.0)
    assert throttle.rate == SLOWEST  # a read refused: the floor
    clock.now += 2.0

    async def guarded_write_refused() -> None:
        reserving = reserved_turn.set(True)
        try:
            throttle.answered(429, await throttle.before_sending(lambda: False), retry_after=2.0)
        finally:
            reserved_turn.reset(reserving)

    asyncio.run(guarded_write_refused())
    assert throttle.rate < SLOWEST
