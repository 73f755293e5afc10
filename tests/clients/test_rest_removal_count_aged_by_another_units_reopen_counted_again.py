"""A REST removal's count is allowed the time its reads take, not the waits between them: its connection's
REST read went, then its JSON-RPC getSensors waited 20 s for the shared connection, which another unit was
reopening (its authenticate queued behind 20 requests at 60/min). No 429 came, yet the 20 observations that
arrived after the REST read stop the removal from going on that count: it is counted again first. Taking
the 20 s as its reads' time, it went on the REST read that missed them (cr88 #1)."""

from __future__ import annotations

import asyncio
import contextvars

from iotplan.clients.jsonrpc import JsonRpcClient
from iotplan.clients.platform import PlatformClient
from tests.clients.guarded_writes import NODES, ObservedAfterTheConnectionRead, counts_a_rest_removal_went_on

QUEUED = 20  # the other units' requests queued at 60/min ahead of the reopening unit's authenticate


class ReopenedAfterTheConnectionRead(ObservedAfterTheConnectionRead):
    """The emulator: once `armed`, as a connection's REST read is answered, 20 observations arrive on its
    sensor `a`, the JSON-RPC connection drops, QUEUED requests of other units queue for their turns, and
    another unit's read reopens the connection, its authenticate queued behind them."""

    rpc: JsonRpcClient | None = None

    def connected(self, platform: PlatformClient, rpc: JsonRpcClient) -> None:
        self.rpc = rpc

    async def after_the_read(self) -> None:
        assert self.rpc is not None
        await self.rpc.transport.close()
        for _ in range(QUEUED):  # other units' requests, in contexts of their own
            self.others.append(self._apart(self.rpc.throttle.before_sending()))
        self.others.append(self._apart(self.rpc.call("getNodes", NODES)))
        for _ in range(QUEUED + 5):  # each takes its place: the reopening unit holds the connection
            await asyncio.sleep(0)

    @staticmethod
    def _apart(work: object) -> asyncio.Task[object]:
        return asyncio.create_task(work, context=contextvars.Context())  # type: ignore[arg-type]


def test_a_removal_whose_getsensors_waited_20_s_for_another_units_reopen_is_counted_again() -> None:
    assert counts_a_rest_removal_went_on(ReopenedAfterTheConnectionRead()) == [5, 25]
