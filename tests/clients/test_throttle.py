"""The pace after a 429: everyone waits out retry-after, then requests go at the rate learnt."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import Callable

import httpx
import pytest

from iotplan.clients.platform import PlatformClient
from iotplan.clients.throttle import QUIET, SLOWEST, STARTING, Throttle
from iotplan.errors import PlatformError
from tests.clients.virtual_time import VirtualClock, run_paced


class Clock:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 3))
        await asyncio.sleep(0)  # others run while this one sleeps
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


def send(throttle: Throttle) -> float:
    return asyncio.run(throttle.before_sending())


def accept(throttle: Throttle, clock: Clock, count: int, over: float) -> None:
    for _ in range(count):
        sent = send(throttle)
        clock.now += over / count
        throttle.answered(200, sent, None)


def test_nothing_waits_before_the_first_429(clock: Clock) -> None:
    throttle = Throttle(clock, clock.sleep)
    accept(throttle, clock, 50, over=1.0)
    assert clock.slept == []


def test_after_a_429_everyone_waits_then_goes_at_the_rate_learnt(clock: Clock) -> None:
    throttle = Throttle(clock, clock.sleep)
    accept(throttle, clock, 20, over=1.0)  # 20 accepted, the first at 0.05 s, the last at 1 s
    throttle.answered(429, clock.now, retry_after=1.0)
    rate = 0.9 * 20 / (0.95 + 1)  # over the time they span, plus a second of burst
    assert throttle.rate == pytest.approx(rate)
    first, second, third = (send(throttle) for _ in range(3))
    assert first == pytest.approx(2.0)  # the retry-after, for a request that was not refused
    assert second - first == pytest.approx(1 / rate) and third - second == pytest.approx(1 / rate)


def test_a_429_before_anything_was_accepted_waits_then_goes_at_a_cautious_pace(clock: Clock) -> None:
    throttle = Throttle(clock, clock.sleep)
    throttle.answered(429, send(throttle), retry_after=3.0)
    assert throttle.rate == STARTING
    assert send(throttle) == pytest.approx(3.0) and send(throttle) == pytest.approx(3.0 + 1 / STARTING)


def test_requests_refused_together_slow_the_pace_once(clock: Clock) -> None:
    throttle = Throttle(clock, clock.sleep)
    accept(throttle, clock, 20, over=1.0)
    throttle.answered(429, clock.now, retry_after=1.0)
    learnt = throttle.rate
    paced = [send(throttle) for _ in range(3)]
    for sent in paced:
        throttle.answered(429, sent, retry_after=1.0)
    assert throttle.rate == pytest.approx(learnt * 0.7)


def test_a_429_that_arrives_while_waiting_moves_the_turn() -> None:
    clock = Clock()
    throttle = Throttle(clock, clock.sleep)
    accept(throttle, clock, 20, over=1.0)
    throttle.answered(429, clock.now, retry_after=1.0)  # everyone waits until 2.0

    async def two() -> list[float]:
        async def refused_meanwhile() -> None:
            await asyncio.sleep(0)
            throttle.answered(429, 0.0, retry_after=5.0)  # at 1.0, from a request in flight: until 6.0

        waiting = asyncio.ensure_future(throttle.before_sending())
        await refused_meanwhile()
        return [await waiting]

    assert asyncio.run(two())[0] >= 6.0


def test_only_a_429_of_a_paced_request_slows_the_pace(clock: Clock) -> None:
    throttle = Throttle(clock, clock.sleep)
    accept(throttle, clock, 20, over=1.0)
    in_flight_since = clock.now - 0.5
    throttle.answered(429, clock.now, retry_after=1.0)
    learnt = throttle.rate
    throttle.answered(429, in_flight_since, retry_after=1.0)  # sent before pacing began
    assert throttle.rate == learnt
    clock.now += 1.0  # the next retry-after period
    throttle.answered(429, send(throttle), retry_after=1.0)
    assert throttle.rate == pytest.approx(learnt * 0.7)


def test_a_quiet_spell_raises_the_pace_again(clock: Clock) -> None:
    throttle = Throttle(clock, clock.sleep)
    accept(throttle, clock, 20, over=1.0)
    throttle.answered(429, clock.now, retry_after=1.0)
    learnt = throttle.rate
    clock.now += QUIET / 2
    send(throttle)
    assert throttle.rate == learnt
    clock.now += QUIET / 2 + 0.1
    send(throttle)
    assert throttle.rate == pytest.approx(learnt * 1.25)


def test_the_pace_never_falls_below_the_floor(clock: Clock) -> None:
    throttle = Throttle(clock, clock.sleep)
    throttle.answered(429, send(throttle), retry_after=None)
    for _ in range(30):  # each refused request was sent after the last cut: each one counts
        throttle.answered(429, send(throttle), retry_after=None)
    assert throttle.rate == SLOWEST


def test_a_request_queued_at_a_slow_pace_goes_at_the_pace_of_its_turn() -> None:
    clock = Clock()
    throttle = Throttle(clock, clock.sleep)
    throttle.answered(429, 0.0, retry_after=None)
    throttle.rate = SLOWEST
    send(throttle)  # at 1.0, after the wait
    throttle.rate = 50.0  # recovered while the next request waited
    assert send(throttle) == pytest.approx(1.0 + 1 / 50.0)


# --- long waits on the platform's rate limit are told on stderr ------------------------------------
def refusing(*retry_afters: str, then: int = 200) -> Callable[[httpx.Request], httpx.Response]:
    """A platform answering 429 with each retry-after in turn, then `then` (429 with retry-after 1200
    when that is 429: a limit of 3 an hour)."""
    answers = list(retry_afters)

    def handler(request: httpx.Request) -> httpx.Response:
        if not answers and then == 200:
            return httpx.Response(200, json={"id": "p"})
        retry_after = answers.pop(0) if answers else "1200"
        return httpx.Response(429, headers={"retry-after": retry_after}, json={"error": {"message": "slow"}})

    return handler


def told_while_reading(
    handler: Callable[[httpx.Request], httpx.Response], reads: int = 1, times: list[float] | None = None
) -> list[str]:
    """What the reads told while the platform answered as `handler` does; when, in `times`."""
    told: list[str] = []
    times = [] if times is None else times

    async def read(client: PlatformClient) -> None:
        with contextlib.suppress(PlatformError):
            await client.get_project("p")

    async def work(client: PlatformClient, clock: VirtualClock) -> None:
        client.throttle.notice = lambda line: (told.append(line), times.append(clock.now))
        await asyncio.gather(*(read(client) for _ in range(reads)))

    run_paced(handler, work)
    return told


def test_a_long_wait_on_the_rate_limit_is_told_with_the_attempt_and_the_way_out() -> None:
    """A strict limit (retry-after 1200) holds a read for minutes: it says so, not silence."""
    told = told_while_reading(refusing(then=429))
    assert told[0] == (
        "Rate limited by the platform: waiting 60 s (retry-after 1200 s), attempt 2, for up to 5 min in all; "
        "--rate-limit paces requests under a known limit"
    )
    # once per burst of waiting, then again each minute it goes on: one line per 60 s turn here,
    # for the five minutes a request keeps waiting on 429s
    assert [line.split("attempt ")[1].split(",")[0] for line in told] == [str(n) for n in range(2, 7)]


def test_reads_refused_together_tell_one_line_a_minute_of_the_wait_never_of_the_pace() -> None:
    times: list[float] = []
    told = told_while_reading(refusing(then=429), reads=4, times=times)  # a plan's first reads, all refused
    assert all(line.startswith("Rate limited by the platform: waiting 60 s") for line in told), told
    assert "(retry-after 1200 s), attempt 2, for up to 5 min in all" in told[0]
    assert all(later - earlier >= 60 for earlier, later in itertools.pairwise(times)), times
    assert len(told) >= (times[-1] - times[0]) // 60  # none of those minutes silent


def test_short_waits_are_not_told_until_they_add_up() -> None:
    assert told_while_reading(refusing("2", "2")) == []
    told = told_while_reading(refusing("4", "4", "4"))  # 12 s in all: told once, at the third wait
    assert len(told) == 1 and "waiting 4 s (retry-after 4 s), attempt 4, for up" in told[0]


def test_spacing_at_the_rate_limit_the_user_gave_is_not_told(clock: Clock) -> None:
    told: list[str] = []
    throttle = Throttle(clock, clock.sleep, ceiling=6 / 60, notice=told.append)  # --rate-limit 6/min
    accept(throttle, clock, 4, over=1.0)
    assert max(clock.slept) >= 9 and told == []


def test_a_wait_for_a_retry_after_is_told_to_requests_queued_behind_it(
    clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    throttle = Throttle(clock, clock.sleep)  # telling stderr, as the CLI's clients do
    throttle.answered(429, send(throttle), 30.0)
    send(throttle)
    assert capsys.readouterr().err == (
        "Rate limited by the platform: waiting 30 s for its retry-after; "
        "--rate-limit paces requests under a known limit\n"
    )
