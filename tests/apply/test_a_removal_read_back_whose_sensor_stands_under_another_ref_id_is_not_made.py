"""A refused call removing a sensor is read back: its refId gone from the read, the removal was taken as
made, though the sensor stood there under another refId (an earlier call of the apply had renamed it,
its history whole). The report said it destroyed and counted its observations. A removal is made only
when the read shows neither its refId nor its live entity: here it is not made."""

from __future__ import annotations

import copy

from tests.apply.test_refused import Refusing, apply_three
from tests.plan.livebuilder import applied, find
from tests.plan.test_diff import load


def test_a_removal_whose_sensor_the_read_shows_under_another_ref_id_is_not_made() -> None:
    live = applied(load())
    kept = copy.deepcopy(live)  # the same entities, by id
    find(kept, "site:dam-a/logger-1/air").props["SERIAL_NO"] = "site:dam-a/logger-1/air-renamed"
    outcome = apply_three(Refusing(kept, status=404), live=live)
    assert "dam-a/logger-1/air" not in outcome.applied
    assert "dam-a/logger-1/air" in outcome.pending
    assert outcome.message.endswith("Read back, the connection shows 0 of the call's 3 changes made.")
