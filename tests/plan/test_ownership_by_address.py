"""A stack owns only refIds its manifests give: its prefix, then an address of the entity's depth,
keys as a manifest's. Another tool's that only start with the prefix are unmanaged, never removed
without --prune-unmanaged (they were removed with exit 0)."""

from __future__ import annotations

import pytest

from iotplan.live import LiveConnection, LiveEntity
from iotplan.plan.model import Action, PlanOptions
from tests.plan.livebuilder import applied, find, first_connection
from tests.plan.test_copies import _device
from tests.plan.test_diff import MANIFEST, PROJECT, load, plan_for

NOT_MADE_BY_IOTPLAN = [
    "site:",
    "site:dam-a/Logger 7 (north)",
    "site:legacy",  # a connection's address, on a device
    "site:dam-a/logger-1/pz-1",  # a sensor's
    "site:dam-a/logger-1/pz-1/ch/2",
]


def _actions(live, options: PlanOptions = PlanOptions()) -> dict[str, Action]:
    return {change.address: change.action for change in plan_for(load(), live, options).changes}


@pytest.mark.parametrize("serial", NOT_MADE_BY_IOTPLAN)
def test_a_device_whose_ref_id_no_manifest_gives_is_unmanaged(serial: str) -> None:
    live = applied(load())
    _device(first_connection(live), "0B0B0B", {"SERIAL_NO": serial, "NAME": "Other tool logger"})
    assert _actions(live)["dam-a/#0B0B0B"] is Action.UNMANAGED
    assert _actions(live, PlanOptions(prune_unmanaged=True))["dam-a/#0B0B0B"] is Action.REMOVE


def test_a_sensor_or_connection_whose_ref_id_is_of_another_depth_is_unmanaged() -> None:
    live = applied(load())
    device = find(live, "site:dam-a/logger-1")
    sensor = LiveEntity(f"{device.id}/0C0C0C/sensor", {"SERIAL_NO": "site:dam-a/logger-1"}, device.id)
    first_connection(live).sensors[device.id].append(sensor)
    node = LiveEntity("/api/0D0D0D/node", {"SERIAL_NO": "site:dam-z/logger-1", "OBSERVATION_COUNT": 0})
    live.projects[PROJECT].connections[node.id] = LiveConnection(node, project_id=PROJECT)
    actions = _actions(live)
    assert actions["dam-a/logger-1/#0C0C0C"] is Action.UNMANAGED
    assert not any(address.startswith("dam-z") for address in actions)
    own = applied(load(MANIFEST + "          - key: logger-9\n"))  # the stack's own, dropped: removed
    assert _actions(own)["dam-a/logger-9"] is Action.REMOVE
