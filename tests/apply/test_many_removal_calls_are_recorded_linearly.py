"""A connection's replacements removed a call's room at a time are recorded removed, not created
again, call by call, each call adding its own: the whole record was rebuilt after every removal call,
a set of every pending change each time (7.2 s of CPU, the event loop blocked, at 100,000
replacements in calls of 500). Counted in address hashes and comparisons, which a rebuild per call
multiplies by the calls."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import pytest

from iotplan.apply.execute import apply_connection
from iotplan.apply.outcome import not_started
from iotplan.plan.address import Address
from iotplan.plan.model import Change
from tests.cli.test_entities_per_call import TWELVE_DEVICES
from tests.plan.livebuilder import applied
from tests.plan.test_diff import load, plan_for

DEVICES = 1_000
PER_CALL = 5  # 200 removal calls


class Counted(Address):
    """An address that counts the hashes and comparisons made with it."""

    __slots__ = ()
    work = 0

    def __eq__(self, other: object) -> bool:
        Counted.work += 1
        return str.__eq__(self, other)

    def __hash__(self) -> int:
        Counted.work += 1
        return str.__hash__(self)


class FirstCreation(Exception):
    """The first call creating the replacements again: the removal calls are all done."""


class RemovesEverything:
    """Makes every removal call, whose read back shows the connection empty; stops at the first
    call that creates, counting the work done until then."""

    def __init__(self) -> None:
        self.removal_calls, self.work = 0, 0

    async def integrate(self, project_id: str, body: dict[str, Any]) -> dict[str, Any]:
        if {device["changeState"] for device in body["integration"]["devices"]} != {"remove"}:
            self.work = Counted.work
            raise FirstCreation
        self.removal_calls += 1
        return {"integration": {}}

    async def get_integration(self, project_id: str, node_id: str) -> dict[str, Any]:
        return {"integration": {"node": {"id": node_id, "props": {}}, "devices": []}}


def replacing_every_device() -> list[Change]:
    header = TWELVE_DEVICES.split("          - ")[0]  # the connection c1, before its devices
    before = header + "".join(
        f"          - {{key: d{index}, name: device {index}}}\n" for index in range(DEVICES)
    )
    after = before.replace("name: device", "template: DEMO_DEVICE_SDE, name: device")
    plan = plan_for(load(after), applied(load(before)))
    return [dataclasses.replace(change, address=Counted(change.address)) for change in plan.changes]


def test_removal_calls_record_their_replacements_in_work_linear_in_them() -> None:
    changes = replacing_every_device()
    client, outcome = RemovesEverything(), not_started("c1", changes)
    Counted.work = 0
    with pytest.raises(FirstCreation):
        asyncio.run(apply_connection(client, "c1", changes, lambda ref: "x", outcome, PER_CALL))
    assert client.removal_calls == DEVICES // PER_CALL
    assert client.work <= 20 * DEVICES, client.work
