"""A removal whose count was read just before its unit started, on a platform answering in 2.5 s (two reads:
5 s), goes on that count: its window holds the time its reads took, as a count made in the unit does. Given
none of it, every removal's count was read twice on a slow platform (30 connection reads, 22 getSensors for
20 and 12 on a fast one; cr85 #2)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

import httpx

from iotplan.apply.execute import apply_connection, first_count_read, recount_check
from iotplan.apply.outcome import Status
from iotplan.clients.auth import ApiKey
from iotplan.clients.platform import PLATFORM_RETRY, PlatformClient
from iotplan.clients.throttle import counting
from iotplan.plan.model import Action, Change
from tests.clients.guarded_writes import JumpingClock
from tests.plan.livebuilder import applied
from tests.plan.test_diff import MANIFEST, PROJECT, load, plan_for

WITHOUT_THE_LOGGER = MANIFEST[: MANIFEST.index("        devices:")] + "        devices: []\n"
ANSWER = 2.5  # seconds the platform takes to answer each request


def counts_before_the_removal() -> tuple[list[list[Change]], Any]:
    clock = JumpingClock()
    live = applied(load())
    node = next(iter(live.projects[PROJECT].connections))
    plan = plan_for(load(WITHOUT_THE_LOGGER), live)
    changes = [change for change in plan.changes if change.connection == "dam-a"]
    assert [c.action for c in changes if c.action.writes] == [Action.REMOVE]
    counted: list[list[Change]] = []

    async def slow(request: httpx.Request) -> httpx.Response:
        await clock.sleep(ANSWER)
        return httpx.Response(200, json={"integration": {"node": {"id": node}}})

    async def recount(changes: list[Change], before: str) -> None:
        counted.append(changes)

    async def run() -> Any:
        retry = replace(PLATFORM_RETRY, clock=clock, sleep=clock.sleep)
        http = httpx.AsyncClient(transport=httpx.MockTransport(slow), base_url="http://p", auth=ApiKey("k"))
        async with http:
            client = PlatformClient(http, retry=retry)
            with counting() as reads:  # the count as the unit starts: its connection, then its sensors
                await client.get_integration(PROJECT, node)
                await client.get_integration(PROJECT, node)
            first_count_read.set(reads)
            recount_check.set(recount)  # type: ignore[arg-type]
            return await apply_connection(client, "dam-a", changes, lambda reference: "")

    return counted, asyncio.run(run())


def test_a_removal_counted_on_2_5_s_answers_is_not_counted_again() -> None:
    counted, outcome = counts_before_the_removal()
    assert outcome.status is Status.APPLIED, outcome.message
    assert counted == []
