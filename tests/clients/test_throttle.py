"""The pace after a 429: everyone waits out retry-after, then requests go at the rate learnt."""

from __future__ import annotations

import asyncio

import pytest

from iotplan.clients.throttle import Throttle


class Clock:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 3))
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
    accept(throttle, clock, 20, over=1.0)  # 20 accepted in the first second, burst included
    throttle.answered(429, clock.now, retry_after=1.0)
    assert throttle.rate == pytest.approx(0.9 * 20 / 2)
    first, second, third = (send(throttle) for _ in range(3))
    assert first == pytest.approx(2.0)  # the retry-after, for a request that was not refused
    assert second - first == third - second == pytest.approx(1 / 9)


def test_only_a_429_of_a_paced_request_slows_the_pace(clock: Clock) -> None:
    throttle = Throttle(clock, clock.sleep)
    accept(throttle, clock, 20, over=1.0)
    in_flight_since = clock.now - 0.5
    throttle.answered(429, clock.now, retry_after=1.0)
    learnt = throttle.rate
    throttle.answered(429, in_flight_since, retry_after=1.0)  # sent before pacing began
    assert throttle.rate == learnt
    throttle.answered(429, send(throttle), retry_after=1.0)
    assert throttle.rate == pytest.approx(learnt * 0.7)


def test_a_quiet_minute_raises_the_pace_again(clock: Clock) -> None:
    throttle = Throttle(clock, clock.sleep)
    accept(throttle, clock, 20, over=1.0)
    throttle.answered(429, clock.now, retry_after=1.0)
    learnt = throttle.rate
    clock.now += 30
    send(throttle)
    assert throttle.rate == learnt
    clock.now += 31
    send(throttle)
    assert throttle.rate == pytest.approx(learnt * 1.1)
