"""Of a fleet in shards, the THREADs another shard declares are filled from the project's lists by a
shard declaring a THREAD, one it registers (not yet listed) too: a logger it creates may be a box
their shard keeps unmanaged (plan/thread.py `kept_by_other_shards`). A shard declaring no THREAD
asks nothing more for them."""

from __future__ import annotations

from iotplan.live.read import ProjectScope
from iotplan.plan.coverage import Shard
from tests.guards.test_read import PROJECT, THREAD, Platform, device, node, read

REGISTERED = "/fn/ABC123/node"  # declared `register: true`: not on the platform yet


def platform() -> Platform:
    nodes = [node(THREAD, None), node("/api/000001/node", "site:dam-a")]
    devices = [
        {"id": f"{THREAD}/vwlogger/032433/device", "props": {"SERIAL_NO": "032433", "NODE_ID": THREAD}},
        device("/api/000001/node", "00000D", "site:dam-a/logger"),
    ]
    return Platform(nodes, devices)


def shard_scope(threads: frozenset[str] = frozenset()) -> ProjectScope:
    """Shard 1 of 2: its THREADs, if any (pinned by id, as a manifest's are); the others' elsewhere."""
    elsewhere = frozenset({THREAD, "site:dam-a"})
    holds = Shard(1, 2).holds
    return ProjectScope(
        PROJECT, threads, frozenset(), "site:", elsewhere=elsewhere, holds=holds, thread_ids=threads
    )


def test_a_shard_registering_its_only_thread_reads_the_loggers_of_another_shards() -> None:
    live = read(platform(), shard_scope(frozenset({REGISTERED})))
    elsewhere = live.projects[PROJECT].threads_elsewhere
    assert list(elsewhere) == [THREAD]
    assert [each.id for each in elsewhere[THREAD].devices] == [f"{THREAD}/vwlogger/032433/device"]


def test_a_shard_declaring_no_thread_asks_nothing_for_another_shards() -> None:
    asked = platform()
    live = read(asked, shard_scope())
    assert live.projects[PROJECT].threads_elsewhere == {}
    assert not {"list_devices", "list_sensors", "get_integration"} & set(asked.count())
