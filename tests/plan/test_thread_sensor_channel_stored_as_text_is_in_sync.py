"""A channel the platform stores as text (MUX_INDEX "2", written by another tool) is channel 2, as the
check of shared channels reads it: a sensor declared `mux_index: 2` on it is in sync. It planned
`~ mux_index: "2" → 2`, a data-model change refused on a sensor with history, and drift MODIFIED (cr92)."""

from __future__ import annotations

import pytest

from tests.plan.test_thread import LOGGER, desired, live_as_declared, planned


@pytest.mark.parametrize("stored", ["2", "2.0", 2.0])
def test_a_sensor_on_its_channel_stored_as_text_is_in_sync(stored: object) -> None:
    state = desired()
    plan = planned(state, live_as_declared(state, **{f"{LOGGER}/tilt2/sensor": {"MUX_INDEX": stored}}))
    assert not plan.summary.has_changes, plan.changes
