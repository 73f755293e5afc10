"""apply --shard i/n while the sibling shards apply theirs at once (the sharded CI matrix, fz42 #1).

A shard reading the project's device list in pages reads it again where it creates a device
(live/read.py changed_since). Its siblings remove entities of their own connections meanwhile, by
design: only the entities this shard reads are compared, so their removals alone no longer refuse
it, while a removal that hid one of this shard's entities, or removed one, still stops it. The
emulator caps its pages at 100 (`page-cap-100`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.clients.target import Target
from iotplan.commands.apply import ApplyRequest, prepare_apply
from iotplan.errors import PlatformError
from iotplan.plan.coverage import Shard, shard_of
from iotplan.plan.desired import desired_state
from iotplan.plan.model import Action, Plan
from tests.commands.test_paged_lists_read_again import (
    PAGE,
    STOPPED,
    applied,
    connection,
    listed,
    pages_of_100,  # noqa: F401 (an autouse fixture)
    removed_before_page_one,
    run,
    site,
)
from tests.guards.fleet import load

MINE = Shard(1, 2)
# "a" is shard 1/2's connection; "d", "g" and "h" are shard 2/2's.
OURS, SIBLING, SIBLINGS_FLEET, SIBLINGS_LATER = "a", "d", "g", "h"
# The stop when the entities this shard reads only gained one: made, or hidden by a removal.
GAINED = "entities were made or removed while the plan read these lists in pages"


def devices(count: int, prefix: str = "x") -> list[str]:
    return [f"{prefix}{number}" for number in range(count)]


def node_id(db: Path, key: str) -> str:
    return next(node["id"] for node in listed(db, "nodes") if node["props"]["SERIAL_NO"] == f"st:{key}")


def shard_plan(db: Path, text: str) -> Plan:
    """Shard 1/2's apply, prepared: its reads and its plan, as the apply reviews them."""

    async def work(target: Target) -> Plan:
        prepared = await prepare_apply(target, desired_state(load(text)), ApplyRequest(shard=MINE), {})
        return prepared.plan

    return run(db, work)


def fleet(db: Path, *, before_ours: int, first: tuple[str, ...] = ()) -> list[str]:
    """SIBLING's device first in the project's device list, then `before_ours` of SIBLINGS_FLEET's,
    then OURS's d1, then 10 of SIBLINGS_LATER's (the list goes on: a page cap shows itself). The
    manifests' connections, as each shard's manifest declares them all, after those `first` (listed
    first, applied already)."""
    assert shard_of(OURS, 2) == 1 and {
        shard_of(key, 2) for key in (SIBLING, SIBLINGS_FLEET, SIBLINGS_LATER)
    } == {2}
    sibling = connection(SIBLING, "s0")
    applied(db, site(*first, sibling))
    fleet_ = connection(SIBLINGS_FLEET, *devices(before_ours))
    applied(db, site(*first, sibling, fleet_))
    applied(db, site(*first, sibling, fleet_, connection(OURS, "d1")))
    later = connection(SIBLINGS_LATER, *devices(10))
    applied(db, site(*first, sibling, fleet_, connection(OURS, "d1"), later))
    return [sibling, fleet_, later]


def created(plan: Plan) -> list[str]:
    return [change.address for change in plan.changes if change.action is Action.CREATE]


def test_a_sibling_shard_removing_its_own_connection_mid_read_does_not_refuse_this_shard(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIBLING's device, removed before page 1, moves every item back by one: the one moved back
    across the page's end is SIBLINGS_FLEET's, which nothing of this shard's plan rests on."""
    db = tmp_path / "sim.db"
    theirs = fleet(db, before_ours=PAGE + 20)
    order = [device["props"]["SERIAL_NO"] for device in listed(db, "devices")]
    assert order.index(f"st:{SIBLING}/s0") < PAGE < order.index(f"st:{OURS}/d1")
    removed_before_page_one(monkeypatch, "device", node_id(db, SIBLING))
    plan = shard_plan(db, site(connection(OURS, "d1", "d2"), *theirs))
    assert created(plan) == [f"{OURS}/d2"]


def test_a_sibling_shards_removal_that_hid_this_shards_device_still_stops_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OURS's d1, first on page 1, moves back onto page 0 after it was read: read on neither page
    then, found by the second read, so this shard's read is not proven whole."""
    db = tmp_path / "sim.db"
    demo = len(listed(db, "devices"))  # the emulator's demo devices, listed first
    theirs = fleet(db, before_ours=PAGE - demo - 1)
    order = [device["props"]["SERIAL_NO"] for device in listed(db, "devices")]
    assert order.index(f"st:{OURS}/d1") == PAGE
    removed_before_page_one(monkeypatch, "device", node_id(db, SIBLING))
    with pytest.raises(PlatformError, match=GAINED) as stopped:
        shard_plan(db, site(connection(OURS, "d1", "d2"), *theirs))
    assert "of the entities this shard reads: 0 entities read then and gone now, 1 there now" in str(
        stopped.value
    )


def test_an_entity_of_this_shards_connections_removed_mid_read_stops_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "sim.db"
    also = connection("b", "d1")  # shard 1/2's too, first in the list
    applied(db, site(also))
    theirs = fleet(db, before_ours=PAGE + 20, first=(also,))
    removed_before_page_one(monkeypatch, "device", node_id(db, "b"))
    with pytest.raises(PlatformError, match=STOPPED) as stopped:
        shard_plan(db, site(also, connection(OURS, "d1", "d2"), *theirs))
    assert "of the entities this shard reads: 1 entity read then and gone now" in str(stopped.value)
