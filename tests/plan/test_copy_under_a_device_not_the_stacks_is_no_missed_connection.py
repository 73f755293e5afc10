"""A declared sensor missing while a web-app copy of it, its refId in another case, stands under a
device the stack does not own in the very connection the plan read: the refusal said the node list
had left the connection out and to run the plan again, which refused the same way forever (fz69).
Read, the connection holds the declared sensor where the manifest puts it, so the carrier is a copy:
the refusal names it by the address the plan gives it and says to remove it in the web app
(what that destroys: no count for it was read)."""

from __future__ import annotations

import pytest

from iotplan.errors import PlanError
from iotplan.live import LiveEntity
from tests.plan.livebuilder import applied, find
from tests.plan.test_copies import _connection, _device
from tests.plan.test_diff import load, plan_for


def test_the_copy_is_named_at_its_address_and_no_rerun_is_advised() -> None:
    live = applied(load())
    connection = _connection(live)
    declared = find(live, "site:dam-a/logger-1/pz-1")
    connection.sensors[declared.parent_id] = [
        each for each in connection.sensors[str(declared.parent_id)] if each.id != declared.id
    ]
    hand = _device(connection, "0A0A0A", {"SERIAL_NO": "hand-dev", "NAME": "Hand dev"})
    copy = LiveEntity(
        f"{hand.id}/0B0B0B/sensor", {"SERIAL_NO": "SITE:dam-a/logger-1/pz-1", "NAME": "x"}, hand.id
    )
    connection.sensors[hand.id] = [copy]
    with pytest.raises(PlanError) as refused:
        plan_for(load(), live)
    problem = str(refused.value)
    assert "It is a copy at dam-a/#0A0A0A/#0B0B0B named 'x'" in problem
    assert "remove it there, destroying an unknown number of observations" in problem
    assert "left dam-a out" not in problem and "run the plan again" not in problem
