"""A sensor the project's sensor list left out (a gap without a repeat, as when the list's order
shifts between pages): its device's SIZE still counts it, so the plan creates nothing under that
device, where it would have created a copy of the sensor missed."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from iotplan.clients.platform import Keep
from iotplan.errors import IotplanError, PlanError
from iotplan.live.read import ProjectScope, read_live
from iotplan.plan.guards import Permissions, refuse_data_loss
from iotplan.plan.model import Action
from tests.guards.test_read import Platform
from tests.plan.test_diff import MANIFEST, PROJECT, load, plan_for

DAM_A = "/api/000001/node"
LOGGER = f"{DAM_A}/dynamic/00000D/device"


def node(node_id: str, serial: str) -> dict[str, Any]:
    return {"id": node_id, "props": {"SERIAL_NO": serial, "NAME": serial}}


def sensor(hex_id: str, key: str) -> dict[str, Any]:
    return {
        "id": f"{LOGGER}/{hex_id}/sensor",
        "device": LOGGER,
        "props": {"SERIAL_NO": f"site:dam-a/logger-1/{key}"},
    }


class DroppingOne(Platform):
    """The platform's sensor list, its first item left out."""

    async def list_sensors(self, project_id: str, expected: int = 0, keep: Keep | None = None) -> list[Any]:
        return (await super().list_sensors(project_id, expected, keep))[1:]


def test_a_sensor_the_list_left_out_is_not_created_again_under_its_device() -> None:
    logger = {"id": LOGGER, "props": {"SERIAL_NO": "site:dam-a/logger-1", "NODE_ID": DAM_A, "SIZE": 2}}
    nodes = [
        node(DAM_A, "site:dam-a"),
        node("/api/000002/node", "other-1"),
        node("/api/000003/node", "other-2"),
    ]
    platform = DroppingOne(nodes, [logger], [sensor("00000E", "pz-1"), sensor("00000F", "air")])
    scope = ProjectScope(PROJECT, frozenset(), frozenset({"site:dam-a"}), "site:")
    live = asyncio.run(read_live(platform, [scope], target="fake", catalog=False))
    assert platform.count()["list_sensors"] == 1, "read through the lists (three connections)"
    with pytest.raises(PlanError) as refused:
        plan_for(load(), live)
    assert (
        f"dam-a/logger-1/pz-1: would create sensor 'site:dam-a/logger-1/pz-1' under device {LOGGER}"
        in str(refused.value)
    )
    assert "whose SIZE is 2 but 1 sensor was read under it" in str(refused.value)


def test_a_device_answered_with_fewer_sensors_than_its_size_is_removed_only_with_allow_destroy() -> None:
    """Finding r25-6: its removal showed no observations destroyed, and apply's recount then refused."""
    logger = {"id": LOGGER, "props": {"SERIAL_NO": "site:dam-a/logger-1", "NODE_ID": DAM_A, "SIZE": 3}}
    answered = {
        **sensor("00000F", "air"),
        "props": {"SERIAL_NO": "site:dam-a/logger-1/air", "OBSERVATION_COUNT": 0},
    }
    platform = Platform([node(DAM_A, "site:dam-a")], [logger], [answered])
    scope = ProjectScope(PROJECT, frozenset(), frozenset({"site:dam-a"}), "site:")
    live = asyncio.run(read_live(platform, [scope], target="fake", catalog=False))
    assert platform.count()["get_integration"] == 1, "read one by one"
    plan = plan_for(load(MANIFEST.split("        devices:\n")[0]), live)
    [removal] = [change for change in plan.changes if change.address == "dam-a/logger-1"]
    assert removal.action is Action.REMOVE and removal.observations_unknown
    with pytest.raises(IotplanError, match="--allow-destroy"):
        refuse_data_loss(plan, Permissions())
