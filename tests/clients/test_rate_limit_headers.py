"""The iTwin Platform's rate-limit headers on a 429 (developer.bentley.com, "Rate limits and quotas"):
a subscription tier whose rate is published bounds the pace from then on (a shard's at 1/n of it),
only ever lowered, never above --rate-limit;
a tier absent, unknown or malformed changes nothing; the wait under its second name is honoured as
retry-after is (virtual time)."""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx
import pytest

from iotplan.cli.options import Scale
from iotplan.clients.retry import stated_tier_rate
from iotplan.clients.target import TargetOptions
from iotplan.clients.throttle import HEADROOM, Throttle
from iotplan.plan.coverage import Shard
from tests.clients.concurrent_readers import read_until
from tests.clients.test_platform_client import run
from tests.clients.virtual_time import VirtualClock

TRIAL = 500 / 60  # requests a second the Trial tier allows


@dataclass
class TierBucket:
    """A token bucket of `rate` a second (one second of burst) whose 429s carry `headers`."""

    rate: float
    clock: VirtualClock
    headers: dict[str, str]
    tokens: float = -1.0
    stamp: float = 0.0
    accepted: list[float] = field(default_factory=list)
    refused: list[float] = field(default_factory=list)

    def handler(self, request: httpx.Request) -> httpx.Response:
        now = self.clock.now
        if self.tokens < 0:
            self.tokens = self.rate
        self.tokens, self.stamp = min(self.rate, self.tokens + (now - self.stamp) * self.rate), now
        if self.tokens < 1:
            self.refused.append(now)
            headers = {"retry-after": "1", **self.headers}
            return httpx.Response(429, headers=headers, json={"error": {"code": "TooManyRequests"}})
        self.tokens -= 1
        self.accepted.append(now)
        return httpx.Response(200, json={"id": "p"})


def drive(
    limit: float,
    headers: dict[str, str],
    seconds: float = 300,
    rate: float | None = None,
    shards: int = 1,
) -> TierBucket:
    """WORKERS readers of one client (paced at `rate` when given) against `limit` a second; with
    `shards`, that many clients at once (n shards' processes), each told it is one of them."""
    clock = VirtualClock()
    bucket = TierBucket(limit, clock, headers)
    read_until(bucket.handler, clock, seconds, shards, rate=rate, shards=shards)
    return bucket


def test_a_429_naming_the_trial_tier_paces_under_its_rate_and_draws_no_more() -> None:
    told = drive(TRIAL, {"iTwinPlatform-Tier": "Trial"})
    untold = drive(TRIAL, {})
    first = told.refused[0]
    later = [moment for moment in told.refused if moment > first + 1]
    assert later == []  # the first burst's refusals, then none
    assert (
        len([moment for moment in untold.refused if moment > untold.refused[0] + 1]) > 3
    )  # today's sawtooth
    assert len(told.accepted) >= 0.85 * TRIAL * 300  # and not much slower than the tier allows


@pytest.mark.parametrize(
    "headers",
    [
        {"iTwinPlatform-Tier": "Gold"},
        {"iTwinPlatform-Tier": ""},
        {"iTwinPlatform-Tier": "500"},
        {"iTwinPlatform-Tier": "Custom"},  # negotiated: its published figure is not taken as its rate
        {"iTwinPlatform-RateLimit-RemainingCalls": "0"},
    ],
)
def test_a_tier_absent_unknown_or_malformed_changes_nothing(headers: dict[str, str]) -> None:
    assert drive(TRIAL, headers, seconds=120).refused == drive(TRIAL, {}, seconds=120).refused


def test_the_other_pages_tier_header_is_read_too() -> None:
    told = drive(TRIAL, {"ITwinPlatform-RateLimited-Tier": " community "})
    assert [moment for moment in told.refused if moment > told.refused[0] + 1] == []


def test_a_tier_never_speeds_the_client_past_its_rate_limit() -> None:
    slow = 2.0  # --rate-limit 120/min, below what a Basic tier (5000/min) allows
    bucket = drive(5000 / 60, {"iTwinPlatform-Tier": "Basic"}, seconds=120, rate=slow)
    per_ten_seconds = [sum(1 for t in bucket.accepted if s <= t < s + 10) for s in range(0, 120, 10)]
    assert max(per_ten_seconds) <= 10 * slow + 1


def test_a_tier_slows_a_rate_limit_above_what_it_allows() -> None:
    bucket = drive(TRIAL, {"iTwinPlatform-Tier": "Trial"}, seconds=120, rate=3 * TRIAL)
    assert [moment for moment in bucket.refused if moment > bucket.refused[0] + 1] == []


def test_the_wait_under_its_second_name_is_waited_out() -> None:
    limited = {"iTwinPlatform-RateLimit-Retry-After-Seconds": "7"}
    answers = iter([httpx.Response(429, headers=limited, json={}), httpx.Response(200, json=[])])
    sleeps: list[float] = []
    run(lambda request: next(answers), lambda client: client.list_nodes("p"), sleeps=sleeps)
    assert sleeps == [7.0]


def test_of_two_waits_stated_the_longer_is_waited_out() -> None:
    limited = {"retry-after": "3", "iTwinPlatform-RateLimit-Retry-After-Seconds": "9"}
    answers = iter([httpx.Response(429, headers=limited, json={}), httpx.Response(200, json=[])])
    sleeps: list[float] = []
    run(lambda request: next(answers), lambda client: client.list_nodes("p"), sleeps=sleeps)
    assert sleeps == [9.0]


def test_each_of_n_shards_keeps_under_its_share_of_the_tier() -> None:
    told = drive(TRIAL, {"iTwinPlatform-Tier": "Trial"}, shards=5)
    first = told.refused[0]
    assert [moment for moment in told.refused if moment > first + 1] == []  # the first burst's, then none
    assert len(told.accepted) >= 0.85 * TRIAL * 300  # together, not much slower than the tier allows


def test_a_later_429_naming_a_larger_tier_does_not_raise_the_bound() -> None:
    throttle = Throttle(lambda: 0.0, None)
    throttle.answered(429, 0.0, 1.0, TRIAL)
    throttle.answered(429, 0.0, 1.0, 5000 / 60)
    assert throttle.tier_bound == HEADROOM * TRIAL


def test_a_tier_bound_is_a_shards_share_of_it() -> None:
    throttle = Throttle(lambda: 0.0, None, shards=5)
    throttle.answered(429, 0.0, 1.0, TRIAL)
    assert throttle.tier_bound == HEADROOM * TRIAL / 5


@pytest.mark.parametrize(
    "headers",
    [
        {"iTwinPlatform-Tier": "Basic", "ITwinPlatform-RateLimited-Tier": "Trial"},
        {"iTwinPlatform-Tier": "Trial", "ITwinPlatform-RateLimited-Tier": "Basic"},
        {"iTwinPlatform-Tier": "Custom", "ITwinPlatform-RateLimited-Tier": "Trial"},
    ],
)
def test_of_two_tiers_a_429_names_the_smaller_rate_bounds(headers: dict[str, str]) -> None:
    assert stated_tier_rate(httpx.Response(429, headers=headers)) == TRIAL


def test_a_shard_is_told_how_many_share_the_subscription() -> None:
    target = TargetOptions()
    assert Scale(Shard.parse("2/5")).paced(target).shards == 5
    assert Scale(Shard.parse("2/5"), rate_limit=10.0).paced(target).rate_limit == 2.0
    assert Scale().paced(target).shards == 1
