"""Counted nouns: every message and view says "1 sensor", "2 sensors" and "111,100 sensors"."""

from __future__ import annotations

from iotplan.wording import counted


def test_a_count_takes_its_nouns_plural_and_groups_its_thousands() -> None:
    assert counted(1, "sensor") == "1 sensor"
    assert counted(0, "entity") == "0 entities"
    assert counted(1, "site is") == "1 site is"
    assert counted(111_100, "site is") == "111,100 sites are"
