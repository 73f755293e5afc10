"""What update* does with the props it is not sent is learnt once per run, by its first update (the
probe: its entity read again at once), not by a read after each unit's writes and a write-back of
what that read found absent (cr104). That read after left a logger stripped for the whole unit where
updates replace props (a kill meanwhile kept it so, exit 0 on the rerun), and its write-back undid
what another writer set or cleared in that window, blaming a replacing platform."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from iotplan.apply.outcome import Outcome, Status
from iotplan.apply.thread import apply_thread, thread_groups
from iotplan.clients.jsonrpc_transport import ConnectionLost, Handler
from iotplan.manifest import parse_manifest
from iotplan.plan.desired import desired_state
from iotplan.plan.diff import make_plan
from iotplan.plan.model import Plan
from tests.apply.test_thread import LOGGER, NODE, PROJECT, SITE, Recorder
from tests.apply.test_thread_update_reads import RENAMED, live_after_first_apply
from tests.apply.test_thread_update_sends_only_what_changes import LOGGER_RENAMED, UPDATES

TILT1_RENAMED = SITE.replace("{key: tilt1, type", "{key: tilt1, name: Renamed tilt, type")
Request = Callable[[str, dict[str, Any]], Awaitable[Any]]  # sent on iotplan's own connection
Meddle = Callable[[Request], Awaitable[None]]


class Meddled(Recorder):
    """The emulator, where, once armed, iotplan's request of a method and turn is first handled, then
    followed by another writer's requests (`meddle`), or the process is killed before or after it is
    handled (SIGKILL, a CI timeout): what the platform holds then is kept (`killed_with`, the logger's
    and node's props), and nothing iotplan sends after it is answered or made."""

    def __init__(self, variants: tuple[str, ...] = ()) -> None:
        super().__init__(variants=variants)
        self.armed = False
        self.sent: list[tuple[str, dict[str, Any]]] = []
        self.hooks: dict[tuple[str, int], tuple[str, Meddle | None]] = {}
        self.killed_with: dict[str, dict[str, Any]] = {}

    def on(self, method: str, turn: int, when: str, meddle: Meddle | None = None) -> None:
        self.hooks[(method, turn)] = (when, meddle)

    def connection(self) -> Handler:
        handler = super().connection()

        async def other(method: str, params: dict[str, Any]) -> Any:
            request = {
                "jsonrpc": "2.0",
                "id": 9000,
                "method": method,
                "params": {**params, "projectIds": [PROJECT]},
            }
            (answer,) = await handler(request)
            return answer["result"]

        async def answer(request: dict[str, Any]) -> list[dict[str, Any]]:
            method = request["method"]
            if not self.armed:
                return await handler(request)
            if self.killed_with:
                raise ConnectionLost("the process is gone")
            self.sent.append((method, (request.get("params") or {}).get("props") or {}))
            when, meddle = self.hooks.get((method, sum(1 for m, _ in self.sent if m == method)), ("", None))
            responses = [] if when == "kill before" else await handler(request)
            if when.startswith("kill"):
                (device,) = await other("getDevices", {"devices": [LOGGER]})
                (node,) = await other("getNodes", {"nodes": [NODE]})
                self.killed_with = {"logger": device["props"], "node": node["props"]}
                raise ConnectionLost("the process is gone")
            if meddle is not None:
                await meddle(other)
            return responses

        return answer

    def logger(self) -> dict[str, Any]:
        (device,) = self.read("getDevices", "devices", [LOGGER])
        return device["props"]  # type: ignore[no-any-return]


def in_one_run(recorder: Recorder, *plans: Plan) -> list[Outcome]:
    """The plans' THREAD units run at once, as one apply runs its units: one JSON-RPC client."""

    async def go() -> list[Outcome]:
        async with recorder.client() as client:
            units = [
                apply_thread(client, "thread", changes)
                for plan in plans
                for changes in thread_groups(plan).values()
            ]
            return list(await asyncio.gather(*units))

    return asyncio.run(go())


def armed(recorder: Meddled, *manifests: str, notes: str = "") -> list[Plan]:
    live = live_after_first_apply(recorder)
    plans = [make_plan(desired_state(parse_manifest(manifest, "site.yaml")), live) for manifest in manifests]
    if notes:  # another tool's, set after the plans were made (with all the logger holds, as a careful
        # client of a replacing platform does): the read before each unit shows it
        recorder.write("updateDevice", {"device": LOGGER, "props": {**recorder.logger(), "NOTES": notes}})
    recorder.methods.clear()
    recorder.armed = True
    return plans


def test_two_units_of_one_run_on_a_merging_platform_read_once_more_in_all_and_send_only_names() -> None:
    recorder = Meddled()
    outcomes = in_one_run(recorder, *armed(recorder, LOGGER_RENAMED, TILT1_RENAMED))
    assert [outcome.status for outcome in outcomes] == [Status.APPLIED, Status.APPLIED]
    assert [props for method, props in recorder.sent if method in UPDATES] in (
        [{"NAME": "Renamed logger"}, {"NAME": "Renamed tilt"}],
        [{"NAME": "Renamed tilt"}, {"NAME": "Renamed logger"}],
    )
    reads = [method for method, _ in recorder.sent if method.startswith("get")]
    # each unit's target check and read before, and one read in the run: the probe's
    assert sorted(reads) == ["getDevices", "getDevices", "getNodes", "getNodes", "getSensors"]


def test_a_kill_once_the_probe_found_updates_replacing_props_leaves_the_logger_whole() -> None:
    recorder = Meddled(variants=("rpc-update-replaces",))
    plans = armed(recorder, RENAMED, notes="another tool's")
    recorder.on("updateSensor", 1, "kill before")  # after the node's probe and the logger's update
    in_one_run(recorder, *plans)
    logger, node = recorder.killed_with["logger"], recorder.killed_with["node"]
    assert logger["NAME"] == "Renamed logger"
    kept = (logger["EXTERNAL_PORT"], logger["SERIAL_NO"], logger.get("NOTES"))
    assert kept == (2, "032432", "another tool's")
    assert node["SERIAL_NO"] == "4A1B2C"  # the probe's entity, written back at once


def test_a_kill_during_the_probe_on_a_replacing_platform_leaves_its_entity_stripped() -> None:
    """The documented window (docs/api-assumptions.md A14): the run's first update is sent with what
    changes alone, the platform has not been seen to replace props yet; killed after the platform made
    it, before the probe's read, that one entity keeps only what the update sent. Nothing else of the
    run was sent, and no other entity is touched."""
    recorder = Meddled(variants=("rpc-update-replaces",))
    plans = armed(recorder, LOGGER_RENAMED, notes="another tool's")
    recorder.on("updateDevice", 1, "kill after")
    in_one_run(recorder, *plans)
    logger = recorder.killed_with["logger"]
    assert logger["NAME"] == "Renamed logger"
    assert [name for name in ("EXTERNAL_PORT", "SERIAL_NO", "NOTES") if name in logger] == []


def test_another_writers_notes_set_between_the_probe_and_its_write_back_are_kept() -> None:
    recorder = Meddled(variants=("rpc-update-replaces",))
    plans = armed(recorder, LOGGER_RENAMED)

    async def sets_notes(send: Request) -> None:  # read-modify-write, as a replacing platform's client
        (device,) = await send("getDevices", {"devices": [LOGGER]})
        await send(
            "updateDevice", {"device": LOGGER, "props": {**device["props"], "NOTES": "other writer B"}}
        )

    recorder.on("updateDevice", 1, "after", sets_notes)
    (outcome,) = in_one_run(recorder, *plans)
    assert outcome.status is Status.APPLIED, outcome.message
    logger = recorder.logger()
    assert (logger["NOTES"], logger["EXTERNAL_PORT"], logger["SERIAL_NO"]) == ("other writer B", 2, "032432")
    assert outcome.written_back == {"thread/ipi": ["EXTERNAL_PORT", "SERIAL_NO"]}


def test_another_writers_clear_during_the_probe_on_a_merging_platform_is_not_undone() -> None:
    recorder = Meddled()
    plans = armed(recorder, LOGGER_RENAMED, notes="another tool's")

    async def clears_notes(send: Request) -> None:
        await send("updateDevice", {"device": LOGGER, "props": {"NOTES": None}})

    recorder.on("updateDevice", 1, "after", clears_notes)
    (outcome,) = in_one_run(recorder, *plans)
    assert outcome.status is Status.FAILED
    assert outcome.message.startswith(
        'thread/ipi: updated with NAME alone, it no longer holds NOTES ("another tool\'s"), while it kept '
        "the other props it held. iotplan cannot tell whether the platform's update drops some props"
    )
    assert (
        "so it wrote nothing back" in outcome.message
        and "after it, {EXTERNAL_PORT: 2, NAME:" in outcome.message
    )
    assert [method for method, _ in recorder.sent].count("updateDevice") == 1
    assert recorder.logger().get("NOTES") is None and outcome.written_back == {}


def test_another_writers_clear_once_the_run_knows_updates_merge_is_never_undone() -> None:
    recorder = Meddled()
    plans = armed(recorder, RENAMED, notes="another tool's")

    async def clears_notes(send: Request) -> None:
        await send("updateDevice", {"device": LOGGER, "props": {"NOTES": None}})

    recorder.on("updateDevice", 1, "after", clears_notes)  # the node's rename was the probe
    (outcome,) = in_one_run(recorder, *plans)
    assert outcome.status is Status.APPLIED, outcome.message
    assert recorder.logger().get("NOTES") is None
    assert [method for method, _ in recorder.sent].count("updateDevice") == 1


def test_a_prop_the_platform_keeps_unknown_to_iotplan_does_not_make_a_replacing_platform_ambiguous(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """`rpc-rewrite-rezeroes` records each zero in ZERO_BASELINE, which the platform keeps itself on a
    replacing update and iotplan does not know: the probe is judged by the props someone sets, so the
    platform is found replacing props, the logger written back (re-zeroed by its ZERO_DATE, as stderr
    says it may), not failed as ambiguous."""
    recorder = Meddled(variants=("rpc-update-replaces", "rpc-rewrite-rezeroes"))
    plans = armed(recorder, LOGGER_RENAMED)
    zeroed = {**recorder.logger(), "ZERO_DATE": "2026-03-01T00:00:00Z"}  # another tool's, all it holds
    recorder.write("updateDevice", {"device": LOGGER, "props": zeroed})
    assert "ZERO_BASELINE" in recorder.logger()
    caplog.clear()
    (outcome,) = in_one_run(recorder, *plans)
    assert outcome.status is Status.APPLIED, outcome.message
    assert recorder.logger()["EXTERNAL_PORT"] == 2 and "SERIAL_NO" in outcome.written_back["thread/ipi"]
    assert any("re-zeroed by a ZERO_DATE written" in line for line in caplog.messages)
