"""Ctrl-C while a refused call creating replacements again is read back (a 409: the platform may
have kept part of it): its replacements are of unknown outcome, not "removed, not created again",
which would say their creation was not made. `removed_not_recreated` is told from the removals made
and what is still pending; a call being settled counts as in flight meanwhile (cr30a #2)."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

from iotplan.apply.execute import apply_connection
from iotplan.apply.outcome import Outcome, not_started
from iotplan.commands.apply import _cut_short
from iotplan.errors import PlatformError
from tests.apply.test_many_removal_calls_are_recorded_linearly import replacing_every_device

PER_CALL = 5


class RefusesTheFirstCreation:
    """Removes as asked, refuses the first creating call as already existing, then reads back for as
    long as it takes the interrupt to come."""

    def __init__(self) -> None:
        self.reading_back = asyncio.Event()

    async def integrate(self, project_id: str, body: dict[str, Any]) -> dict[str, Any]:
        if {device["changeState"] for device in body["integration"]["devices"]} != {"remove"}:
            self.reading_back.set()
            raise PlatformError("409: already exists", response=SimpleNamespace(status_code=409))
        return {"integration": {}}

    async def get_integration(self, project_id: str, node_id: str) -> dict[str, Any]:
        if self.reading_back.is_set():
            await asyncio.sleep(60)  # cancelled by the interrupt
        return {"integration": {"node": {"id": node_id, "props": {}}, "devices": []}}


def interrupted_while_read_back() -> Outcome:
    changes = replacing_every_device()[: 3 * PER_CALL]
    client, outcome = RefusesTheFirstCreation(), not_started("c1", changes)

    async def scenario() -> None:
        run = apply_connection(client, "c1", changes, lambda reference: "x", outcome, PER_CALL)
        task = asyncio.create_task(run)
        await client.reading_back.wait()
        await asyncio.sleep(0)  # into the read back
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    asyncio.run(scenario())
    return _cut_short(outcome)


def test_the_refused_creation_s_replacements_are_of_unknown_outcome() -> None:
    cut = interrupted_while_read_back()
    refused_call = [f"c1/d{index}" for index in range(PER_CALL)]
    assert cut.unsure == refused_call
    assert list(cut.removed_not_recreated) == cut.pending and not set(refused_call) & set(cut.pending)
    assert f"c1/d{PER_CALL}" in cut.removed_not_recreated
