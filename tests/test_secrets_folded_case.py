"""A long held secret echoed folded to one case (`kx9qpzw2...` for `Kx9qPzW2...`) is masked; a short one
folded may be an ordinary word, and is left as it is."""

from __future__ import annotations

import pytest

from iotplan.secrets import forget_all, mask_known, remember

API_KEY = "Kx9qPzW2mR7tLb4vNc8s"


@pytest.fixture(autouse=True)
def _forget() -> None:
    forget_all()


@pytest.mark.parametrize("folded", [API_KEY.lower(), API_KEY.upper()])
def test_a_long_key_echoed_in_one_case_is_masked(folded: str) -> None:
    remember(API_KEY)
    assert mask_known(f"key {folded} unknown") == "key (sensitive) unknown"


def test_a_short_value_folded_is_left_as_a_word() -> None:
    remember("Hunter22x")  # 9 characters: folded, it may be an ordinary word
    assert mask_known("hunter22x and HUNTER22X") == "hunter22x and HUNTER22X"
