"""What the tests of a web-app copy of pz-1 under a device the stack does not own share: a device
'Hand dev' made by hand in the connection the plan reads, holding a sensor that carries
dam-a/logger-1/pz-1's refId in another case."""

from __future__ import annotations

import pytest

from iotplan.errors import PlanError
from iotplan.live import LiveEntity, LiveState
from tests.plan.livebuilder import applied, find, first_connection
from tests.plan.test_copies import _device
from tests.plan.test_diff import load, plan_for


def pz_1_copied_by_hand(live: LiveState, name: str, **props: object) -> LiveEntity:
    """The device and its copy of pz-1, named `name` (with `props` too), added to `live`; the copy."""
    connection = first_connection(live)
    hand = _device(connection, "0A0A0A", {"SERIAL_NO": "hand-dev", "NAME": "Hand dev"})
    copy = LiveEntity(
        f"{hand.id}/0B0B0B/sensor", {"SERIAL_NO": "SITE:dam-a/logger-1/pz-1", "NAME": name, **props}, hand.id
    )
    connection.sensors[hand.id] = [copy]
    return copy


def refused_over_a_copy_of_missing_pz_1(name: str, **props: object) -> str:
    """The test manifest applied, its pz-1 then gone and copied by hand as above: asserts the plan is
    refused; what it says."""
    live = applied(load())
    connection = first_connection(live)
    declared = find(live, "site:dam-a/logger-1/pz-1")
    connection.sensors[declared.parent_id] = [
        each for each in connection.sensors[str(declared.parent_id)] if each.id != declared.id
    ]
    pz_1_copied_by_hand(live, name, **props)
    with pytest.raises(PlanError) as refused:
        plan_for(load(), live)
    return str(refused.value)
