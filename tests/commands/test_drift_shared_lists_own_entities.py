"""live/read.py SharedLists: reads sharing one read of a project's device and sensor lists (drift's
manifests) each place their own entities. A plan writes into its live entities (a count JSON-RPC
gave, live/counts.py); written into the one shared object, it would show in another manifest's
report, or spare it a read it needed, depending on which manifest was read first."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from iotplan.clients.target import Target
from iotplan.live.model import LiveState
from iotplan.live.read import PagedLists, SharedLists, read_live
from iotplan.plan.desired import desired_state
from iotplan.plan.shard import shard_scopes
from tests.commands.test_paged_lists_read_again import run, site
from tests.e2e.test_paging_races import FEEDS, LISTS, feed, fleet
from tests.guards.fleet import PROJECT, load

__all__ = ["fleet"]  # the fixture, used by name


def reads(db: Path, count: int) -> tuple[list[LiveState], Counter[str]]:
    """`count` reads of the stack's five feeds, sharing one SharedLists, and the requests they made."""
    scopes = shard_scopes(desired_state(load(site(*map(feed, FEEDS)))), None)

    async def work(target: Target) -> tuple[list[LiveState], Counter[str]]:
        shared = SharedLists()
        read = [
            await read_live(target.client, scopes, target="sim", paged=PagedLists(shared=shared))
            for _ in range(count)
        ]
        return read, Counter(target.client.requests)  # type: ignore[attr-defined]

    return run(db, work)


def test_a_count_written_into_one_reads_entity_is_not_in_the_others(fleet: tuple[Path, str]) -> None:
    db, _ = fleet
    [first, second], requests = reads(db, 2)
    _, once = reads(db, 1)
    assert [requests[each] for each in LISTS[1:]] == [once[each] for each in LISTS[1:]]  # read once
    [mine, theirs] = [live.projects[PROJECT].connections for live in (first, second)]
    assert mine.keys() == theirs.keys() and len(mine) == len(FEEDS)
    node_id = next(iter(mine))
    [device], [same] = mine[node_id].devices, theirs[node_id].devices
    assert device == same
    device.props["OBSERVATION_COUNT"] = 12
    assert same.observations is None and device.observations == 12
