"""A passphrase holding blanks and quotes echoed folded inside JSON (its quotes escaped, so not the
folded value whole) is masked by its start: `tom & jerry \\"home\\" 5g` was shown in clear."""

from __future__ import annotations

import pytest

from iotplan.secrets import forget_all, mask_known, remember


@pytest.fixture(autouse=True)
def _forget() -> None:
    forget_all()


def test_a_passphrase_folded_inside_json_is_masked() -> None:
    remember('Tom & Jerry "home" 5G')
    assert "jerry" not in mask_known('{"psk": "tom & jerry \\"home\\" 5g"}')
