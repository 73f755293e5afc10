"""A port the platform stores as text or a decimal (EXTERNAL_PORT "2", written by another tool) is port
2, as a sensor's channel stored so is its channel: a logger declared `port: 2` on it is in sync. It
planned `~ port: "2" → 2`, and drift MODIFIED (cr99)."""

from __future__ import annotations

import pytest

from tests.plan.test_thread import LOGGER, desired, live_as_declared, planned


@pytest.mark.parametrize("stored", ["2", "2.0", 2.0])
def test_a_logger_on_its_port_stored_as_text_is_in_sync(stored: object) -> None:
    state = desired()
    plan = planned(state, live_as_declared(state, **{LOGGER: {"EXTERNAL_PORT": stored}}))
    assert not plan.summary.has_changes, plan.changes
