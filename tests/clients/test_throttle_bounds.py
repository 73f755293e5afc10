"""What a 429 may not undo: the `--rate-limit` ceiling holds through the recovery after it, and a
later, shorter retry-after does not cut short the longer wait an earlier 429 asked for."""

from __future__ import annotations

import itertools

import pytest

from iotplan.clients.throttle import HEADROOM, QUIET, Throttle
from tests.clients.test_throttle import Clock, send


def test_recovering_from_a_429_never_paces_requests_faster_than_the_rate_limit() -> None:
    clock = Clock()
    ceiling = 2.0
    throttle = Throttle(clock, clock.sleep, ceiling=ceiling)
    throttle.answered(429, send(throttle), retry_after=1.0)
    sent = [send(throttle) for _ in range(int(10 * QUIET * ceiling))]  # many quiet spells of recovery
    assert sent[-1] - sent[0] > 8 * QUIET
    gaps = [later - earlier for earlier, later in itertools.pairwise(sent)]
    assert min(gaps) == pytest.approx(1 / ceiling)
    assert throttle.rate == ceiling


def test_a_later_shorter_retry_after_does_not_cut_short_an_earlier_longer_wait() -> None:
    clock = Clock()
    throttle = Throttle(clock, clock.sleep)
    throttle.answered(429, send(throttle), retry_after=30.0)
    clock.now = 1.0  # another request, sent before the first 429, is refused with a shorter wait
    throttle.answered(429, 0.0, retry_after=2.0)
    assert send(throttle) == pytest.approx(30.0)


def test_a_slow_known_rate_is_paced_with_room_a_fast_one_at_itself() -> None:
    # One second of a limit under two a second holds a single request: a request reaching it late leaves
    # the next one, at the rate itself, to find it empty (throttle.py). A faster limit's burst absorbs that.
    clock = Clock()
    assert Throttle(clock, clock.sleep, ceiling=1.0).interval() == pytest.approx(1 / HEADROOM)  # 60/min
    assert Throttle(clock, clock.sleep, ceiling=1.0, shards=2).interval() == 1.0  # half of 120/min
    assert Throttle(clock, clock.sleep, ceiling=5000 / 60).interval() == 60 / 5000
