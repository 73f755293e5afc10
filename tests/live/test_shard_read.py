"""A shard reads only its connections: never another shard's integration, and the project's lists
only when they cost it fewer requests than its own connections do."""

from __future__ import annotations

import dataclasses

from iotplan.live.read import DEVICES, Listed, ProjectScope, ShardPart
from iotplan.manifest.addresses import fold_ref_id
from iotplan.plan.coverage import Shard
from tests.guards.test_read import PROJECT, Platform, device, node, read, sensor

SITES = [f"site-{index:02d}" for index in range(12)]


def fleet() -> Platform:
    nodes = [node(f"/api/{index:06X}/node", f"site:{key}") for index, key in enumerate(SITES, start=1)]
    devices = [
        device(each["id"], f"D{index:05X}", f"{each['props']['SERIAL_NO']}/logger")
        for index, each in enumerate(nodes)
    ]
    sensors = [
        sensor(each, f"E{index:05X}", f"{each['props']['SERIAL_NO']}/pz")
        for index, each in enumerate(devices)
    ]
    return Platform([*nodes, node("/api/FFFFFF/node", "another-tool")], devices, sensors)


def shard_scope(shard: Shard, devices: int = 0, sensors: int = 0) -> ProjectScope:
    mine = frozenset(f"site:{key}" for key in SITES if shard.holds(key))
    others = frozenset(f"site:{key}" for key in SITES) - mine
    return ProjectScope(
        PROJECT, frozenset(), mine, "site:", devices, sensors, elsewhere=others, holds=shard.holds
    )


def test_each_shard_reads_the_integrations_of_its_connections_and_no_other() -> None:
    read_by: dict[str, int] = {}
    for index in (1, 2, 3, 4):
        shard, platform = Shard(index, 4), fleet()
        # The whole project is large: its lists would cost more than this shard's connections.
        live = read(platform, shard_scope(shard, devices=5_000, sensors=50_000))
        asked = [node_id for name, node_id in platform.asked if name == "get_integration"]
        serials = {n["id"]: n["props"]["SERIAL_NO"] for n in platform.nodes}
        held = {i for i, serial in serials.items() if serial.startswith("site:") and shard.holds(serial[5:])}
        assert held == set(live.projects[PROJECT].connections)
        # The other tool's connection, where the stack's orphans may sit, by the shard holding its address
        foreign = {"/api/FFFFFF/node"} if shard.holds("#FFFFFF") else set()
        assert set(asked) == held | foreign
        assert len(asked) == len(held | foreign)  # each once
        read_by.update(dict.fromkeys(asked, index))
    assert len(read_by) == len(SITES) + 1  # together, every connection once


def test_the_stacks_undeclared_connection_is_read_by_the_shard_its_address_hashes_to() -> None:
    platform = fleet()
    platform.nodes.append(node("/api/0000AA/node", "site:gone"))
    holders = []
    for index in (1, 2, 3):
        shard = Shard(index, 3)
        live = read(fleet_with(platform), shard_scope(shard))
        if "/api/0000AA/node" in live.projects[PROJECT].connections:
            holders.append(shard)
    assert holders == [next(Shard(i, 3) for i in (1, 2, 3) if Shard(i, 3).holds("gone"))]


def test_a_connection_another_shard_declares_is_neither_read_nor_foreign_here() -> None:
    shard = Shard(1, 4)
    live = read(fleet(), shard_scope(shard))
    unclaimed = {entity.id for entity in live.projects[PROJECT].unclaimed}
    assert unclaimed == {"/api/FFFFFF/node"}  # only another tool's: what a creation must not collide with


def test_a_shard_reads_the_lists_only_when_they_cost_it_fewer_requests() -> None:
    shard = Shard(1, 2)
    held = sum(shard.holds(key) for key in SITES)
    whole = dataclasses.replace(shard_scope(shard), expected_devices=len(SITES), expected_sensors=len(SITES))
    platform = fleet()
    read(platform, whole)
    counts = platform.count()
    assert held > 2  # two list pages are cheaper than this shard's integrations
    assert counts["get_integration"] == 0 and counts["list_devices"] == counts["list_sensors"] == 1


def fleet_with(platform: Platform) -> Platform:
    return Platform(list(platform.nodes), platform.devices, platform.sensors)


def test_a_shard_compares_a_list_read_again_on_the_copies_of_its_ref_ids_under_any_connection() -> None:
    """A copy of a declared refId, in any case (`site:SITE-00/logger` of `site:site-00/logger`, as
    refIds are compared), found by a list read again but not by the first read (a sibling's removal
    moved it between pages) stops the plan: the write its copy would fence went through unseen."""
    part = ShardPart(
        frozenset({"/api/00000B/node"}),
        frozenset({"/api/00000A/node"}),
        frozenset({fold_ref_id("site:site-00/logger")}),
    )
    copy = Listed("/api/00000B/node/dynamic/00000C/device", "/api/00000B/node", "site:SITE-00/logger")
    assert part.reads(DEVICES, copy)
    assert not part.reads(DEVICES, copy._replace(ref_id="site:site-01/logger"))  # no copy: another shard's
