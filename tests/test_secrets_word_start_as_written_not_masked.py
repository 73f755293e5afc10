"""A key as written is not masked by its first word alone either: a key `Temperature-Feed-Token-...` hid
`Temperature`, how a metric is named, in every plan line (`(sensitive) probe 1`)."""

from __future__ import annotations

import pytest

from iotplan.secrets import forget_all, mask_known, remember


@pytest.fixture(autouse=True)
def _forget() -> None:
    forget_all()


@pytest.mark.parametrize("text", ["Temperature probe 1", "metric Temperature", "Temperature_probe_1"])
def test_a_word_the_key_starts_with_is_not_masked(text: str) -> None:
    remember("Temperature-Feed-Token-8f7a6b5c")
    assert mask_known(text) == text
