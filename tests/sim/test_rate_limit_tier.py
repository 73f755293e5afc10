"""A 429 names the subscription tier the emulator's limit stays within, as the iTwin Platform's
rate-limits page publishes them (Trial 500/min, Basic 5000/min), and none above every published rate."""

from __future__ import annotations

from iotplan.sim.faults import parse_rate, tier_for


def test_a_429_names_the_smallest_published_tier_its_limit_stays_within() -> None:
    named = {
        rate: tier_for(parse_rate(rate)) for rate in ("120/min", "500/min", "501/min", "5000/min", "6000/min")
    }
    assert named == {
        "120/min": "Trial",  # an API may restrict further than its tier allows
        "500/min": "Trial",
        "501/min": "Basic",
        "5000/min": "Basic",
        "6000/min": None,
    }
