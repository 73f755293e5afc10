"""A count of two reads (REST's connection, then JSON-RPC's counts of what it listed; a THREAD's getDevices,
then its getSensors) is dated from its first read, so its second read takes the pace's next turn, ahead of the
requests other units queued meanwhile, and the write it guards the turn after: counted once, sent two
intervals after the count's first read. Queued behind eight units, the second read aged the count 9 s, and
the write went on it (cr85 #1)."""

from __future__ import annotations

from iotplan.clients.jsonrpc import JsonRpcClient
from tests.clients.guarded_writes import SENSOR, sent_ahead_of_a_queue


def sent_and_counted() -> tuple[list[tuple[str, float]], int]:
    counts = 0

    async def recount(client: JsonRpcClient) -> None:
        nonlocal counts
        counts += 1
        await client.call("getDevices", {"devices": []})  # its first read
        await client.call("getSensors", {"sensors": [SENSOR]})  # what the first read listed

    sent = sent_ahead_of_a_queue(recount)
    return sent, counts


def test_a_counts_second_read_and_its_write_take_the_next_two_turns() -> None:
    sent, counts = sent_and_counted()
    methods = [method for method, _ in sent]
    first = methods.index("getDevices")
    assert methods[first : first + 3] == ["getDevices", "getSensors", "updateSensor"], methods
    assert counts == 1, methods  # dated from its first read, that count held
    assert first < methods.index("getNodes", first), methods  # others were queued behind
