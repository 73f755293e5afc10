"""After a write, what it created or renamed is found again by refId, or the rollout stops."""

from __future__ import annotations

import asyncio
from typing import Any

from iotplan.apply.execute import apply_connection
from iotplan.apply.outcome import Status
from iotplan.apply.rollout import Gate, Rollout
from iotplan.errors import TransportError
from tests.plan.livebuilder import applied, empty
from tests.plan.test_diff import MANIFEST, load, plan_for


class Platform:
    """Answers integrate as a platform would, keeping refIds as SERIAL_NO or not."""

    def __init__(
        self,
        keeps_ref_ids: bool = True,
        answers_entities: bool = True,
        removes_at_once: bool = True,
        update_keeps_ref_id: bool = True,
    ) -> None:
        self.keeps_ref_ids = keeps_ref_ids
        self.update_keeps_ref_id = update_keeps_ref_id
        self.answers_entities = answers_entities
        self.removes_at_once = removes_at_once
        self.stored: list[dict[str, Any]] = []
        self.reads = 0
        self.calls = 0

    async def integrate(self, project_id: str, body: dict[str, Any]) -> dict[str, Any]:
        self.calls += 1
        integration = body["integration"]
        node = {"id": integration.get("nodeId") or "/api/ABCDEF/node", "props": {}}
        node["props"]["SERIAL_NO"] = integration.get("refId") if self.keeps_ref_ids else "ABCDEF"
        devices = [self._device(entry) for entry in self._kept(integration.get("devices", []))]
        self.stored = [node, *self._flatten(devices)]
        if not self.answers_entities:
            return {"integration": {}}
        return {"integration": {"node": node, "devices": devices}}

    async def get_integration(self, project_id: str, node_id: str) -> dict[str, Any]:
        self.reads += 1
        node, *rest = self.stored
        return {"integration": {"node": node, "devices": [{"device": e, "sensors": []} for e in rest]}}

    def _device(self, entry: dict[str, Any]) -> dict[str, Any]:
        serial = entry.get("refId") if self.keeps_ref_ids else "7f3c-uuid"
        if entry.get("changeState") == "update" and not self.update_keeps_ref_id:
            serial = None  # an update that drops SERIAL_NO, as one replacing props with too few would
        sensors = [
            {"id": "s", "props": {"SERIAL_NO": s.get("refId")}} for s in self._kept(entry.get("sensors", []))
        ]
        return {"device": {"id": "d", "props": {"SERIAL_NO": serial}}, "sensors": sensors}

    def _kept(self, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """What a call leaves standing: a removed entity is gone, unless the platform removes later."""
        return [
            entry for entry in entries if entry.get("changeState") != "remove" or not self.removes_at_once
        ]

    @staticmethod
    def _flatten(devices: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [entity for group in devices for entity in (group["device"], *group["sensors"])]


def apply_all(platform: Platform, text: str = MANIFEST, live=None):
    plan = plan_for(load(text), live if live is not None else empty(load()))
    changes = [change for change in plan.changes if change.connection == "dam-a"]
    return asyncio.run(apply_connection(platform, "dam-a", changes, resolve=lambda ref: "x"))


def test_a_connection_created_without_its_ref_id_fails_and_halts_the_rollout() -> None:
    outcome = apply_all(Platform(keeps_ref_ids=False))
    assert outcome.status is Status.FAILED and outcome.halt
    assert (
        "did not keep the refId" in outcome.message and "first: dam-a, refId 'site:dam-a'" in outcome.message
    )
    gate = Gate(Rollout(), units=3)
    gate.record(outcome)
    assert gate.stopped and not gate.admit()


NEW_SENSOR = MANIFEST.replace(
    "              - key: air\n",
    "              - key: pz-2\n                template: TEMPERATURE_SDE\n              - key: air\n",
)


def test_what_an_answer_leaves_out_is_looked_for_in_one_read_of_the_connection() -> None:
    platform = Platform(answers_entities=False)
    outcome = apply_all(platform, NEW_SENSOR, applied(load()))
    assert outcome.status is Status.APPLIED and platform.reads == 1


def test_a_new_connection_whose_answer_names_no_connection_cannot_be_confirmed_and_halts() -> None:
    outcome = apply_all(Platform(answers_entities=False))
    assert outcome.status is Status.FAILED and outcome.halt


def test_a_device_sent_only_to_carry_a_new_sensor_that_loses_its_ref_id_halts_the_rollout() -> None:
    """Before, only what a write created or renamed was looked for: the device was "applied", and
    the next plan could no longer find it (nor its sensors' data under it)."""
    platform = Platform(update_keeps_ref_id=False)
    outcome = apply_all(platform, NEW_SENSOR, applied(load()))
    assert outcome.status is Status.FAILED and outcome.halt and platform.reads == 1
    assert outcome.message.startswith(
        "the platform accepted the write but no longer shows the refId of 1 entity it updated "
        "(first: dam-a/logger-1, refId 'site:dam-a/logger-1') as its SERIAL_NO"
    )


def test_an_answer_that_shows_every_ref_id_costs_no_read() -> None:
    platform = Platform()
    assert apply_all(platform).status is Status.APPLIED and platform.reads == 0


def test_a_replacement_still_read_after_its_removal_was_answered_is_not_created_again() -> None:
    platform = Platform(removes_at_once=False)
    text = MANIFEST.replace("template: TEMPERATURE_SDE", "template: MOISTURE_SDE")
    outcome = apply_all(platform, text, applied(load()))
    assert outcome.status is Status.FAILED and platform.calls == 1  # the removal only
    assert outcome.message.startswith(
        "the removal was answered but dam-a/logger-1/air is still there; not re-created"
    )
    assert outcome.unsure == ["dam-a/logger-1/air"] and outcome.applied == [] and outcome.halt == ""


def test_a_replaced_device_is_looked_for_after_its_removal_and_re_creation() -> None:
    text = MANIFEST.replace("template: TEMPERATURE_SDE", "template: MOISTURE_SDE")
    outcome = apply_all(Platform(), text, applied(load()))
    assert outcome.status is Status.APPLIED, outcome.message


class ReadFails(Platform):
    async def get_integration(self, project_id: str, node_id: str) -> dict[str, Any]:
        raise TransportError("GET /api/integrations/x got no answer (timed out)")


def test_an_update_whose_read_back_fails_is_not_checked_rather_than_lost() -> None:
    """Before, the timeout read as a refId the platform dropped, with advice to restore it by hand."""
    outcome = apply_all(ReadFails(answers_entities=False), RENAMED, applied(load()))
    assert outcome.status is Status.FAILED and outcome.halt == (
        "dam-a: the platform could not check the refIds it was sent (first: dam-a/logger-1, refId "
        "'site:dam-a/logger-1'; reading the connection back failed: GET /api/integrations/x got no answer "
        "(timed out))"
    )
    assert outcome.message == (
        "the platform accepted the write, but whether it kept the refId of 1 entity (first: dam-a/logger-1, "
        "refId 'site:dam-a/logger-1') could not be checked: its answer does not name them, and reading the "
        "connection back failed (GET /api/integrations/x got no answer (timed out)); the rollout stops here. "
        "Run `iotplan plan`: what the platform kept shows in sync"
    )


RENAMED = MANIFEST.replace("name: Logger", "name: Crest logger")
WITH_LOGGER_2 = RENAMED.replace(
    "              - key: air\n                template: TEMPERATURE_SDE\n",
    "              - key: air\n                template: TEMPERATURE_SDE\n          - key: logger-2\n",
)


def test_entities_created_and_updated_that_both_lose_their_ref_ids_are_each_named() -> None:
    """Before, only the created were named; nor is an updated one told to be adopted by a serial."""
    outcome = apply_all(Platform(keeps_ref_ids=False), WITH_LOGGER_2, applied(load()))
    assert outcome.status is Status.FAILED
    assert "did not keep the refId of 1 entity it created (first: dam-a/logger-2" in outcome.message
    assert "no longer shows the refId of 1 entity it updated (first: dam-a/logger-1" in outcome.message
    assert outcome.message.endswith("give each its refId back as SERIAL_NO in the iTwin IoT web app")
