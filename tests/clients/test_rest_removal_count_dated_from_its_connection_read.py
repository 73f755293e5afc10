"""A REST removal's count is as old as its first read: the connection's REST read gives the sensor REST
counted (5 observations), and JSON-RPC's getSensors, read after it, only the one REST counted at 0. With 30 s
between the two (another unit's 429), the 20 observations that arrived after the REST read stop the removal
from going on that count: it is counted again first. Dated from the getSensors, it went on the REST read that
missed them (cr85 #1)."""

from __future__ import annotations

from iotplan.clients.jsonrpc import JsonRpcClient
from iotplan.clients.platform import PlatformClient
from iotplan.clients.throttle import Throttle
from tests.clients.guarded_writes import ObservedAfterTheConnectionRead, counts_a_rest_removal_went_on


class ReportedAfterTheConnectionRead(ObservedAfterTheConnectionRead):
    """The emulator: once `armed`, as a connection's REST read is answered, 20 observations arrive on its
    sensor `a` and another unit's 429 pauses every request 30 s."""

    throttle: Throttle | None = None

    def connected(self, platform: PlatformClient, rpc: JsonRpcClient) -> None:
        self.throttle = platform.throttle

    async def after_the_read(self) -> None:
        assert self.throttle is not None
        self.throttle.answered(429, self.clock(), 30.0)


def test_a_removal_counted_30_s_before_its_json_rpc_read_is_counted_again() -> None:
    assert counts_a_rest_removal_went_on(ReportedAfterTheConnectionRead()) == [5, 25]
