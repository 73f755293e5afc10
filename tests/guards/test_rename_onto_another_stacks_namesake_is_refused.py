"""Two stacks sharing a connection may each keep a device at one address, named otherwise: two
loggers, let be. A rename that gives this stack's the other's name would make the pair read as one
device made twice, every plan and drift of either stack then advising to remove one with its history:
the plan refuses the rename, as it refuses to create the device so named (plan/copies.py
`beside_their_own`), advising to name it otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import NoSafePlanError
from tests.guards.fleet import DAM_A, manifest
from tests.guards.made_during_apply import LOGGER_2, another_stacks_logger_2_made
from tests.guards.test_apply_command import Platform


def test_renaming_a_device_to_the_name_of_another_stacks_at_its_address_is_refused(tmp_path: Path) -> None:
    platform = Platform(tmp_path)
    platform.apply(manifest(DAM_A + LOGGER_2.replace("Logger 2", "Logger B")))
    another_stacks_logger_2_made(platform)

    with pytest.raises(NoSafePlanError) as refused:
        platform.prepare(manifest(DAM_A + LOGGER_2))
    [refusal] = refused.value.refusals
    assert refusal.address == "dam-a/logger-2"
    assert refusal.text.startswith("dam-a/logger-2: would rename device ")
    assert "'Logger B' to 'Logger 2'" in refusal.text
    assert "name this one otherwise" in refusal.text
