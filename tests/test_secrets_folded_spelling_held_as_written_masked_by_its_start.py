"""A folded spelling that is also a value held as written (`kx9q...` held, and `Kx9Q...` folded to it)
keeps its start masked: only a spelling held as a value folded alone is masked whole only."""

from __future__ import annotations

import pytest

from iotplan.secrets import forget_all, mask_known, remember


@pytest.fixture(autouse=True)
def _forget() -> None:
    forget_all()


def test_a_folded_spelling_that_is_another_value_as_written_keeps_its_start_masked() -> None:
    remember("Kx9qPzW2mR7tLb4vNc8sQ")
    remember("kx9qpzw2mr7tlb4vnc8sq")  # the first, folded: held as written too
    assert mask_known("key kx9qpzw2mr7t cut") == "key (sensitive) cut"
