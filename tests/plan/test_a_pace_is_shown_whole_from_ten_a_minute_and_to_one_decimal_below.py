"""A shard's share of a rate is rarely whole: the Impact line read "at 166.667 requests/min" (a third
of the smallest tier), "71.4286" (1/7) and "2.33333" (a third of --rate-limit 7/min), figures nobody
weighs an estimate by. The rate is shown whole from 10 a minute, to one decimal below, and never as
0; the estimate is still made at the exact rate. A --rate-limit under 2 a second is shown at the 90%
of it the throttle keeps (clients/throttle.py `known_pace`)."""

from __future__ import annotations

import math

import pytest

from iotplan.plan.impact import SMALLEST_TIER_PER_MINUTE, Impact, pace_of


@pytest.mark.parametrize(
    ("rate_limit", "shards", "shown"),
    [
        (None, 3, "167 requests/min, this shard's third of the smallest iTwin Platform tier"),
        (None, 7, "71 requests/min, this shard's 1/7 of the smallest iTwin Platform tier"),
        (7 / 60 / 3, 3, "2.1 requests/min, 90% of this shard's third of --rate-limit"),
        (5000 / 3600, 1, "75 requests/min, 90% of --rate-limit"),
        (0.1, 1, "5.4 requests/min, 90% of --rate-limit"),
        (1 / 3600, 1, "0.01 requests/min, 90% of --rate-limit"),  # 1/hour: one decimal would read 0
    ],
)
def test_a_pace_is_shown_whole_from_ten_a_minute_and_to_one_decimal_below(
    rate_limit: float | None, shards: int, shown: str
) -> None:
    assert str(pace_of(rate_limit, shards)) == shown


def test_the_estimate_is_made_at_the_exact_share() -> None:
    impact = Impact(write_requests=1000)
    exact = SMALLEST_TIER_PER_MINUTE / 3
    assert impact.seconds_at(pace_of(None, 3)) == math.ceil(1000 / exact * 60)  # 360, not 1000/167 min
