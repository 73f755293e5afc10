"""A long generated key echoed folded to one case AND cut short is masked by its start, as it is as
written: `KX9QPZW2MN4RT8` of `Kx9qPzW2mN4rT8vB3cQ` was shown in clear."""

from __future__ import annotations

import pytest

from iotplan.secrets import MASKED, forget_all, mask_known, remember


@pytest.fixture(autouse=True)
def _forget() -> None:
    forget_all()


@pytest.mark.parametrize(
    ("value", "echoed"),
    [
        ("Kx9qPzW2mN4rT8vB3cQ", "KX9QPZW2MN4RT8"),  # upper-cased, cut to 14 of 19
        ("Kx9qPzW2mN4rT8vB3cQ", "kx9qpzw2mn4rt8vb3"),  # lower-cased, cut to 17 of 19
        ("3f9c1b7a8e2d4c6b0a9f8e7d", "3F9C1B7A8E2D4C6B0A9F"),  # a hex key upper-cased, 20 of 24
    ],
)
def test_a_generated_key_folded_and_cut_short_is_masked(value: str, echoed: str) -> None:
    remember(value)
    assert mask_known(f"key {echoed} expired") == f"key {MASKED} expired"
