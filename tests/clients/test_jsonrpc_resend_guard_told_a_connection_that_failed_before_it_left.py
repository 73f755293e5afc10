"""A guarded JSON-RPC write (a THREAD data-model change's) whose connection cannot be opened is counted
again before it goes again, its guard told so, and not taken as maybe made: it never left. The README's
"or its connection failing before it left" path, untested (cr75)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from iotplan.clients.jsonrpc import JsonRpcClient
from iotplan.clients.jsonrpc_transport import ConnectionLost, Handler, InProcessTransport
from iotplan.clients.retry import Guard, Resending, RetryPolicy, resend_guard
from iotplan.sim import SimTransport, create_app, demo_seed
from tests.clients.test_jsonrpc_rate_limit import create_device


class FailsFirstConnect(InProcessTransport):
    """The emulator's JSON-RPC, whose first connection cannot be opened."""

    def __init__(self, connection: Callable[[], Handler]) -> None:
        super().__init__(connection=connection)
        self.connects = 0

    async def connect(self) -> None:
        self.connects += 1
        if self.connects == 1:
            raise ConnectionLost("connection refused")
        await super().connect()


def test_the_guard_is_told_a_connection_that_failed_before_the_write_left() -> None:
    emulator = SimTransport(app=create_app(seed=demo_seed()))
    told: list[Resending] = []

    async def count_again(resending: Resending) -> None:
        told.append(resending)

    async def created() -> None:
        transport = FailsFirstConnect(connection=emulator.jsonrpc_connection)
        retry = RetryPolicy(attempts=3, backoff=0, max_wait=0)
        async with JsonRpcClient(transport, "demo-key", retry=retry) as client:
            resend_guard.set(Guard(count_again))
            await create_device(client)

    asyncio.run(created())
    assert told == [Resending("its connection failed before it left", maybe_made=False, answered=False)]
