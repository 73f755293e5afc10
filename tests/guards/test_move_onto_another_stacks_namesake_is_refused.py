"""A `moved` rename that brings this stack's device to the address of another stack's named alike,
under a shared connection, would make the pair read as one device made twice: refused at plan time,
as creating it there is (plan/copies.py `beside_their_own`), advising another key."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import NoSafePlanError
from tests.guards.fleet import DAM_A, manifest
from tests.guards.made_during_apply import LOGGER_2, another_stacks_logger_2_made
from tests.guards.test_apply_command import Platform


def test_moving_a_device_to_the_address_of_another_stacks_named_alike_is_refused(tmp_path: Path) -> None:
    platform = Platform(tmp_path)
    platform.apply(manifest(DAM_A + LOGGER_2.replace("logger-2", "logger-3")))
    another_stacks_logger_2_made(platform)

    moved = "  - from: dam-a/logger-3\n    to: dam-a/logger-2\n"
    with pytest.raises(NoSafePlanError) as refused:
        platform.prepare(manifest(DAM_A + LOGGER_2, moved=moved))
    [refusal] = refused.value.refusals
    assert refusal.address == "dam-a/logger-2"
    assert refusal.text.startswith("dam-a/logger-2: would move device ")
    assert "here from 'site:dam-a/logger-3'" in refusal.text
    assert "give this one another key" in refusal.text
