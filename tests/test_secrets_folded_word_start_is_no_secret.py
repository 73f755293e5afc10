"""A held value folded to one case is not masked by its first word alone: folded, `temperature` of
`Temperature-Feed-Token-...` is a word of a message (`temperature_probe_1`, `TEMPERATURE`), not the key cut
short."""

from __future__ import annotations

import pytest

from iotplan.secrets import forget_all, mask_known, remember


@pytest.fixture(autouse=True)
def _forget() -> None:
    forget_all()


def test_a_long_key_folded_is_not_masked_by_its_first_word_alone() -> None:
    remember("Temperature-Feed-Token-8f7a6b5c")
    text = "sensor temperature_probe_1 metric TEMPERATURE"
    assert mask_known(text) == text
    assert mask_known("feed temperature-feed-token-8f7a6b5c") == "feed (sensitive)"
