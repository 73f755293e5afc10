"""A call the platform refused over one of its entries is read back: what the read shows made is
applied, what it shows as it was is not, and what it cannot tell (or no read) is outcome unknown."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from iotplan.apply.execute import apply_connection
from iotplan.apply.outcome import Outcome, Status
from iotplan.commands.apply import ApplyResult
from iotplan.errors import ApplyError, AuthError, PlatformError
from iotplan.live import LiveEntity, LiveState
from tests.plan.livebuilder import applied, empty, find
from tests.plan.test_diff import MANIFEST, PROJECT, load, plan_for

# Three changes in one call: logger-1 renamed, sensor pz-2 created, sensor air removed.
THREE = MANIFEST.replace("name: Logger", "name: Crest logger").replace(
    "              - key: air\n                template: TEMPERATURE_SDE\n",
    "              - key: pz-2\n                template: MOISTURE_SDE\n",
)


RENAME_ONLY = MANIFEST.replace("name: Logger", "name: Crest logger")


class Refusing:
    """Refuses every integrate call with `status`; a read shows `kept` (the live state it was
    handed, as the test changed it), or fails."""

    def __init__(self, kept: LiveState | None, status: int = 422) -> None:
        self.kept, self.status, self.reads = kept, status, 0

    async def integrate(self, project_id: str, body: dict[str, Any]) -> dict[str, Any]:
        error = AuthError if self.status in (401, 403) else PlatformError
        raise error(
            f"POST /api/integrations/integrate answered {self.status}: Refused.", response=self.response
        )

    @property
    def response(self) -> httpx.Response:
        return httpx.Response(self.status, request=httpx.Request("POST", "http://platform/api"))

    async def get_integration(self, project_id: str, node_id: str) -> dict[str, Any]:
        self.reads += 1
        if self.kept is None:
            raise PlatformError("POST /api/integrations//api/X/node answered 503: Unavailable.")
        [connection] = self.kept.projects[PROJECT].connections.values()
        devices = [
            {
                "device": {"id": device.id, "props": device.props},
                "sensors": [{"id": s.id, "props": s.props} for s in connection.sensors[device.id]],
            }
            for device in connection.devices
        ]
        return {"integration": {"node": {"id": node_id, "props": connection.node.props}, "devices": devices}}


def apply_three(platform: Refusing, text: str = THREE, live: LiveState | None = None) -> Outcome:
    plan = plan_for(load(text), live if live is not None else applied(load()))
    changes = [change for change in plan.changes if change.connection == "dam-a"]
    return asyncio.run(apply_connection(platform, "dam-a", changes, resolve=lambda ref: "x"))


def kept_rename_only() -> LiveState:
    """What a platform that kept the call's first entry (the renamed device) holds."""
    live = applied(load())
    find(live, "site:dam-a/logger-1").props["NAME"] = "Crest logger"
    return live


def test_a_refused_call_is_read_back_and_what_the_platform_kept_is_applied() -> None:
    """Before, every change of a refused call was "not applied", though the platform kept some."""
    platform = Refusing(kept_rename_only())
    outcome = apply_three(platform)
    assert outcome.status is Status.FAILED and platform.reads == 1
    assert outcome.applied == ["dam-a/logger-1"]
    assert sorted(outcome.pending) == ["dam-a/logger-1/air", "dam-a/logger-1/pz-2"] and outcome.unsure == []
    assert outcome.message == (
        "POST /api/integrations/integrate answered 422: Refused. Read back, the connection shows 1 of the "
        "call's 3 changes made (the platform kept part of the call)."
    )
    # Refused as a whole (the credential, its reach, the rate limit), or refused its only change:
    # nothing was made, no read.
    for status, text in ((401, THREE), (403, THREE), (429, THREE), (422, RENAME_ONLY)):
        platform = Refusing(kept_rename_only(), status)
        outcome = apply_three(platform, text)
        assert platform.reads == 0 and outcome.applied == outcome.unsure == [], status


def test_a_refused_call_the_read_shows_nothing_of_is_not_applied() -> None:
    outcome = apply_three(Refusing(applied(load())))
    assert outcome.applied == [] and len(outcome.pending) == 3 and outcome.unsure == []
    assert outcome.message.endswith("Read back, the connection shows 0 of the call's 3 changes made.")


def test_an_update_that_reads_neither_as_planned_nor_as_it_was_is_outcome_unknown() -> None:
    live = applied(load())
    find(live, "site:dam-a/logger-1").props["NAME"] = "Renamed by someone else"
    outcome = apply_three(Refusing(live))
    assert outcome.unsure == ["dam-a/logger-1"] and len(outcome.pending) == 2
    assert outcome.message.endswith("; 1 cannot be told from the read: may or may not be applied.")


def test_a_refused_call_whose_read_fails_has_every_change_outcome_unknown() -> None:
    outcome = apply_three(Refusing(None))
    assert outcome.applied == outcome.pending == [] and len(outcome.unsure) == 3
    assert "Reading the connection back to see what the platform kept of the call's 3 changes failed" in (
        outcome.message
    )


def test_a_refused_call_that_was_creating_the_connection_cannot_be_read_back_and_is_outcome_unknown() -> None:
    platform = Refusing(applied(load()))
    outcome = apply_three(platform, MANIFEST, empty(load()))
    assert platform.reads == 0 and outcome.pending == [] and len(outcome.unsure) == 4
    assert "was creating the connection, whose id its refusal does not name" in outcome.message


def advice_after(outcome: Outcome) -> str:
    with pytest.raises(ApplyError) as raised:
        ApplyResult(plan_for(load(THREE), applied(load())), [outcome], None).raise_if_incomplete()
    return str(raised.value)


def test_a_refused_call_is_not_said_to_converge_when_run_again_whatever_its_read_back_settled() -> None:
    """A rerun is refused the same way: the read back only tells what the platform kept."""
    unreadable = apply_three(Refusing(None))  # every change outcome unknown
    new_site = apply_three(Refusing(applied(load())), MANIFEST, empty(load()))  # no id to read back
    untold = applied(load())
    find(untold, "site:dam-a/logger-1").props["NAME"] = "Renamed by someone else"
    for outcome in (unreadable, new_site, apply_three(Refusing(untold))):
        assert outcome.unsure and advice_after(outcome) == (
            "apply did not finish: deal with the errors above, then run it again (nothing applied is lost)"
        )


# air's template changes (replaced: removed in one call, created again in the next) and the logger is renamed.
REPLACING = MANIFEST.replace("template: TEMPERATURE_SDE", "template: MOISTURE_SDE").replace(
    "name: Logger", "name: Crest logger"
)


class RemovesThenRefuses(Refusing):
    """Makes the call removing air; refuses the next, which creates it again. A read shows air when
    `recreated` (the platform kept that entry of the refused call)."""

    def __init__(self, recreated: bool) -> None:
        super().__init__(applied(load()))
        self.recreated, self.calls = recreated, 0

    async def integrate(self, project_id: str, body: dict[str, Any]) -> dict[str, Any]:
        self.calls += 1
        if self.calls > 1:
            return await super().integrate(project_id, body)
        [connection] = self.kept.projects[PROJECT].connections.values()
        for device_id, sensors in connection.sensors.items():
            if self.recreated:  # the refused call's entry kept: air made again, of its new template
                for sensor in sensors:
                    if sensor.ref_id == "site:dam-a/logger-1/air":
                        sensor.props["INTEGRATION_ID"] = "MOISTURE_SDE"
            else:
                connection.sensors[device_id] = [s for s in sensors if s.ref_id != "site:dam-a/logger-1/air"]
        return {"integration": {}}

    async def get_integration(self, project_id: str, node_id: str) -> dict[str, Any]:
        read = await super().get_integration(project_id, node_id)
        # The removal's read back must show air gone, whatever the refused call later kept.
        if self.calls == 1:
            for group in read["integration"]["devices"]:
                group["sensors"] = [
                    s for s in group["sensors"] if s["props"]["SERIAL_NO"] != "site:dam-a/logger-1/air"
                ]
        return read


def test_a_replacement_refused_in_the_call_creating_it_again_is_judged_as_a_creation() -> None:
    """Before, it was judged as its removal there: made when absent, and already counted applied."""
    not_recreated = apply_three(RemovesThenRefuses(recreated=False), REPLACING)
    assert not_recreated.applied == [] and sorted(not_recreated.pending) == [
        "dam-a/logger-1",
        "dam-a/logger-1/air",
    ]
    assert not_recreated.message.endswith(
        "Read back, the connection shows 0 of the call's 2 changes made. Removed, not created again "
        "(the next plan creates it): dam-a/logger-1/air."
    )
    recreated = apply_three(RemovesThenRefuses(recreated=True), REPLACING)
    assert recreated.applied == ["dam-a/logger-1/air"] and recreated.pending == ["dam-a/logger-1"]
    assert recreated.message.endswith(
        "shows 1 of the call's 2 changes made (the platform kept part of the call)."
    )


# pz-1 renamed pz-01 with `moved`; meanwhile another entity took pz-01's refId, so the rename is refused 409.
MOVED = (
    MANIFEST.replace("key: pz-1", "key: pz-01")
    + "moved:\n  - {from: dam-a/logger-1/pz-1, to: dam-a/logger-1/pz-01}\n"
)


def taken_by_another(*ref_ids: str) -> LiveState:
    """The platform beside logger-1's sensors: one more sensor under each of `ref_ids`."""
    live = applied(load())
    [connection] = live.projects[PROJECT].connections.values()
    [device] = connection.devices
    connection.sensors[device.id].extend(
        LiveEntity(f"/other/{n}", {"SERIAL_NO": r}) for n, r in enumerate(ref_ids)
    )
    return live


def test_a_rename_refused_onto_a_ref_id_another_entity_holds_is_not_found_made_by_another_writer() -> None:
    outcome = apply_three(Refusing(taken_by_another("site:dam-a/logger-1/pz-01"), 409), MOVED)
    assert outcome.found_made == [] and outcome.unsure == ["dam-a/logger-1/pz-01"]
    assert "made by another writer" not in outcome.message
    assert outcome.message.endswith(
        "Read back, the connection shows 0 of the call's 1 change made; 1 cannot be told from the read: may "
        "or may not be applied."
    )


def test_a_rename_refused_409_whose_read_back_fails_is_not_said_for_sure_to_be_another_writer_s() -> None:
    outcome = apply_three(Refusing(None, 409), MOVED)
    assert outcome.unsure == ["dam-a/logger-1/pz-01"]
    assert (
        "It already exists, the platform answers: another writer may have made it (a concurrent apply?), "
        "or the plan's read missed it." in outcome.message
    )
