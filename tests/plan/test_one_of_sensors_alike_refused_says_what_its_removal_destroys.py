"""A declared sensor adopted by `ref_id:` not found where the manifest puts it, while two sensors
under devices the stack does not own carry its refId as written: the refusal naming one of them said
"Keep the one with the history (removing it destroys that), remove the others" with no count. It says
how many observations the one it names holds, which its removal destroys, after the step that keeps
them."""

from __future__ import annotations

from iotplan.live import LiveEntity
from tests.plan.livebuilder import applied, first_connection
from tests.plan.test_adopted_sensor_under_another_device_is_no_copy import _refused
from tests.plan.test_copies import _device
from tests.plan.test_diff import load


def test_the_removal_advised_names_the_observations_it_destroys() -> None:
    live = applied(load())
    connection = first_connection(live)
    for device, sensor in [("0A0A0A", "0B0B0B"), ("0D0D0D", "0E0E0E")]:
        hand = _device(connection, device, {"SERIAL_NO": f"hand-{device}", "NAME": "Hand dev"})
        props = {"SERIAL_NO": "hand-s1", "NAME": "HS1", "OBSERVATION_COUNT": 42}
        connection.sensors[hand.id] = [LiveEntity(f"{hand.id}/{sensor}/sensor", props, hand.id)]
    problem = str(_refused(live))
    told = problem[problem.index("one of 2 sensors carrying 'hand-s1' as written") :]
    kept, _, removed = told.partition("remove it there")
    assert "Keep the one with the history" in kept, problem
    assert "give it another SERIAL_NO in the platform's web app" in kept, problem
    assert removed.startswith(", destroying 42 observations"), problem
