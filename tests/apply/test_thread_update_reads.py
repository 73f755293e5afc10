"""An update on a THREAD resends what the create gave the entity, as the read before it shows it:
a read that does not show each entity to update whole (not answered, props not an object, or
without what the update must resend) stops the unit before anything is sent, as a read that fails
does, where the update would otherwise erase the entity's serial on a platform whose update*
replaces props (`rpc-update-replaces`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from iotplan.apply.outcome import Outcome, Status
from iotplan.clients.jsonrpc_transport import Handler
from iotplan.live import LiveConnection, LiveEntity, LiveProject, LiveState
from iotplan.manifest import parse_manifest
from iotplan.plan.desired import desired_state
from iotplan.plan.diff import make_plan
from iotplan.plan.model import Plan
from tests.apply.test_thread import LOGGER, NODE, PROJECT, SITE, Recorder, plan_against_nothing
from tests.apply.test_thread import applied as applied_on

Answer = Callable[[Any], Any]  # a read's result, as the platform would answer it instead
RENAMED = (
    SITE.replace("name: Renamed THREAD", "name: Tunnel THREAD")
    .replace("{key: tilt1, type", "{key: tilt1, name: Renamed tilt, type")
    .replace("port: 2", "port: 2\n            name: Renamed logger")
)
WRITES = {"updateNode", "updateDevice", "updateSensor", "createNode", "createDevice", "createSensor"}


class Rewriting(Recorder):
    """The emulator, with one read's answer rewritten as the test says once `armed`."""

    def __init__(self, method: str, answer: Answer) -> None:
        super().__init__(variants=("rpc-update-replaces",))
        self.rewritten, self.answer, self.armed = method, answer, False

    def connection(self) -> Handler:
        handler = super().connection()

        async def answer(request: dict[str, Any]) -> list[dict[str, Any]]:
            responses = await handler(request)
            if self.armed and request["method"] == self.rewritten:
                return [{**response, "result": self.answer(response["result"])} for response in responses]
            return responses

        return answer


def live_after_first_apply(recorder: Recorder) -> LiveState:
    """What the emulator holds once the site is applied, as a plan reads it."""
    assert applied_on(recorder, plan_against_nothing()).status is Status.APPLIED
    (node,) = recorder.read("getNodes", "nodes", [NODE])
    (device,) = recorder.read("getDevices", "devices", [LOGGER])
    sensors = recorder.read("getSensors", "sensors", [f"{LOGGER}/tilt1/sensor", f"{LOGGER}/tilt2/sensor"])
    connection = LiveConnection(LiveEntity(NODE, node["props"], type=node["type"]), PROJECT)
    connection.devices.append(LiveEntity(LOGGER, device["props"], NODE, device["type"]))
    connection.sensors[LOGGER] = [LiveEntity(s["id"], s["props"], LOGGER, s["type"]) for s in sensors]
    project = LiveProject(PROJECT, exists=True)
    project.connections[NODE] = connection
    return LiveState("test", {PROJECT: project})


def changed(recorder: Recorder, manifest: str) -> Plan:
    return make_plan(desired_state(parse_manifest(manifest, "site.yaml")), live_after_first_apply(recorder))


def apply_renamed(recorder: Rewriting, manifest: str = RENAMED) -> Outcome:
    plan = changed(recorder, manifest)
    recorder.methods.clear()
    recorder.armed = True
    return applied_on(recorder, plan)


def every(key: str, value: Any) -> Answer:
    return lambda entities: [{**entity, key: value} for entity in entities]


def without_props(*names: str) -> Answer:
    def answer(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**e, "props": {k: v for k, v in e["props"].items() if k not in names}} for e in entities]

    return answer


CASES = {
    "device props null": ("getDevices", every("props", None), "answered " + LOGGER + " with props that are"),
    "device props a list": ("getDevices", every("props", []), "with props that are not an object"),
    "device props text": ("getDevices", every("props", "x"), "with props that are not an object"),
    "device not answered": ("getDevices", lambda entities: [], f"did not answer {LOGGER}, which it was"),
    "device answered as another id": ("getDevices", every("id", f"{NODE}/x/1/device"), "did not answer"),
    "device without SERIAL_NO": ("getDevices", without_props("SERIAL_NO"), "without SERIAL_NO"),
    "device without NODE_ID": ("getDevices", without_props("NODE_ID"), "without NODE_ID"),
    "device answered twice": ("getDevices", lambda entities: entities * 2, f"answered {LOGGER} twice"),
    "sensor props null": ("getSensors", every("props", None), "with props that are not an object"),
    "sensor without SERIAL_NO": ("getSensors", without_props("SERIAL_NO"), "without SERIAL_NO"),
    "node without SERIAL_NO": ("getNodes", without_props("SERIAL_NO"), "without SERIAL_NO"),
}


@pytest.mark.parametrize(("method", "answer", "said"), CASES.values(), ids=CASES.keys())
def test_an_update_whose_read_does_not_show_the_entity_whole_sends_nothing(
    method: str, answer: Answer, said: str
) -> None:
    recorder = Rewriting(method, answer)
    outcome = apply_renamed(recorder)
    assert outcome.status is Status.FAILED
    assert f"reading the entities to update failed (JSON-RPC {method} " in outcome.message
    assert said in outcome.message and "Nothing was sent" in outcome.message
    assert not WRITES & set(recorder.methods)
    assert outcome.applied == outcome.unsure == [] and len(outcome.pending) == 3


def test_a_logger_renamed_where_updates_replace_props_keeps_its_serial_when_read_whole() -> None:
    """The same apply, its reads answered as they are: sent, and the serial is kept."""
    recorder = Rewriting("getDevices", lambda entities: entities)
    outcome = apply_renamed(recorder)
    assert outcome.status is Status.APPLIED, outcome.message
    assert {"updateDevice", "updateSensor"} <= set(recorder.methods)
    (device,) = recorder.read("getDevices", "devices", [LOGGER])
    assert device["props"]["NAME"] == "Renamed logger" and device["props"]["SERIAL_NO"] == "032432"


def test_an_update_of_a_logger_the_manifest_names_not_needs_the_name_it_has() -> None:
    """Its NAME is resent as it stands (the manifest leaves it to the platform): a read without it
    sends nothing; with a name declared, the NAME read is not needed (above)."""
    recorder = Rewriting("getDevices", without_props("NAME"))
    outcome = apply_renamed(recorder, SITE.replace("port: 2", "port: 3"))
    assert outcome.status is Status.FAILED and f"answered {LOGGER} without NAME" in outcome.message
    assert not WRITES & set(recorder.methods)
