"""`apply --entities-per-call N` splits the replacements' removals at N too: a template change of many
devices went as one removal call whatever N, refused on every run behind a body cap. The re-creations
still wait until every removal call is read back gone, and a call refused between two removal calls
says which entities were removed, not created again; the rerun creates them and converges."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from iotplan.apply.bodies import connection_calls
from iotplan.apply.execute import apply_connection
from iotplan.apply.outcome import Outcome
from tests.apply.test_body_too_large import TOO_LARGE, refused
from tests.apply.test_refused import Refusing
from tests.cli.test_entities_per_call import TWELVE_DEVICES, Handle, Proxy
from tests.e2e.conftest import PROJECT, Workspace
from tests.plan.livebuilder import applied
from tests.plan.test_diff import MANIFEST, load, plan_for

NEW_TEMPLATE = TWELVE_DEVICES.replace("name: device", "template: DEMO_DEVICE_SDE, name: device")
DEVICES = [f"c1/d{index}" for index in range(12)]


class RefusingOne(Proxy):
    """The proxy, refusing the `nth` integrate call with a 422 without passing it on."""

    def __init__(self, nth: int) -> None:
        super().__init__()
        self.nth, self.integrates = nth, 0

    def before(self, handle: Handle) -> Handle:
        passed = super().before(handle)

        async def answer(request: httpx.Request) -> httpx.Response:
            if request.url.path.endswith("/integrations/integrate"):
                self.integrates += 1
                if self.integrates == self.nth:
                    refusal = {"code": "InvalidIntegration", "message": "refused by the test"}
                    return httpx.Response(422, json={"error": refusal}, request=request)
            return await passed(request)

        return answer


def apply(workspace: Workspace, text: str, *flags: str) -> Any:
    (workspace.path / "calls.yaml").write_text(text)
    return workspace.run("apply", "calls.yaml", "--auto-approve", "--no-color", *flags)


def templates(workspace: Workspace) -> dict[str, list[str]]:
    """Each live device's refId → the templates of the devices carrying it."""
    devices = workspace.api("GET", "/api/devices/all", params={"projectIds": PROJECT, "pageSize": 1000})
    held: dict[str, list[str]] = {}
    for device in devices:
        held.setdefault(device["props"]["SERIAL_NO"], []).append(device["props"]["INTEGRATION_ID"])
    return held


def removed_and_created(bodies: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """Each integrate body as what its devices do (`remove` or `new`) and how many it carries."""
    return [
        (
            "/".join(sorted({entry["changeState"] for entry in body["integration"]["devices"]})),
            len(body["integration"]["devices"]),
        )
        for body in bodies
    ]


def test_twelve_replaced_devices_are_removed_in_calls_of_five_then_created_once(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert apply(workspace, TWELVE_DEVICES).exit_code == 0
    proxy = Proxy()
    proxy.install(monkeypatch)
    done = apply(workspace, NEW_TEMPLATE, "--entities-per-call", "5")
    assert done.exit_code == 0, done.output
    assert removed_and_created(proxy.bodies) == [
        *[("remove", 5), ("remove", 5), ("remove", 2)],
        *[("new", 5), ("new", 5), ("new", 2)],
    ]
    # The Impact line counts the removal calls, each read back, the two after the first counted again
    # before they go, and the count made once confirmed.
    assert "apply sends about 12 requests" in done.output
    assert templates(workspace) == {f"calls:{device}": ["DEMO_DEVICE_SDE"] for device in DEVICES}


def test_a_second_removal_call_refused_leaves_the_first_removed_and_the_rest_untouched(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert apply(workspace, TWELVE_DEVICES).exit_code == 0
    proxy = RefusingOne(nth=2)
    proxy.install(monkeypatch)
    failed = apply(workspace, NEW_TEMPLATE, "--entities-per-call", "5", "--format", "json")
    assert failed.exit_code == 1, failed.output
    [outcome] = json.loads(failed.stdout)["outcomes"]
    assert (outcome["status"], outcome["applied"], outcome["outcome_unknown"]) == ("failed", [], [])
    assert sorted(outcome["not_applied"]) == sorted(DEVICES)
    untouched = {f"calls:{device}": ["IMPORT_DEVICE_SDE"] for device in DEVICES[5:]}
    assert templates(workspace) == untouched
    first = ", ".join(DEVICES[:5])
    assert outcome["message"].endswith(
        "Read back, the connection shows 0 of the call's 5 changes made. Removed, not created again "
        f"(the next plan creates them): {first}."
    )

    proxy.nth, proxy.bodies = 0, []  # the rerun goes through
    rerun = apply(workspace, NEW_TEMPLATE, "--entities-per-call", "5")
    assert rerun.exit_code == 0, rerun.output
    assert removed_and_created(proxy.bodies) == [
        *[("remove", 5), ("remove", 2)],  # the seven left to replace
        *[("new", 5), ("new", 5), ("new", 2)],
    ]
    assert templates(workspace) == {f"calls:{device}": ["DEMO_DEVICE_SDE"] for device in DEVICES}
    again = workspace.run("plan", "calls.yaml", "--no-color")
    assert "Plan: 0 to add, 0 to change, 0 to destroy." in again.output


def test_a_refused_re_creation_names_every_removed_device_not_created_again(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Those in the calls after the refused one too: before, only the refused call's were named."""
    assert apply(workspace, TWELVE_DEVICES).exit_code == 0
    RefusingOne(nth=4).install(monkeypatch)  # after the three removal calls, the first creating
    failed = apply(workspace, NEW_TEMPLATE, "--entities-per-call", "5", "--format", "json")
    assert failed.exit_code == 1, failed.output
    [outcome] = json.loads(failed.stdout)["outcomes"]
    assert outcome["message"].endswith(
        f"Removed, not created again (the next plan creates them): {', '.join(DEVICES)}."
    )
    assert templates(workspace) == {}


# --- replaced sensors: under their device as it stands, a call's room at a time --------------------
TWELVE_SENSORS = MANIFEST.replace(
    "              - key: air\n                template: TEMPERATURE_SDE\n",
    "".join(
        f"              - key: t{index}\n                template: TEMPERATURE_SDE\n" for index in range(12)
    ),
)


REPLACING_SENSORS = TWELVE_SENSORS.replace("TEMPERATURE_SDE", "MOISTURE_SDE")


def test_twelve_replaced_sensors_are_removed_under_their_device_four_at_a_time() -> None:
    plan = plan_for(load(REPLACING_SENSORS), applied(load(TWELVE_SENSORS)))
    calls = connection_calls(list(plan.changes), lambda reference: "resolved", entities_per_call=5)
    removals = [call for call in calls if call.confirm_removed]
    assert [len(call.confirm_removed) for call in removals] == [4, 4, 4]
    for call in removals:
        [holder] = call.integration["devices"]
        assert holder["changeState"] == "update" and holder["refId"] == "site:dam-a/logger-1"
        assert {sensor["changeState"] for sensor in holder["sensors"]} == {"remove"}
    assert calls.index(removals[-1]) == 2  # every removal call before the first re-creation


def test_a_refused_removal_call_read_back_removed_is_not_reported_applied() -> None:
    """Before, a removal the read back showed made was "applied", though never created again."""
    live = applied(load(TWELVE_SENSORS))
    plan = plan_for(load(REPLACING_SENSORS), live)
    [connection] = live.projects[PROJECT].connections.values()
    [sensors] = connection.sensors.values()
    sensors.remove(next(s for s in sensors if s.ref_id == "site:dam-a/logger-1/t0"))  # the platform kept it
    outcome = asyncio.run(apply_connection(Refusing(live), "dam-a", list(plan.changes), lambda ref: "x"))
    assert outcome.applied == [] and "dam-a/logger-1/t0" in outcome.pending
    assert outcome.message.endswith(
        "shows 1 of the call's 12 changes made (the platform kept part of the call). Removed, not created "
        "again (the next plan creates it): dam-a/logger-1/t0."
    )


# --- the 413 advice -----------------------------------------------------------------------------
def test_a_refused_removal_call_advises_half_of_it_below_the_size_in_force() -> None:
    """Before, the one removal call of all twelve advised 6, above the 5 already in force."""
    live = applied(load(TWELVE_SENSORS))
    plan = plan_for(load(REPLACING_SENSORS), live)
    outcome: Outcome = asyncio.run(
        apply_connection(
            Refusing(live, status=413), "dam-a", list(plan.changes), lambda ref: "x", entities_per_call=5
        )
    )
    assert (
        f"{TOO_LARGE}: rerun with --entities-per-call 2 (half of this call's 5 entities)" in outcome.message
    )


def test_a_call_no_size_can_split_says_what_lets_it_through() -> None:
    renamed = MANIFEST.replace("name: Piezometer", "name: PZ")
    outcome = refused(Refusing(applied(load()), status=413), renamed)
    assert (
        "more than the platform or the proxy takes: a larger body limit there, or shorter fields (notes, "
        "metrics) in the manifest, lets it through."
    ) in outcome.message
