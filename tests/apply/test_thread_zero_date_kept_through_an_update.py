"""An update of a THREAD logger or sensor holding a ZERO_DATE it does not change leaves the ZERO_DATE
out (a platform may re-zero on any ZERO_DATE written: `rpc-rewrite-rezeroes`), then reads that one
entity back: where the platform dropped it (its update* replaces props: `rpc-update-replaces`) it is
written back at once and the report says so. Whatever keeps iotplan from confirming it kept (the
update's answer lost, the read back failing or not answering it, the write-back failing) fails the
unit naming the ZERO_DATE held and the one next step; an entity holding none is sent as before, with
no request more."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from iotplan.apply import finishing
from iotplan.apply.outcome import Outcome, Status, not_started
from iotplan.apply.thread import apply_thread, thread_groups
from iotplan.clients.jsonrpc_transport import ConnectionLost, Handler
from iotplan.commands.apply import _cut_short
from iotplan.live import LiveConnection, LiveEntity, LiveProject, LiveState
from iotplan.manifest import parse_manifest
from iotplan.plan.desired import desired_state
from iotplan.plan.diff import make_plan
from iotplan.plan.model import Plan
from tests.apply.test_thread import LOGGER, NODE, PROJECT, SITE, Recorder
from tests.apply.test_thread import applied as applied_on

ZERO = "2026-03-01T00:00:00Z"
TILT1 = f"{LOGGER}/tilt1/sensor"
ZEROED = SITE.replace("mux_index: 1}", f"mux_index: 1, zero_date: '{ZERO}'}}")
RENAMED = ZEROED.replace("{key: tilt1, type", "{key: tilt1, name: Renamed tilt, type")
UNDECLARED = RENAMED.replace(f", zero_date: '{ZERO}'", "")
Tamper = Callable[[list[dict[str, Any]]], list[dict[str, Any]]]


class Scripted(Recorder):
    """The emulator, the `nth` request of a method (counted once `armed`) answered as `tamper` says."""

    def __init__(self, variants: tuple[str, ...] = (), **tampered: tuple[int, Tamper]) -> None:
        super().__init__(variants=variants)
        self.tampered, self.armed, self.seen = tampered, False, dict[str, int]()
        self.updates: list[tuple[str, dict[str, Any]]] = []  # each update's method and props, once armed

    def connection(self) -> Handler:
        handler = super().connection()

        async def answer(request: dict[str, Any]) -> list[dict[str, Any]]:
            if self.armed and request["method"].startswith("update"):
                self.updates.append((request["method"], dict(request["params"]["props"])))
            responses = await handler(request)
            method = request["method"]
            if self.armed:
                self.seen[method] = self.seen.get(method, 0) + 1
                nth, tamper = self.tampered.get(method, (0, lambda answered: answered))
                if self.seen[method] >= nth > 0:
                    return tamper(responses)
            return responses

        return answer


def lost(responses: list[dict[str, Any]]) -> list[dict[str, Any]]:
    raise ConnectionLost("dropped")


def none_answered(responses: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**response, "result": []} for response in responses]


def live_of(recorder: Recorder) -> LiveState:
    (node,) = recorder.read("getNodes", "nodes", [NODE])
    (device,) = recorder.read("getDevices", "devices", [LOGGER])
    sensors = recorder.read("getSensors", "sensors", [TILT1, f"{LOGGER}/tilt2/sensor"])
    connection = LiveConnection(LiveEntity(NODE, node["props"], type=node["type"]), PROJECT)
    connection.devices.append(LiveEntity(LOGGER, device["props"], NODE, device["type"]))
    connection.sensors[LOGGER] = [LiveEntity(s["id"], s["props"], LOGGER, s["type"]) for s in sensors]
    project = LiveProject(PROJECT, exists=True)
    project.connections[NODE] = connection
    return LiveState("test", {PROJECT: project})


def plan_of(manifest: str, live: LiveState) -> Plan:
    return make_plan(desired_state(parse_manifest(manifest, "site.yaml")), live)


def made(recorder: Scripted, first: str = ZEROED) -> LiveState:
    """What `first`, applied to a fresh platform, made there."""
    nothing = LiveState("test", {PROJECT: LiveProject(PROJECT, exists=True)})
    nothing.projects[PROJECT].connections[NODE] = LiveConnection(
        LiveEntity(NODE, {"NAME": "THREAD 4A1B2C"}), PROJECT
    )
    assert applied_on(recorder, plan_of(first, nothing)).status is Status.APPLIED
    return live_of(recorder)


def renamed(recorder: Scripted, first: str = ZEROED, then: str = RENAMED) -> Outcome:
    """`first` applied to a fresh platform, then `then`'s plan applied, its requests recorded."""
    plan = plan_of(then, made(recorder, first))
    recorder.methods.clear()
    recorder.armed = True
    return applied_on(recorder, plan)


def sent_updates(recorder: Scripted) -> list[dict[str, Any]]:
    return [props for kind, props in recorder.updates if kind == "updateSensor"]


def zero_date_of(recorder: Recorder) -> Any:
    (tilt,) = recorder.read("getSensors", "sensors", [TILT1])
    return tilt["props"].get("ZERO_DATE")


def test_a_sensor_renamed_on_a_merging_platform_is_sent_without_its_zero_date_and_read_back_once() -> None:
    recorder = Scripted()
    outcome = renamed(recorder, then=UNDECLARED)
    assert outcome.status is Status.APPLIED, outcome.message
    assert recorder.methods == ["authenticate", "getNodes", "getSensors", "updateSensor", "getSensors"]
    [props] = sent_updates(recorder)
    assert props["NAME"] == "Renamed tilt" and "ZERO_DATE" not in props
    assert zero_date_of(recorder) == ZERO and "ZERO_DATE" not in outcome.message


def test_a_zero_date_declared_as_it_stands_is_left_out_too() -> None:
    recorder = Scripted()
    outcome = renamed(recorder)
    assert outcome.status is Status.APPLIED, outcome.message
    [props] = sent_updates(recorder)
    assert "ZERO_DATE" not in props and zero_date_of(recorder) == ZERO


def test_a_zero_date_declared_otherwise_is_sent_as_the_user_asked() -> None:
    recorder = Scripted()
    outcome = renamed(recorder, then=RENAMED.replace(ZERO, "2026-04-01T00:00:00Z"))
    assert outcome.status is Status.APPLIED, outcome.message
    [props] = sent_updates(recorder)
    assert props["ZERO_DATE"] == "2026-04-01T00:00:00Z"
    assert recorder.methods == ["authenticate", "getNodes", "getSensors", "updateSensor"]


def test_a_sensor_renamed_where_updates_replace_has_its_zero_date_written_back_and_told() -> None:
    recorder = Scripted(variants=("rpc-update-replaces",))
    outcome = renamed(recorder, then=UNDECLARED)
    assert outcome.status is Status.APPLIED, outcome.message
    assert recorder.methods[-3:] == ["updateSensor", "getSensors", "updateSensor"]
    first, back = sent_updates(recorder)
    assert "ZERO_DATE" not in first and back == {**first, "ZERO_DATE": ZERO}
    assert zero_date_of(recorder) == ZERO
    assert "thread/ipi/tilt1" in outcome.message
    assert f"the platform dropped props not sent: its ZERO_DATE '{ZERO}' written back" in outcome.message
    assert outcome.calls == 2


def test_an_entity_holding_no_zero_date_is_updated_with_no_request_more() -> None:
    recorder = Scripted()
    outcome = renamed(recorder, first=SITE, then=UNDECLARED)
    assert outcome.status is Status.APPLIED, outcome.message
    assert recorder.methods == ["authenticate", "getNodes", "getSensors", "updateSensor"]
    assert outcome.calls == 1


def unconfirmed(outcome: Outcome, why: str) -> None:
    assert outcome.status is Status.FAILED
    assert why in outcome.message, outcome.message
    assert f"its ZERO_DATE '{ZERO}'" in outcome.message
    assert f'Declare `zero_date: "{ZERO}"` on its entry in the manifest and apply again' in outcome.message
    assert "or check it in the platform's web app" in outcome.message


def test_a_read_back_that_fails_fails_the_unit_naming_the_zero_date_held() -> None:
    recorder = Scripted(getSensors=(2, lost))
    outcome = renamed(recorder, then=UNDECLARED)
    unconfirmed(outcome, "reading it back (getSensors) failed")
    assert outcome.applied == ["thread/ipi/tilt1"]


def test_a_read_back_that_leaves_the_sensor_out_fails_the_unit_naming_the_zero_date_held() -> None:
    recorder = Scripted(getSensors=(2, none_answered))
    outcome = renamed(recorder, then=UNDECLARED)
    unconfirmed(outcome, "JSON-RPC getSensors read back did not answer it")


def test_an_update_whose_answer_is_lost_fails_the_unit_naming_the_zero_date_held() -> None:
    recorder = Scripted(updateSensor=(1, lost))
    outcome = renamed(recorder, then=UNDECLARED)
    unconfirmed(outcome, "its update's answer was lost")
    assert outcome.unsure == ["thread/ipi/tilt1"] and recorder.methods[-1] == "updateSensor"


def test_a_write_back_that_fails_fails_the_unit_naming_the_zero_date_held() -> None:
    recorder = Scripted(variants=("rpc-update-replaces",), updateSensor=(2, lost))
    outcome = renamed(recorder, then=UNDECLARED)
    unconfirmed(outcome, "the platform dropped it, and writing it back failed")


def test_a_zero_date_another_writer_changed_meanwhile_is_left_as_it_is() -> None:
    def another(responses: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {
                **r,
                "result": [
                    {**e, "props": {**e["props"], "ZERO_DATE": "2026-05-01T00:00:00Z"}} for e in r["result"]
                ],
            }
            for r in responses
        ]

    recorder = Scripted(variants=("rpc-update-replaces",), getSensors=(2, another))
    outcome = renamed(recorder, then=UNDECLARED)
    assert outcome.status is Status.APPLIED, outcome.message
    assert len(sent_updates(recorder)) == 1 and "ZERO_DATE" not in outcome.message


class HangsOnTheReadBack(Scripted):
    """Answers the read back after the update only once the apply is interrupted (never)."""

    def __init__(self) -> None:
        super().__init__()
        self.reading_back = asyncio.Event()

    def connection(self) -> Handler:
        handler = super().connection()

        async def answer(request: dict[str, Any]) -> list[dict[str, Any]]:
            if self.armed and request["method"] == "getSensors" and "updateSensor" in self.methods:
                self.reading_back.set()
                await asyncio.sleep(60)  # cancelled by the interrupt
            return await handler(request)

        return answer


def test_an_apply_interrupted_twice_before_the_read_back_names_the_zero_date_held() -> None:
    recorder = HangsOnTheReadBack()
    plan = plan_of(UNDECLARED, made(recorder))
    recorder.armed = True
    (changes,) = thread_groups(plan).values()
    progress = not_started("thread", changes)

    async def interrupted() -> None:
        async with recorder.client() as client:
            task = asyncio.create_task(apply_thread(client, "thread", changes, progress))
            await recorder.reading_back.wait()
            task.cancel()  # the first signal lets the read back finish (FINISH_SECONDS)
            await asyncio.sleep(0.05)
            finishing.abandon()  # the second abandons it
            await asyncio.gather(task, return_exceptions=True)

    asyncio.run(interrupted())
    cut = _cut_short(progress)
    assert cut.status is Status.INTERRUPTED and cut.applied == ["thread/ipi/tilt1"]
    assert f"its ZERO_DATE '{ZERO}' (it was not read back)" in cut.message, cut.message
    assert f'Declare `zero_date: "{ZERO}"` on its entry in the manifest and apply again' in cut.message
