"""A device pinned with `ref_id: x-123` (what `import` writes) whose SERIAL_NO another writer changed
again ('y-456'): its sensors carry the refIds the manifest gives them from their keys, not 'x-123/...'.
It was not recognised: the plan said to "declare it where it now is" and that a manifest without its
sensors "removes it, destroying 500 observations". It is told as the device holding the declared
sensors' refIds, to set back to 'x-123' (fx374). A sensor pinned to another writer's text still does
not make that writer's device this one (test_device_whose_serial_no_was_changed)."""

from __future__ import annotations

import pytest

from iotplan.errors import NoSafePlanError
from tests.plan.livebuilder import applied, find
from tests.plan.test_diff import MANIFEST, load, plan_for

PINNED = MANIFEST.replace(
    "          - key: logger-1\n", "          - key: logger-1\n            ref_id: x-123\n"
)


def test_a_pinned_device_whose_serial_no_was_changed_again_is_to_get_it_back() -> None:
    assert PINNED != MANIFEST
    live = applied(load(PINNED), observations=500)
    logger = find(live, "x-123")
    logger.props.update(SERIAL_NO="y-456", NAME="Renamed")
    with pytest.raises(NoSafePlanError) as refused:
        plan_for(load(PINNED), live)
    message = str(refused.value)
    assert f"the device at {logger.id} named 'Renamed' (SERIAL_NO 'y-456') holds 2 sensors" in message, (
        message
    )
    assert "set its SERIAL_NO back to 'x-123' in the platform's web app" in message, message
    assert "declare it where it now is" not in message and "removes it" not in message, message
    assert refused.value.refusals[0].lost_serial_no[0] == logger.id
