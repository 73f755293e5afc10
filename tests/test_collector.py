"""The cyclic collector is paused while a manifest loads, and what it built is frozen."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from iotplan.collector import paused_collector


@pytest.fixture
def unfrozen_afterwards() -> Iterator[None]:
    try:
        yield
    finally:
        gc.unfreeze()


def test_paused_inside_frozen_afterwards(unfrozen_afterwards: None) -> None:
    assert gc.isenabled()
    frozen_before = gc.get_freeze_count()
    with paused_collector():
        assert not gc.isenabled()
        built = [[index] for index in range(1000)]  # lists: always tracked by the collector
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen_before + len(built)


def test_a_collector_that_was_off_stays_off(unfrozen_afterwards: None) -> None:
    gc.disable()
    try:
        with paused_collector():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
