"""A THREAD's create answered with something other than the documented entity object (reviewer fz2,
finding 6), against the emulator's JSON-RPC handler in-process: the apply reports what a read back
by its id shows, never "not applied" for what was made."""

from __future__ import annotations

import asyncio
from typing import Any

from iotplan.apply.outcome import Status
from iotplan.apply.thread import apply_thread, thread_groups
from iotplan.clients.jsonrpc_transport import Handler
from tests.apply.test_thread import LOGGER, Recorder, applied, plan_against_nothing


class CreateDeviceAnsweredNull(Recorder):
    """The emulator, but createDevice is answered `null`: after making the device, or (`made=False`)
    without passing the request on."""

    def __init__(self, made: bool = True) -> None:
        super().__init__()
        self.made = made

    def connection(self) -> Handler:
        handler = super().connection()

        async def answer(request: dict[str, Any]) -> list[dict[str, Any]]:
            if request["method"] != "createDevice":
                return await handler(request)
            if self.made:
                await handler(request)
            return [{"jsonrpc": "2.0", "id": request["id"], "result": None}]

        return answer


def test_a_create_answered_null_that_was_made_is_applied_and_the_unit_goes_on() -> None:
    recorder = CreateDeviceAnsweredNull()
    outcome = applied(recorder, plan_against_nothing())
    assert outcome.status is Status.APPLIED, outcome.message
    assert outcome.applied == ["thread", "thread/ipi", "thread/ipi/tilt1", "thread/ipi/tilt2"]
    assert recorder.methods[3:5] == ["createDevice", "getDevices"]  # read back by its id
    assert len(recorder.read("getDevices", "devices", [LOGGER])) == 1


def test_a_create_answered_null_and_not_found_may_or_may_not_be_applied() -> None:
    recorder = CreateDeviceAnsweredNull(made=False)
    outcome = applied(recorder, plan_against_nothing())
    assert outcome.status is Status.FAILED
    assert outcome.applied == ["thread"] and outcome.unsure == ["thread/ipi"]  # never "not applied"
    assert outcome.pending == ["thread/ipi/tilt1", "thread/ipi/tilt2"]  # never sent
    assert "answered null, not the documented created entity object" in outcome.message
    assert "may or may not have been applied" in outcome.message


class CreatedWithoutId:
    """A ThreadClient whose createDevice is made, yet answered without a text id: the JSON-RPC client
    reads such an answer back, so only another ThreadWriter would hand it on."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def in_project(self, project_id: str) -> Any:
        return _AnsweredWithoutId(self.client.in_project(project_id))


class _AnsweredWithoutId:
    def __init__(self, writer: Any) -> None:
        self.writer = writer

    def __getattr__(self, name: str) -> Any:
        return getattr(self.writer, name)

    async def create_device(self, *args: Any) -> dict[str, Any]:
        await self.writer.create_device(*args)
        return {"id": 12345}


def test_a_create_handed_on_without_the_id_it_was_made_as_is_never_counted_made() -> None:
    recorder = Recorder()
    (changes,) = thread_groups(plan_against_nothing()).values()

    async def go() -> Any:
        async with recorder.client() as client:
            return await apply_thread(CreatedWithoutId(client), "thread", changes)

    outcome = asyncio.run(go())
    assert outcome.status is Status.FAILED and "answered without the id it was made as" in outcome.message
    assert outcome.unsure == ["thread/ipi"] and "thread/ipi" not in outcome.applied
