"""A guarded JSON-RPC write (a data-model change) that waits on the client's `_opening` lock while another
unit reopens the shared WebSocket, whose authenticate waits out a REST unit's 30 s 429 pause, reaches its
turn after the pause ended: it is counted again all the same, its count older than the window (cr82 #2)."""

from __future__ import annotations

import asyncio

from iotplan.clients.retry import Guard, Resending, resend_guard
from iotplan.clients.throttle import waits_counted
from tests.clients.guarded_writes import NODES, SENSOR, JumpingClock, read_at, recording_client


def test_a_jsonrpc_write_held_30_s_behind_another_units_reconnect_is_counted_again() -> None:
    clock = JumpingClock(turns=20)  # others run meanwhile, as in a real wait
    sent: list[str] = []
    counted: list[Resending] = []

    async def count_again(resending: Resending) -> None:
        counted.append(resending)

    async def run() -> None:
        client = recording_client(
            clock, lambda request: sent.append(f"{request['method']} at {clock() - 1000:.1f} s")
        )

        async def another_unit() -> None:  # its read (re)opens the connection
            with waits_counted():
                await client.call("getNodes", NODES)

        async def guarded_unit() -> None:  # counted at t=0, then its data-model change
            with waits_counted():
                resend_guard.set(Guard(count_again, read_at(1000.0)))  # its count, read at t=0
                await client.call("updateSensor", {"sensor": SENSOR, "props": {}})

        client.throttle.answered(429, clock(), 30.0)  # a REST unit's 429: every request waits 30 s
        other = asyncio.create_task(another_unit())
        await asyncio.sleep(0)  # it takes the `_opening` lock; its authenticate waits out the pause
        guarded = asyncio.create_task(guarded_unit())
        await asyncio.gather(other, guarded, return_exceptions=True)
        await client.aclose()

    asyncio.run(run())
    (update,) = [line for line in sent if line.startswith("updateSensor")]
    assert float(update.split(" at ")[1].rstrip(" s")) >= 30  # it went 30 s after its count ...
    assert counted, f"... never counted again: {sent}"  # fails now: counted == []
