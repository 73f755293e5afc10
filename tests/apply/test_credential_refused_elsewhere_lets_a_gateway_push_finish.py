"""A platform credential refused by another unit halts the rollout's platform writes, not a gateway's
settings push already under way: the gateway's local API uses no platform credential and waits for no
pace, and a push stopped halfway leaves the THREAD half-set, its written settings never read back, and
a failure naming another connection's 401 counted against it (cr29a #2)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from iotplan.apply.edge import Gateway, apply_gateway
from iotplan.apply.outcome import Outcome, RolloutHalt, Status, rollout_halt
from iotplan.clients.edge import EdgeClient
from iotplan.sim import SimTransport, create_app, demo_seed
from tests.plan.edgebuilder import setting_change

THREAD = Gateway("thread-north", "127.0.0.1:8401", "4A1B2C")  # the demo seed's, in process
REFUSED = "credentials refused at c9: 401 API key revoked"


class RefusedElsewhereMidPush(EdgeClient):
    """The THREAD's client; another unit's credential is refused as its port settings are written."""

    def __init__(self, http: httpx.AsyncClient, halt: RolloutHalt) -> None:
        super().__init__(http, THREAD.host)
        self.halt = halt

    async def put_port_config(self, port: int, props: dict[str, Any]) -> None:
        await super().put_port_config(port, props)
        self.halt.reason = REFUSED


def test_a_push_under_way_is_finished_and_verified_when_a_platform_credential_is_refused() -> None:
    changes = [
        setting_change(THREAD.node, "port1.baud_rate", 9600, 19200),
        setting_change(THREAD.node, "port1.connected", False, True),
    ]

    async def push() -> tuple[Outcome, dict[str, Any]]:
        halt = RolloutHalt()
        rollout_halt.set(halt)
        async with httpx.AsyncClient(transport=SimTransport(app=create_app(seed=demo_seed()))) as http:
            outcome = await apply_gateway(RefusedElsewhereMidPush(http, halt), THREAD, changes, False)
            gateways = (await http.get("http://platform/_sim/gateways")).json()["gateways"]
        return outcome, next(gateway for gateway in gateways if gateway["serial"] == THREAD.serial)

    outcome, live = asyncio.run(push())
    assert (outcome.status, outcome.message, outcome.calls) == (Status.APPLIED, "", 2)
    assert outcome.applied == ["thread-north/edge/port1.baud_rate", "thread-north/edge/port1.connected"]
    assert (live["ports"]["1"]["config"]["BAUD_RATE"], live["ports"]["1"]["connected"]) == (19200, True)
