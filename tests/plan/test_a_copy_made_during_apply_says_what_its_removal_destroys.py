"""A copy of a device the apply made, made by another writer between the plan's read and the write:
the verifying plan's `*` line said "remove one of the two (or give this one another SERIAL_NO)"
without saying what removing the copy destroys. It says how many observations the copy holds, after
the step that keeps them."""

from __future__ import annotations

from iotplan.live import LiveEntity
from iotplan.plan.copies import Carrier, _made_meanwhile
from iotplan.plan.model import Kind
from iotplan.plan.ownership import Ownership
from tests.plan.livebuilder import applied, empty, first_connection
from tests.plan.test_copies import _device
from tests.plan.test_diff import find_change, load, plan_for


def test_the_removal_advised_names_the_observations_it_destroys() -> None:
    made = find_change(plan_for(load(), empty(load())), "dam-a/logger-1")
    connection = first_connection(applied(load()))
    copy = _device(connection, "0A0A0A", {"SERIAL_NO": "SITE:dam-a/logger-1", "NAME": "Copy"})
    props = {"SERIAL_NO": "hand-s1", "NAME": "HS1", "OBSERVATION_COUNT": 42}
    connection.sensors[copy.id] = [LiveEntity(f"{copy.id}/0B0B0B/sensor", props, copy.id)]
    told = _made_meanwhile(made, Carrier(copy, Kind.DEVICE, connection), Ownership("site")).reason
    kept, _, removed = told.partition("remove it there")
    assert "give it a SERIAL_NO that does not start with 'site:' in the platform's web app" in kept, told
    assert removed.startswith(", destroying 42 observations"), told
