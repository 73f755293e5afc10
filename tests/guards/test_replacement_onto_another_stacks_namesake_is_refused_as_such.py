"""A replacement that makes this stack's device again under the name of another stack's at its address
is refused as the rename is (plan/copies.py `beside_their_own`), in its own words: "would replace device
… making it again as 'Logger 2'", not "would rename" a device the plan removes and creates (cr89 left)."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import NoSafePlanError
from tests.guards.fleet import DAM_A, manifest
from tests.guards.made_during_apply import LOGGER_2, another_stacks_logger_2_made
from tests.guards.test_apply_command import Platform

REPLACED = LOGGER_2.replace(
    "            name: Logger 2\n", "            name: Logger 2\n            template: DEMO_DEVICE_SDE\n"
)


def test_replacing_a_device_under_the_name_of_another_stacks_at_its_address_is_refused(
    tmp_path: Path,
) -> None:
    platform = Platform(tmp_path)
    platform.apply(manifest(DAM_A + LOGGER_2.replace("Logger 2", "Logger B")))
    another_stacks_logger_2_made(platform)

    with pytest.raises(NoSafePlanError) as refused:
        platform.prepare(manifest(DAM_A + REPLACED))
    [refusal] = [each for each in refused.value.refusals if each.address == "dam-a/logger-2"]
    assert refusal.text.startswith("dam-a/logger-2: would replace device "), refusal.text
    assert "making it again as 'Logger 2'" in refusal.text
    assert "name this one otherwise" in refusal.text
