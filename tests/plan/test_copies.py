"""One refId carried twice, and an earlier copy the platform did not keep a refId for."""

from __future__ import annotations

import dataclasses

import pytest

from iotplan.errors import PlanError
from iotplan.live import LiveConnection, LiveEntity
from iotplan.plan.model import Action, Cause
from tests.plan.livebuilder import applied, empty, find
from tests.plan.test_diff import MANIFEST, load, plan_for


def _project(live):
    return next(iter(live.projects.values()))


def _copy_connection(live, serial: str, observations: int) -> LiveConnection:
    """A second connection carrying the same refId, as two applies at once can leave."""
    project = _project(live)
    props = {"SERIAL_NO": serial, "NAME": "Dam A", "OBSERVATION_COUNT": observations}
    copy = LiveConnection(LiveEntity("/api/C0FFEE/node", props), project_id=project.id)
    project.connections[copy.node.id] = copy
    return copy


def test_an_extra_connection_copy_holding_no_data_is_removed_by_its_own_id() -> None:
    live = applied(load())
    _copy_connection(live, "site:dam-a", observations=0)
    plan = plan_for(load(), live)
    [removal] = plan.writes
    assert (removal.address, removal.action, removal.cause) == (
        "dam-a#C0FFEE",
        Action.REMOVE,
        Cause.DUPLICATE,
    )
    assert removal.live_id == "/api/C0FFEE/node" and removal.connection == "dam-a#C0FFEE"


def test_the_copy_that_holds_data_is_the_one_kept() -> None:
    live = applied(load())
    original = find(live, "site:dam-a")
    _project(live).connections[original.id].node.props["OBSERVATION_COUNT"] = 0
    _copy_connection(live, "site:dam-a", observations=5)
    plan = plan_for(load(), live)
    [removal] = [change for change in plan.changes if change.action is Action.REMOVE]
    assert removal.live_id == original.id


def test_two_copies_that_may_hold_data_refuse_the_plan() -> None:
    live = applied(load(), observations=3)
    _copy_connection(live, "site:dam-a", observations=9)
    with pytest.raises(PlanError, match=r"2 connections carry refId 'site:dam-a' and more than one may hold"):
        plan_for(load(), live)


def test_a_copy_without_a_count_counts_as_holding_data() -> None:
    live = applied(load(), observations=3)
    copy = _copy_connection(live, "site:dam-a", observations=0)
    copy.devices.append(LiveEntity(f"{copy.node.id}/dynamic/C0FFE1/device", {"SERIAL_NO": "x"}, copy.node.id))
    copy.sensors[copy.devices[0].id] = [
        LiveEntity(f"{copy.devices[0].id}/C0FFE2/sensor", {}, copy.devices[0].id)
    ]
    with pytest.raises(PlanError, match="more than one may hold observations"):
        plan_for(load(), live)


def test_a_device_carried_twice_is_reported_and_no_write_may_reach_its_ref_id() -> None:
    live = applied(load())
    device = find(live, "site:dam-a/logger-1")
    connection = next(iter(_project(live).connections.values()))
    twin = dataclasses.replace(
        device, id=device.id.replace("/device", "1/device").replace("dynamic/", "dynamic/B")
    )
    connection.devices.append(twin)
    assert [c.action for c in plan_for(load(), live).changes if c.cause is Cause.DUPLICATE] == [
        Action.DUPLICATE
    ]
    renamed = MANIFEST.replace("name: Logger", "name: Crest logger")
    with pytest.raises(PlanError, match="by a refId that two live entities carry"):
        plan_for(load(renamed), live)


def test_an_unmanaged_connection_with_the_same_name_is_named_as_a_likely_earlier_copy() -> None:
    live = empty(load())
    _project(live).unclaimed.append(LiveEntity("/api/ABCDEF/node", {"NAME": "Dam A", "SERIAL_NO": "ABCDEF"}))
    with pytest.raises(
        PlanError, match=r"dam-a: not found by its refId, but node /api/ABCDEF/node named 'Dam A'"
    ):
        plan_for(load(), live)


def test_an_unmanaged_device_with_the_same_name_is_adopted_by_ref_id_not_created_again() -> None:
    live = applied(load())
    connection = next(iter(_project(live).connections.values()))
    logger = find(live, "site:dam-a/logger-1")
    connection.devices.remove(logger)
    stray = LiveEntity(
        f"{connection.node.id}/dynamic/0B0B0B/device",
        {"NAME": "Logger", "SERIAL_NO": "u-1"},
        connection.node.id,
    )
    connection.devices.append(stray)
    with pytest.raises(PlanError, match=r"Adopt it with `ref_id: u-1`"):
        plan_for(load(), live)
