"""A declared sensor missing while a web-app copy of it stands under a device the stack does not own:
the refusal said "Remove it (or give it another SERIAL_NO)" without saying that the removal destroys
the copy's observations. It says how many, after the step that keeps them."""

from __future__ import annotations

import pytest

from iotplan.errors import PlanError
from iotplan.live import LiveEntity
from tests.plan.livebuilder import applied, find
from tests.plan.test_copies import _connection, _device
from tests.plan.test_diff import load, plan_for


def test_the_removal_advised_names_the_observations_it_destroys() -> None:
    live = applied(load())
    connection = _connection(live)
    declared = find(live, "site:dam-a/logger-1/pz-1")
    connection.sensors[declared.parent_id] = [
        each for each in connection.sensors[str(declared.parent_id)] if each.id != declared.id
    ]
    hand = _device(connection, "0A0A0A", {"SERIAL_NO": "hand-dev", "NAME": "Hand dev"})
    copy = LiveEntity(
        f"{hand.id}/0B0B0B/sensor",
        {"SERIAL_NO": "SITE:dam-a/logger-1/pz-1", "NAME": "x", "OBSERVATION_COUNT": 42},
        hand.id,
    )
    connection.sensors[hand.id] = [copy]
    with pytest.raises(PlanError) as refused:
        plan_for(load(), live)
    problem = str(refused.value)
    kept, _, removed = problem.partition("remove it there")
    assert "give it another SERIAL_NO in the platform's web app" in kept, problem
    assert removed.startswith(", destroying 42 observations"), problem
