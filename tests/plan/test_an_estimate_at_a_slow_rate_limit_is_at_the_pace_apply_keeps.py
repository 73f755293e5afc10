"""Under a --rate-limit below 2 requests a second the throttle spaces requests at 90% of it, to leave room
for a request that reaches the limit late (clients/throttle.py `known_pace`): the Impact line estimated at
the whole rate, up to 11% short of how long the apply takes, and named the rate given as the one kept."""

from __future__ import annotations

import pytest

from iotplan.plan.impact import Impact, pace_of


@pytest.mark.parametrize(
    ("rate_limit", "shards", "shown"),
    [
        (0.5, 1, "27 requests/min, 90% of --rate-limit"),  # 30/min, paced at 27/min
        (0.1, 1, "5.4 requests/min, 90% of --rate-limit"),
        (0.25, 2, "14 requests/min, 90% of this shard's half of --rate-limit"),  # 30/min over two
    ],
)
def test_a_slow_rate_limit_is_estimated_at_the_pace_apply_keeps(
    rate_limit: float, shards: int, shown: str
) -> None:
    assert str(pace_of(rate_limit, shards)) == shown


def test_the_estimate_takes_the_longer_interval() -> None:
    # 27 requests at 30/min paced at 27/min: a minute, not 54 s
    assert Impact(write_requests=27).seconds_at(pace_of(0.5)) == 60


def test_a_fast_rate_limit_is_kept_whole() -> None:
    # 120/min and above: the limit's burst absorbs a late request, and the spacing is the rate's
    assert str(pace_of(2.0)) == "120 requests/min, --rate-limit"
