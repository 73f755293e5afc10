"""A held value folded to one case is masked whole, never by its first 8 characters: folded, those of
`Temperature-Feed-Token-...` are a word's, and `temperature_probe_1` or `TEMPERATURE` anywhere was shown
`(sensitive)`."""

from __future__ import annotations

import pytest

from iotplan.secrets import forget_all, mask_known, remember


@pytest.fixture(autouse=True)
def _forget() -> None:
    forget_all()


def test_a_long_key_folded_is_masked_whole_never_by_its_start() -> None:
    remember("Temperature-Feed-Token-8f7a6b5c")
    text = "sensor temperature_probe_1 metric TEMPERATURE"
    assert mask_known(text) == text
    assert mask_known("feed temperature-feed-token-8f7a6b5c") == "feed (sensitive)"
