"""Two sensors under devices the stack does not own carry, as written, the refId a `ref_id:` adopts:
one is the original, and iotplan cannot tell which. Each one's `*` line said "keep the one with the
history, remove the others" without saying what removing it destroys. Each says how many
observations it holds, after the step that keeps them."""

from __future__ import annotations

from iotplan.live import LiveEntity
from tests.plan.livebuilder import applied, first_connection
from tests.plan.test_adopted_sensor_under_another_device_is_no_copy import _listed, _refused
from tests.plan.test_copies import _device
from tests.plan.test_diff import load


def test_each_ones_removal_names_the_observations_it_destroys() -> None:
    live = applied(load())
    connection = first_connection(live)
    for device, sensor, count in [("0A0A0A", "0B0B0B", 42), ("0D0D0D", "0E0E0E", 7)]:
        hand = _device(connection, device, {"SERIAL_NO": f"hand-{device}", "NAME": "Hand dev"})
        props = {"SERIAL_NO": "hand-s1", "NAME": "HS1", "OBSERVATION_COUNT": count}
        connection.sensors[hand.id] = [LiveEntity(f"{hand.id}/{sensor}/sensor", props, hand.id)]
    told = {change.live_id[-13:-7]: change.reason for change in _listed(_refused(live), "hand-s1")}
    for sensor, count in [("0B0B0B", 42), ("0E0E0E", 7)]:
        kept, _, removed = told[sensor].partition("remove it there")
        assert "keep the one with the history" in kept, told[sensor]
        assert "give it another SERIAL_NO in the platform's web app" in kept, told[sensor]
        assert removed.startswith(f", destroying {count} observations"), told[sensor]
