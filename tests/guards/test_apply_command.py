"""commands/apply.py: a saved plan is applied only where and while it was made; every guard runs
before the first write; apply exits 1 unless the platform then reads as the manifest."""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import inspect
import json
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
import yaml

from iotplan.apply.outcome import Outcome, Status
from iotplan.apply.rollout import FailureBudget, Rollout
from iotplan.clients.target import Target, TargetOptions, open_target
from iotplan.commands.apply import (
    AGAIN,
    ApplyRequest,
    ApplyResult,
    PreparedApply,
    prepare_apply,
    read_saved_plan,
    refuse_incomplete,
    refuse_missing_inputs,
    refuse_other_target,
    refuse_other_target_unopened,
    run_apply,
    saved_plan_input,
    saved_shard,
)
from iotplan.commands.inputs import ManifestInput
from iotplan.errors import ApplyError, ApplyInterrupted, IotplanError, PlatformError, StalePlanError
from iotplan.plan.address import Address
from iotplan.plan.coverage import Coverage, Shard
from iotplan.plan.desired import DesiredState, desired_state
from iotplan.plan.guards import Permissions
from iotplan.plan.model import FORMAT_VERSION, Action, Cause, Change, Kind, ManifestSource, Plan, PlanOptions
from iotplan.render.drift_json import render_drift_json
from iotplan.render.json_plan import plan_to_dict, plan_to_json
from iotplan.sim import embedded_transport
from tests.conftest import ROOT
from tests.guards.fleet import DAM_A, DAM_B, FLEET, PROJECT, load, manifest
from tests.plan.edgebuilder import gateway_change
from tests.render import drifts
from tests.render.plans import change, creation, plan

T = TypeVar("T")
PLAIN = ApplyRequest()
AIR = "              - key: air\n                template: TEMPERATURE_SDE\n"


def desired(text: str = FLEET) -> DesiredState:
    return desired_state(load(text))


class Platform:
    """The embedded platform in a temporary folder, opened afresh for each step as the CLI does."""

    def __init__(self, folder: Path) -> None:
        self.db = folder / "sim.db"

    def run(self, work: Callable[[Target], Awaitable[T]], client: Callable[[Any], Any] | None = None) -> T:
        async def opened() -> T:
            async with open_target(TargetOptions(sim_db=self.db), {}) as target:
                if client is not None:
                    target = dataclasses.replace(target, client=client(target.client))
                return await work(target)

        return asyncio.run(opened())

    def prepare(self, text: str = FLEET, request: ApplyRequest = PLAIN, saved: Plan | None = None):
        return self.run(lambda target: prepare_apply(target, desired(text), request, {}, saved))

    def apply(
        self,
        text: str = FLEET,
        request: ApplyRequest = PLAIN,
        saved: Plan | None = None,
        environ: dict[str, str] | None = None,
        **kw: Any,
    ):
        confirmations: list[str] = []

        async def work(target: Target) -> ApplyResult:
            prepared = await prepare_apply(target, desired(text), request, environ or {}, saved)
            return await run_apply(
                target, prepared, environ or {}, confirm=lambda: confirmations.append("asked")
            )

        result = self.run(work, **kw)
        return result, confirmations

    def record_observations(self, ref_id: str, count: int) -> None:
        """Data arriving on a sensor, through the emulator's control plane."""

        async def call() -> None:
            headers = {"Authorization": "ApiKey demo-key"}
            transport = embedded_transport(self.db)
            async with httpx.AsyncClient(transport=transport, base_url="http://sim", headers=headers) as http:
                params = {"projectIds": PROJECT, "pageSize": 1000}
                sensors = (await http.get("/api/sensors/all", params=params)).json()
                [sensor] = [s for s in sensors if s["props"].get("SERIAL_NO") == ref_id]
                answer = await http.post(
                    "/_sim/observations", json={"sensor_id": sensor["id"], "count": count}
                )
                assert answer.status_code < 400, answer.text

        asyncio.run(call())


@pytest.fixture
def platform(tmp_path: Path) -> Platform:
    return Platform(tmp_path)


# --- converged, or exit 1 ------------------------------------------------------------------------------
def test_an_apply_that_converges_reads_back_with_no_changes_and_exits_zero(platform: Platform) -> None:
    result, confirmations = platform.apply()
    assert confirmations == ["asked"] and result.succeeded and result.plan.summary.add == 8
    assert [(o.connection, o.status) for o in result.outcomes] == [
        ("dam-a", Status.APPLIED),
        ("dam-b", Status.APPLIED),
    ]
    assert result.after is not None and not result.after.summary.has_changes and result.stopped == ""
    result.raise_if_incomplete()


def test_an_apply_with_nothing_to_do_asks_nothing_and_reads_nothing_again(platform: Platform) -> None:
    platform.apply()
    result, confirmations = platform.apply()
    assert confirmations == [] and result.outcomes == [] and result.after is None
    result.raise_if_incomplete()


def test_a_platform_that_still_differs_after_apply_exits_one_naming_what_differs() -> None:
    after = plan(change("dam-a/logger-1", Action.UPDATE, "differs"), change("dam-a/x", Action.CREATE, "new"))
    wrote = Outcome("dam-a", Status.APPLIED, applied=["dam-a/logger-1", "dam-a/x"])
    result = ApplyResult(plan(), [wrote], after)
    with pytest.raises(ApplyError) as raised:
        result.raise_if_incomplete()
    assert str(raised.value) == (
        "the platform still differs from the manifest after apply "
        "(Plan: 1 to add, 1 to change, 0 to destroy.):\n"
        "  dam-a/logger-1: update\n  dam-a/x: create\n"
        "Run `iotplan plan` to see why; another writer changed what this apply wrote meanwhile (another "
        "iotplan run, a person or a script), or a write the platform accepted but did not keep points at "
        "an assumption it does not share (see docs/api-assumptions.md)."
    )


def test_a_thread_that_still_differs_after_an_on_device_apply_names_its_own_plan() -> None:
    """On a THREAD a bare `iotplan plan` plans the embedded platform: the advice is the THREAD's own plan."""
    on_device = dataclasses.replace(plan(), target_identity="thread:5D6E7F")
    after = plan(change("thread-south/edge/port1.power", Action.UPDATE, "differs"))
    result = ApplyResult(on_device, [Outcome("thread-south", Status.APPLIED)], after)
    with pytest.raises(ApplyError) as raised:
        result.raise_if_incomplete()
    assert str(raised.value).startswith("this THREAD still differs from the manifest after apply ")
    assert (
        "Run `iotplan plan sites/dams.yaml --vars sites/prod.yaml --on-device` to see why; another "
        "writer" in str(raised.value)
    )
    assert "platform" not in str(raised.value)


def test_the_threads_own_plan_it_names_repeats_the_var_values_and_the_gateway_url_given() -> None:
    """Without them the plan named renders another manifest and reads http://localhost/api, not the
    THREAD that was written."""
    on_device = dataclasses.replace(plan(), target_identity="thread:5D6E7F")
    source = dataclasses.replace(on_device.manifest, variables=(("region", "north"), ("tier", "a b")))
    after = plan(change("thread-south/edge/port1.power", Action.UPDATE, "differs"))
    result = ApplyResult(dataclasses.replace(on_device, manifest=source), [], after)
    with pytest.raises(ApplyError) as raised:
        result.raise_if_incomplete(["--on-device", "--gateway-url", "http://192.0.2.10"])
    assert (
        "Run `iotplan plan sites/dams.yaml --vars sites/prod.yaml --var region=north --var 'tier=a b' "
        "--on-device --gateway-url http://192.0.2.10` to see why" in str(raised.value)
    )


def test_a_power_written_on_that_still_reads_0_v_is_told_as_such_not_as_a_platform_assumption() -> None:
    power = "thread-north/edge/port2.power"
    at_0_v = {"before": {"value": "off"}, "after": {"value": "12V"}}
    written = dataclasses.replace(change(power, Action.UPDATE, "differs", **at_0_v), kind=Kind.EDGE)
    result = ApplyResult(
        plan(written), [Outcome("thread-north", Status.APPLIED, applied=[power])], plan(written)
    )
    with pytest.raises(ApplyError) as raised:
        result.raise_if_incomplete()
    assert "the ports written on still measure 0 V" in str(raised.value)
    assert "did not keep points at an assumption" not in str(raised.value)
    other = dataclasses.replace(written, address=Address("thread-north/edge/port1.baud_rate"))
    mixed = ApplyResult(
        plan(written), [Outcome("thread-north", Status.APPLIED, applied=[power])], plan(other)
    )
    with pytest.raises(ApplyError) as raised:
        mixed.raise_if_incomplete()
    assert "did not keep points at an assumption" in str(raised.value)


def test_a_power_written_that_reads_back_another_voltage_is_no_0_v_case() -> None:
    power = "thread-north/edge/port2.power"
    at_15_v = {"before": {"value": "15V"}, "after": {"value": "12V"}}
    written = dataclasses.replace(change(power, Action.UPDATE, "differs", **at_15_v), kind=Kind.EDGE)
    wrote = [Outcome("thread-north", Status.APPLIED, applied=[power])]
    with pytest.raises(ApplyError) as raised:
        ApplyResult(plan(written), wrote, plan(written)).raise_if_incomplete()
    assert "still measure 0 V" not in str(raised.value)


def test_a_rollout_stopped_on_a_thread_names_its_own_plan_to_review() -> None:
    on_device = dataclasses.replace(plan(), target_identity="thread:5D6E7F")
    held = Outcome("thread-south", Status.NOT_STARTED, "not started: changed", unreviewed=True)
    with pytest.raises(ApplyError) as raised:
        ApplyResult(on_device, [held], stopped="the platform changed").raise_if_incomplete()
    assert "review a new plan (`iotplan plan sites/dams.yaml --vars sites/prod.yaml --on-device`)" in str(
        raised.value
    )


def test_a_long_list_of_what_still_differs_names_twenty() -> None:
    after = plan(*[change(f"dam-{n:02}", Action.CREATE, "new") for n in range(25)])
    with pytest.raises(ApplyError) as raised:
        ApplyResult(plan(), [], after).raise_if_incomplete()
    assert "  dam-19: create\nRun" in str(raised.value)


class FailingAfterWrites:
    """The platform's client, whose reads fail once a write was sent: the verifying plan cannot be made."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.wrote = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client, name)

    async def integrate(self, project_id: str, body: dict[str, Any]) -> dict[str, Any]:
        self.wrote = True
        return dict(await self.client.integrate(project_id, body))

    async def list_nodes(self, project_id: str) -> list[dict[str, Any]]:
        if self.wrote:
            raise PlatformError("503 Service Unavailable")
        return list(await self.client.list_nodes(project_id))


def test_a_verifying_plan_that_fails_still_reports_what_was_applied_and_exits_one(platform: Platform) -> None:
    result, _ = platform.apply(client=FailingAfterWrites)
    assert result.plan.summary.add == 8 and result.after is None and result.stopped == ""
    assert [(o.connection, o.status) for o in result.outcomes] == [
        ("dam-a", Status.APPLIED),
        ("dam-b", Status.APPLIED),
    ]
    assert result.verify_error == f"503 Service Unavailable ({AGAIN})"
    with pytest.raises(ApplyError) as raised:
        result.raise_if_incomplete()
    assert str(raised.value) == f"the writes were sent, but the verifying plan failed: {result.verify_error}"


def test_a_verifying_plan_that_fails_after_no_write_says_nothing_was_written(platform: Platform) -> None:
    """Outcomes that sent no request (as a unit refused before its first one has, a THREAD swapped
    since the plan say), beside a verifying plan that failed: the message rests on the requests
    counted. The outcomes are made by hand from a run's, so this pins the wording, not the scenario."""
    result, _ = platform.apply(client=FailingAfterWrites)
    refused = [
        dataclasses.replace(outcome, status=Status.FAILED, calls=0, applied=[]) for outcome in result.outcomes
    ]
    with pytest.raises(ApplyError, match=r"; nothing was written, and the verifying plan failed: 503"):
        dataclasses.replace(result, outcomes=refused).raise_if_incomplete()


def test_a_verifying_plan_that_fails_after_units_failed_says_what_is_left_first() -> None:
    """Before, a failed verifying read's message was all the closing error said: the units not
    applied and those of unknown outcome went untold, and so did running it again."""
    outcomes = [
        Outcome("a", Status.APPLIED, calls=1, applied=["a"]),
        Outcome("b", Status.FAILED, calls=1, unsure=["b"]),
        Outcome("c", Status.FAILED, pending=["c"]),
    ]
    result = ApplyResult(plan(), outcomes, None, verify_error="GET /api/x got no answer")
    with pytest.raises(ApplyError) as raised:
        result.raise_if_incomplete()
    message = str(raised.value)
    assert message.startswith("apply did not finish: 2 units not applied, 1 of unknown outcome: "), message
    assert "run it again" in message, message
    assert message.endswith("; the writes were sent, but the verifying plan failed: GET /api/x got no answer")


def test_removals_of_unknown_outcome_name_no_replacement_and_a_rename_of_unknown_outcome_is_said() -> None:
    """Before, "(a replacement's too)" followed removals of unknown outcome in a plan replacing
    nothing, and a `moved` rename of unknown outcome (a 5xx) the report lists was left out of the error."""
    removal = change("c1", Action.REMOVE, "not in the manifest", observations=100)
    rename = change("r10", Action.UPDATE, "moved from r9")
    outcomes = [
        Outcome("c1", Status.FAILED, calls=1, unsure=["c1"]),
        Outcome("r10", Status.FAILED, calls=1, unsure=["r10"]),
    ]
    with pytest.raises(ApplyError) as raised:
        ApplyResult(plan(removal, rename), outcomes, plan(removal, rename)).raise_if_incomplete()
    message = str(raised.value)
    assert "1 removal of unknown outcome, history possibly gone: c1" in message, message
    assert "also of unknown outcome: r10" in message, message
    replaced = change("c1", Action.REPLACE, "template changes", observations=100)
    with pytest.raises(ApplyError) as raised:
        ApplyResult(plan(replaced), outcomes[:1], plan(replaced)).raise_if_incomplete()
    assert "1 removal of unknown outcome (a replacement's too), history possibly gone: c1" in str(
        raised.value
    )


def test_a_stopped_rollout_whose_verifying_plan_failed_says_both() -> None:
    result = ApplyResult(
        plan(), [Outcome("a", Status.NOT_STARTED)], None, stopped="halted", verify_error="503"
    )
    with pytest.raises(ApplyError) as raised:
        result.raise_if_incomplete()
    assert str(raised.value) == (
        "rollout stopped: halted; 1 not started: run it again to continue\nThe verifying plan failed: 503"
    )


def test_a_connection_adopted_by_its_id_is_applied_like_any_other(platform: Platform) -> None:
    platform.apply()
    node_id = platform.prepare().plan.changes[0].live_id
    adopted = FLEET.replace("name: Dam A", f"name: Dam A2\n        id: {node_id}", 1)
    result, _ = platform.apply(adopted)
    assert result.succeeded and result.after is not None and not result.after.summary.has_changes


def test_a_failed_unit_exits_one_even_if_the_platform_reads_as_the_manifest() -> None:
    result = ApplyResult(plan(), [Outcome("dam-a", Status.APPLIED), Outcome("dam-b", Status.FAILED)], plan())
    assert not result.succeeded
    with pytest.raises(
        ApplyError, match=r"^apply did not finish: run it again to converge \(nothing applied is lost\)$"
    ):
        result.raise_if_incomplete()


def test_writes_left_unsent_behind_one_found_made_are_settled_by_a_fresh_read_that_converged() -> None:
    """A THREAD's writes go one at a time: after a create another writer made, the rest are not sent.
    A fresh read showing nothing to write proves them in place too: nothing to run again."""
    raced = Outcome(
        "dam-b",
        Status.FAILED,
        "-32009: already exists",
        found_made=["dam-b/logger"],
        pending=["dam-b/logger/pz"],
    )
    result = ApplyResult(plan(), [Outcome("dam-a", Status.APPLIED), raced], plan())
    with pytest.raises(ApplyError, match=r"there is nothing to run again$"):
        result.raise_if_incomplete()


def test_a_write_the_platform_refused_is_not_said_to_converge_when_run_again() -> None:
    refused = Outcome(
        "dam-b", Status.FAILED, "-32009: The node /fn/6C7D8E/node already exists", pending=["dam-b"]
    )
    result = ApplyResult(plan(), [Outcome("dam-a", Status.APPLIED), refused], plan())
    with pytest.raises(ApplyError) as raised:
        result.raise_if_incomplete()
    assert str(raised.value) == (
        "apply did not finish: deal with the errors above, then run it again (nothing applied is lost)"
    )
    lost = Outcome("dam-b", Status.FAILED, "503", unsure=["dam-b"])  # its answer was lost: a rerun converges
    with pytest.raises(ApplyError, match="run it again to converge"):
        ApplyResult(plan(), [lost], creation()).raise_if_incomplete()


def test_a_rollout_halted_by_a_broken_assumption_asks_for_it_to_be_dealt_with_before_a_rerun() -> None:
    """What a rerun does depends on what the platform kept: its plan says, not a promise here."""
    halted = Outcome(
        "t", Status.FAILED, "created as /x, not as /y", halt="t: the platform did not keep an id"
    )
    result = ApplyResult(plan(), [halted, Outcome("u", Status.NOT_STARTED)], None, stopped=halted.halt)
    with pytest.raises(ApplyError) as raised:
        result.raise_if_incomplete()
    assert str(raised.value) == (
        "rollout stopped: t: the platform did not keep an id; 1 not started: deal with what it names above "
        "before running it again (`iotplan plan` shows what a rerun would do)"
    )


def test_a_stopped_rollout_exits_one_counting_what_was_not_started() -> None:
    outcomes = [
        Outcome("a", Status.FAILED),
        Outcome("b", Status.NOT_STARTED),
        Outcome("c", Status.NOT_STARTED),
    ]
    with pytest.raises(ApplyError) as raised:
        ApplyResult(plan(), outcomes, None, stopped="a canary failed").raise_if_incomplete()
    assert str(raised.value) == "rollout stopped: a canary failed; 2 not started: run it again to continue"


def test_a_gateway_left_waiting_makes_the_apply_incomplete() -> None:
    waiting = plan(
        gateway_change("thread-north", Action.PENDING, Cause.GATEWAY_ASLEEP, "asleep"),
        gateway_change("thread-south", Action.REFUSED, Cause.GATEWAY_MISMATCH, "serial 1 is not 2"),
        change("dam-a", Action.NOOP, "in sync"),
    )
    with pytest.raises(ApplyError) as raised:
        refuse_incomplete(waiting)
    assert str(raised.value) == (
        "apply is incomplete; these gateways were not changed:\n"
        "  thread-north/edge: pending: asleep\n  thread-south/edge: refused: serial 1 is not 2"
    )
    with pytest.raises(ApplyError):
        ApplyResult(plan(), [], waiting).raise_if_incomplete()
    with pytest.raises(ApplyError):
        ApplyResult(waiting, [], None).raise_if_incomplete()
    refuse_incomplete(plan(change("dam-a", Action.NOOP, "in sync")))


def held(address: str, reason: str) -> Change:
    return change(address, Action.PENDING, reason, cause=Cause.PORT_UNCONFIRMED)


def test_thread_entities_held_for_an_unconfirmed_port_are_not_called_gateways() -> None:
    """The gateway itself may have been written: only the logger on its unconfirmed port waits."""
    only_held = plan(
        held("thr/vw", "not on the platform; held, not created: port 3 is not confirmed"),
        held("thr/vw/t1", "not on the platform; held with thr/vw, whose port is not confirmed"),
    )
    with pytest.raises(ApplyError) as raised:
        refuse_incomplete(only_held)
    assert str(raised.value) == (
        "apply is incomplete; these THREAD loggers and sensors were held, not created:\n"
        "  thr/vw: pending: not on the platform; held, not created: port 3 is not confirmed\n"
        "  thr/vw/t1: pending: not on the platform; held with thr/vw, whose port is not confirmed"
    )
    both = plan(
        gateway_change("thread-north", Action.PENDING, Cause.GATEWAY_ASLEEP, "asleep"),
        held("thread-north/vw", "held, not created: port 3 is not confirmed (the gateway is asleep)"),
    )
    with pytest.raises(ApplyError) as raised:
        refuse_incomplete(both)
    assert str(raised.value) == (
        "apply is incomplete; these gateways were not changed:\n  thread-north/edge: pending: asleep\n"
        "these THREAD loggers and sensors were held, not created:\n"
        "  thread-north/vw: pending: held, not created: port 3 is not confirmed (the gateway is asleep)"
    )


def test_a_plan_with_only_waiting_gateways_is_incomplete_before_anything_is_asked(platform: Platform) -> None:
    waiting = plan(gateway_change("thread-north", Action.PENDING, Cause.GATEWAY_UNREACHABLE, "no answer"))
    prepared = PreparedApply(desired(), ApplyRequest(), waiting, saved=False)
    asked: list[str] = []
    result = platform.run(
        lambda target: run_apply(target, prepared, {}, confirm=lambda: asked.append("asked"))
    )
    assert asked == [] and result.after is waiting  # nothing sent, the gateway reported, then exit 1:
    assert [(outcome.connection, outcome.status, outcome.calls) for outcome in result.outcomes] == [
        ("thread-north/edge", Status.PENDING, 0)
    ]
    with pytest.raises(ApplyError, match="thread-north/edge: pending: no answer"):
        result.raise_if_incomplete()


# --- guards before the first write ---------------------------------------------------------------------
def test_a_removal_of_history_is_refused_before_confirmation_and_writes_nothing(platform: Platform) -> None:
    platform.apply()
    platform.record_observations("site:dam-a/logger-1/air", 1)
    dropped = FLEET.replace(AIR, "", 1)
    with pytest.raises(IotplanError, match="dam-a/logger-1/air: 1 observation"):
        platform.apply(dropped)
    prepared = platform.prepare(dropped)
    assert [(c.address, c.action) for c in prepared.plan.writes] == [("dam-a/logger-1/air", Action.REMOVE)]


def test_the_users_permission_reaches_the_guard(platform: Platform) -> None:
    platform.apply()
    result, _ = platform.apply(
        FLEET.replace(AIR, "", 1), ApplyRequest(permissions=Permissions(allow_destroy=True))
    )
    assert result.succeeded and result.after is not None and not result.after.summary.has_changes


def data_arriving(platform: Platform, ref_id: str, count: int) -> Callable[[], None]:
    """A confirmation during which a sensor reports: a reviewer taking their time at the prompt.
    The platform is written from another thread, as the apply's own loop is waiting on the prompt."""

    def confirm() -> None:
        arriving = threading.Thread(target=platform.record_observations, args=(ref_id, count))
        arriving.start()
        arriving.join()

    return confirm


def apply_confirmed_by(
    platform: Platform, text: str, confirm: Callable[[], None], request: ApplyRequest = PLAIN
):
    async def work(target: Target) -> ApplyResult:
        prepared = await prepare_apply(target, desired(text), request, {})
        assert [(c.address, c.observations) for c in prepared.plan.writes if c.action.destroys] == [
            ("dam-a/logger-1/air", 0)
        ]
        return await run_apply(target, prepared, {}, confirm=confirm)

    return platform.run(work)


@pytest.mark.parametrize("allow_destroy", [False, True])
def test_observations_arriving_while_the_prompt_is_open_stop_the_removal_before_any_write(
    platform: Platform, allow_destroy: bool
) -> None:
    platform.apply()
    dropped = FLEET.replace(AIR, "", 1)
    request = ApplyRequest(permissions=Permissions(allow_destroy=allow_destroy))
    with pytest.raises(StalePlanError) as refused:
        apply_confirmed_by(platform, dropped, data_arriving(platform, "site:dam-a/logger-1/air", 40), request)
    assert str(refused.value) == (
        "the platform changed since the plan was made: remove dam-a/logger-1/air: it would "
        "destroy 40 observations, none when reviewed. Nothing was written: run iotplan apply again to "
        "review the plan as it is now"
    )
    [kept] = platform.prepare(dropped).plan.writes  # still there, with what it recorded
    assert (kept.address, kept.action, kept.observations) == ("dam-a/logger-1/air", Action.REMOVE, 40)


class ReadsBeforeWrites:
    """The platform's client, naming the reads sent since `mark` until its first write."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.reads: list[str] = []
        self.writing = False

    def mark(self) -> None:
        self.reads.clear()

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.client, name)
        if not inspect.iscoroutinefunction(method):
            return method

        async def named(*args: Any, **kwargs: Any) -> Any:
            self.writing = self.writing or name == "integrate"
            if not self.writing:
                self.reads.append(name)
            return await method(*args, **kwargs)

        return named


def test_a_removal_whose_count_stood_still_at_the_prompt_goes_ahead_reading_only_its_connection(
    platform: Platform,
) -> None:
    platform.apply()
    platform.record_observations("site:dam-b/logger-1/air", 5)  # not what is removed
    clients: list[ReadsBeforeWrites] = []

    def watched(client: Any) -> ReadsBeforeWrites:
        clients.append(ReadsBeforeWrites(client))
        return clients[-1]

    result = platform.run(
        lambda target: apply_confirmed_by_now(target, FLEET.replace(AIR, "", 1), clients[0].mark), watched
    )
    assert result.succeeded and result.after is not None and not result.after.summary.has_changes
    assert clients[0].reads == ["get_integration"]  # dam-a's, once: the counts came with it


def test_where_rest_counts_no_sensor_its_count_is_read_again_through_json_rpc(
    platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Left uncounted, the removal would be refused as no longer countable."""
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "no-observation-counts")
    platform.apply()
    assert apply_confirmed_by(platform, FLEET.replace(AIR, "", 1), lambda: None).succeeded


def test_where_rest_counts_no_sensor_data_arriving_at_the_prompt_is_still_seen(
    platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "no-observation-counts")
    platform.apply()
    confirm = data_arriving(platform, "site:dam-a/logger-1/air", 3)
    with pytest.raises(StalePlanError, match="it would destroy 3 observations, none when reviewed"):
        apply_confirmed_by(platform, FLEET.replace(AIR, "", 1), confirm)


async def apply_confirmed_by_now(target: Target, text: str, confirm: Callable[[], None]) -> ApplyResult:
    prepared = await prepare_apply(target, desired(text), PLAIN, {})
    return await run_apply(target, prepared, {}, confirm=confirm)


# --- removals counted again just before each unit's writes ------------------------------------------
WAVES_OF_ONE = ApplyRequest(parallelism=1, rollout=Rollout(batch_size=1))  # dam-a, then dam-b
NO_AIR = FLEET.replace(AIR, "")  # both loggers' air sensors removed: one in each wave


class ArrivingAfterTheFirstWave:
    """The platform's client, naming every call; once the first wave's write is answered, `arrive`
    runs: a sensor reporting while a rollout goes on."""

    def __init__(self, client: Any, arrive: Callable[[], None]) -> None:
        self.client, self.arrive = client, arrive
        self.calls: list[str] = []

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.client, name)
        if not inspect.iscoroutinefunction(method):
            return method

        async def named(*args: Any, **kwargs: Any) -> Any:
            self.calls.append(name)
            answer = await method(*args, **kwargs)
            if name == "integrate" and self.calls.count("integrate") == 1:
                await asyncio.to_thread(self.arrive)
            return answer

        return named

    def between_the_waves(self) -> list[str]:
        first = self.calls.index("integrate")
        return self.calls[first + 1 : self.calls.index("integrate", first + 1)]


def rollout_with_data_arriving(
    platform: Platform, text: str, arrive: Callable[[], None], request: ApplyRequest = WAVES_OF_ONE
) -> tuple[ApplyResult, ArrivingAfterTheFirstWave]:
    clients: list[ArrivingAfterTheFirstWave] = []

    def watched(client: Any) -> ArrivingAfterTheFirstWave:
        clients.append(ArrivingAfterTheFirstWave(client, arrive))
        return clients[-1]

    result, _ = platform.apply(text, request, client=watched)
    return result, clients[0]


@pytest.mark.parametrize("allow_destroy", [False, True])
def test_observations_arriving_between_waves_stop_the_rollout_before_the_removal_they_fall_under(
    platform: Platform, allow_destroy: bool
) -> None:
    platform.apply()
    request = dataclasses.replace(WAVES_OF_ONE, permissions=Permissions(allow_destroy=allow_destroy))
    arrive = functools.partial(platform.record_observations, "site:dam-b/logger-1/air", 40)
    result, client = rollout_with_data_arriving(platform, NO_AIR, arrive, request)
    said = "remove dam-b/logger-1/air: it would destroy 40 observations, none when reviewed"
    assert [(o.connection, o.status, o.message) for o in result.outcomes] == [
        ("dam-a", Status.APPLIED, ""),
        ("dam-b", Status.NOT_STARTED, f"not started: {said}"),
    ]
    assert result.stopped == f"the platform changed during the rollout: {said}"
    assert client.calls.count("integrate") == 1
    with pytest.raises(ApplyError) as raised:
        result.raise_if_incomplete()
    assert str(raised.value) == (
        f"rollout stopped: the platform changed during the rollout: {said}; 1 not started: review a new "
        "plan (`iotplan plan`) before applying the rest: what a removal of this plan would destroy, or a "
        "data-model change would reread, is no longer what it showed"
    )
    [kept] = platform.prepare(NO_AIR).plan.writes  # still there, with what it recorded
    assert (kept.address, kept.action, kept.observations) == ("dam-b/logger-1/air", Action.REMOVE, 40)


def test_a_later_wave_is_read_again_only_where_it_removes_something(platform: Platform) -> None:
    platform.apply()
    result, client = rollout_with_data_arriving(platform, NO_AIR, lambda: None)
    assert result.succeeded and client.between_the_waves() == ["get_integration"]  # dam-b's
    platform.apply()  # the air sensors back; dam-a loses its air, dam-b is only renamed
    renamed = FLEET.replace(AIR, "", 1).replace("Dam B", "Dam B (north)")
    result, client = rollout_with_data_arriving(platform, renamed, lambda: None)
    assert result.succeeded and client.between_the_waves() == []


def test_a_later_wave_whose_removals_cannot_be_counted_again_is_not_written(platform: Platform) -> None:
    platform.apply()
    failing: list[str] = []

    def reads_fail_from_now() -> None:
        failing.append("get_integration")

    class Unreadable(ArrivingAfterTheFirstWave):
        async def get_integration(self, project_id: str, node_id: str) -> dict[str, Any]:
            if failing:
                raise PlatformError("503 Service Unavailable")
            return dict(await self.client.get_integration(project_id, node_id))

    result, _ = platform.apply(NO_AIR, WAVES_OF_ONE, client=lambda c: Unreadable(c, reads_fail_from_now))
    assert [(o.connection, o.status) for o in result.outcomes] == [
        ("dam-a", Status.APPLIED),
        ("dam-b", Status.NOT_STARTED),
    ]
    assert result.stopped == (
        "what dam-b's removals destroy could not be counted again before its writes: 503 Service Unavailable"
    )


def test_a_secret_unset_by_the_time_of_the_apply_is_refused_before_anything_is_asked(
    platform: Platform,
) -> None:
    token = plan(change("dam-a", Action.CREATE, "new", after={"name": "A", "auth_token": "${env:GONE}"}))
    prepared = PreparedApply(desired(), ApplyRequest(), token, saved=False)
    asked: list[str] = []
    with pytest.raises(IotplanError, match=r"^dam-a: auth_token \$\{env:GONE\} is not set"):
        platform.run(
            lambda target: run_apply(target, prepared, {"OTHER": "x"}, confirm=lambda: asked.append("asked"))
        )
    assert asked == []


def test_a_refused_confirmation_writes_nothing(platform: Platform) -> None:
    def refuse() -> None:
        raise IotplanError("apply cancelled")

    async def work(target: Target) -> ApplyResult:
        prepared = await prepare_apply(target, desired(), ApplyRequest(), {})
        return await run_apply(target, prepared, {}, confirm=refuse)

    with pytest.raises(IotplanError, match="apply cancelled"):
        platform.run(work)
    assert platform.prepare().plan.summary.add == 8


# --- gateways -------------------------------------------------------------------------------------------
EDGE = (ROOT / "examples" / "edge" / "site.yaml").read_text("utf-8")


def edge(text: str = EDGE) -> str:
    """The edge example, under this file's stack name (`load` names its file site.yaml)."""
    return text.replace("stack: edge", "stack: site")


def test_the_settings_of_each_thread_are_applied_as_a_unit_of_their_own(platform: Platform) -> None:
    result, _ = platform.apply(edge())
    assert [(o.connection, o.status) for o in result.outcomes] == [
        ("thread-north/edge", Status.APPLIED),
        ("thread-south/edge", Status.APPLIED),
        ("thread-portal/edge", Status.APPLIED),
    ]
    assert result.after is not None and not result.after.summary.has_changes


def test_a_setting_that_can_cut_a_gateway_off_is_written_only_when_allowed(platform: Platform) -> None:
    platform.apply(edge())
    cutting = edge(EDGE.replace("cloud_connection: true", "cloud_connection: false"))
    with pytest.raises(IotplanError, match="--allow-disconnect"):
        platform.apply(cutting)
    allowed = ApplyRequest(permissions=Permissions(allow_disconnect=True))
    result, _ = platform.apply(cutting, allowed)
    assert [(o.connection, o.status) for o in result.outcomes] == [("thread-portal/edge", Status.APPLIED)]
    assert result.after is not None and not result.after.summary.has_changes


class Counting:
    """The platform's client, counting the requests in flight at once."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.in_flight = 0
        self.most = 0

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.client, name)
        if not inspect.iscoroutinefunction(method):
            return method

        async def counted(*args: Any, **kwargs: Any) -> Any:
            self.in_flight += 1
            self.most = max(self.most, self.in_flight)
            try:
                return await method(*args, **kwargs)
            finally:
                self.in_flight -= 1

        return counted


def test_parallelism_one_sends_one_request_at_a_time_from_plan_to_verifying_read(platform: Platform) -> None:
    clients: list[Counting] = []

    def counting(client: Any) -> Counting:
        clients.append(Counting(client))
        return clients[-1]

    async def work(target: Target) -> ApplyResult:
        counted = dataclasses.replace(target, client=counting(target.client))
        prepared = await prepare_apply(counted, desired(), ApplyRequest(parallelism=1), {})
        return await run_apply(counted, prepared, {}, confirm=lambda: None)

    assert platform.run(work).succeeded
    assert clients[0].most == 1


class Recording:
    """The platform's client, recording every integrate body it sends."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.bodies: list[dict[str, Any]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client, name)

    async def integrate(self, project_id: str, body: dict[str, Any]) -> dict[str, Any]:
        self.bodies.append(body)
        return dict(await self.client.integrate(project_id, body))


def test_a_secret_is_resolved_from_the_environment_only_when_it_is_written(platform: Platform) -> None:
    text = FLEET.replace("name: Dam A", "name: Dam A\n        auth_token: ${env:DAM_A_TOKEN}")
    clients: list[Recording] = []

    def recording(client: Any) -> Recording:
        clients.append(Recording(client))
        return clients[-1]

    result, _ = platform.apply(text, environ={"DAM_A_TOKEN": "s3cret"}, client=recording)
    assert result.succeeded
    [dam_a] = [b["integration"] for b in clients[0].bodies if b["integration"].get("refId") == "site:dam-a"]
    assert dam_a["props"]["AUTH_TOKEN"] == "s3cret"


# --- saved plans ---------------------------------------------------------------------------------------
def saved_copy(plan_: Plan, tmp_path: Path) -> Plan:
    """The plan as `iotplan plan --out` saves it and `apply plan.json` reads it back."""
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan_to_dict(plan_)), encoding="utf-8")
    saved = read_saved_plan(str(path))
    assert saved is not None
    return saved


def test_a_saved_plan_is_applied_without_asking_again(platform: Platform, tmp_path: Path) -> None:
    saved = saved_copy(platform.prepare().plan, tmp_path)
    result, confirmations = platform.apply(saved=saved)
    assert confirmations == [] and result.succeeded


def test_a_saved_plan_made_against_another_platform_is_refused(platform: Platform, tmp_path: Path) -> None:
    made = platform.prepare().plan
    other = dataclasses.replace(made, target_identity="https://iiot.example (api key)")
    with pytest.raises(StalePlanError) as raised:
        platform.prepare(saved=saved_copy(other, tmp_path))
    here = made.target_identity
    assert here.startswith("embedded:")
    assert str(raised.value) == (
        f"this plan was made against https://iiot.example (api key), not against the current target {here}: "
        "plan again against this target (or point iotplan at the one the plan was made for)"
    )


def test_a_saved_plan_without_a_recorded_identity_is_checked_against_its_target(platform: Platform) -> None:
    made = platform.prepare().plan
    platform.prepare(saved=dataclasses.replace(made, target_identity=""))
    with pytest.raises(StalePlanError, match="made against elsewhere, not against"):
        platform.prepare(saved=dataclasses.replace(made, target_identity="", target="elsewhere"))


REAL = {"IOTPLAN_ENDPOINT": "https://iiot.example", "IOTPLAN_API_KEY": "k"}


def made_through(rpc: str, tmp_path: Path) -> Plan:
    """A plan saved against REAL with its JSON-RPC at `rpc` (format 1.5), read back as apply reads it."""
    made = dataclasses.replace(plan(), target_identity="https://iiot.example", target_rpc_endpoint=rpc)
    return saved_copy(made, tmp_path)


def test_a_saved_plan_made_through_another_json_rpc_endpoint_is_refused(tmp_path: Path) -> None:
    saved = made_through("ws://127.0.0.1:18241", tmp_path)
    elsewhere = {**REAL, "IOTPLAN_RPC_ENDPOINT": "ws://127.0.0.1:18249/"}
    with pytest.raises(StalePlanError) as raised:
        refuse_other_target_unopened(saved, TargetOptions(), elsewhere)
    assert str(raised.value) == (
        "this plan was made against https://iiot.example with its JSON-RPC API at ws://127.0.0.1:18241, not "
        "at ws://127.0.0.1:18249 as now: give --endpoint https://iiot.example --rpc-endpoint "
        "ws://127.0.0.1:18241 (or set IOTPLAN_RPC_ENDPOINT to it), or plan again against this target"
    )
    given = TargetOptions(endpoint="https://iiot.example", rpc_endpoint="ws://127.0.0.1:18241/")
    refuse_other_target_unopened(saved, given, elsewhere)

    async def opened() -> None:
        async with open_target(TargetOptions(), elsewhere) as target:  # nothing is sent
            refuse_other_target(saved, target)

    with pytest.raises(
        StalePlanError, match=r"JSON-RPC API at ws://127\.0\.0\.1:18241, not at ws://127\.0\.0\.1:18249"
    ):
        asyncio.run(opened())


def test_a_saved_plan_made_through_a_given_json_rpc_endpoint_is_refused_where_none_is_given(
    tmp_path: Path,
) -> None:
    """Applied where IOTPLAN_RPC_ENDPOINT is unset (another CI step), the JSON-RPC API is the one
    the REST endpoint implies: not the one the plan's counts came through."""
    saved = made_through("ws://127.0.0.1:18241", tmp_path)
    with pytest.raises(StalePlanError) as raised:
        refuse_other_target_unopened(saved, TargetOptions(), REAL)
    assert "with its JSON-RPC API at ws://127.0.0.1:18241, not at wss://iiot.example" in str(raised.value)


def test_a_saved_plan_recording_a_json_rpc_endpoint_is_refused_where_json_rpc_is_in_process(
    tmp_path: Path,
) -> None:
    """The embedded platform answers JSON-RPC in-process: a plan that records an endpoint for it
    (edited) was not made there, whatever its identity says."""
    db = tmp_path / "sim.db"
    edited = dataclasses.replace(
        plan(), target_identity=f"embedded:{db.resolve()}", target_rpc_endpoint="ws://127.0.0.1:18241"
    )
    saved = saved_copy(edited, tmp_path)
    with pytest.raises(StalePlanError) as raised:
        refuse_other_target_unopened(saved, TargetOptions(sim_db=db), {})
    assert "with its JSON-RPC API at ws://127.0.0.1:18241, not at none as now" in str(raised.value)


def test_a_saved_plan_from_before_json_rpc_was_recorded_is_checked_by_its_rest_endpoint(
    tmp_path: Path,
) -> None:
    older = dataclasses.replace(
        plan(), target_identity="https://iiot.example", format_version="1.4", read_at=None
    )
    saved = saved_copy(older, tmp_path)
    assert saved.target_rpc_endpoint == ""
    refuse_other_target_unopened(
        saved, TargetOptions(), {**REAL, "IOTPLAN_RPC_ENDPOINT": "ws://127.0.0.1:1/"}
    )


def test_a_saved_plan_that_records_no_json_rpc_is_refused_where_one_is_given(tmp_path: Path) -> None:
    """From 1.5 a plan records its JSON-RPC, null for none: null edited in kept REST's check alone."""
    saved = made_through("", tmp_path)
    with pytest.raises(StalePlanError) as raised:
        refuse_other_target_unopened(
            saved, TargetOptions(), {**REAL, "IOTPLAN_RPC_ENDPOINT": "ws://127.0.0.1:1/"}
        )
    assert str(raised.value).startswith(
        "this plan was made against https://iiot.example without a JSON-RPC API, not with one at ws://127.0.0.1:1"
    )


def test_a_saved_plan_made_on_a_thread_is_refused_here_saying_where_to_apply_it(platform: Platform) -> None:
    made = dataclasses.replace(platform.prepare().plan, target_identity="thread:4A1B2C")
    with pytest.raises(StalePlanError) as raised:
        platform.prepare(saved=made)
    assert str(raised.value).startswith(
        "this plan was made against thread:4A1B2C, not against the current target"
    )
    assert str(raised.value).endswith(
        ": it was made on a THREAD: apply it there with `iotplan apply --on-device`"
    )


def test_a_saved_plan_whose_manifest_changed_is_stale(platform: Platform) -> None:
    made = platform.prepare().plan
    changed = dataclasses.replace(made, manifest=ManifestSource("site.yaml", "sha256:other"))
    with pytest.raises(StalePlanError, match=r"the manifest site\.yaml changed since the plan was made"):
        platform.prepare(saved=changed)


def test_a_saved_plan_whose_stack_was_renamed_is_stale_before_the_platform_is_read(
    platform: Platform,
) -> None:
    """Planned again, the renamed stack would be refused for reasons of its own (it finds nothing
    by its refIds): not why this plan cannot be applied."""
    platform.apply()
    saved = platform.prepare(FLEET.replace("Dam A", "Dam A (north)")).plan
    clients: list[ReadsBeforeWrites] = []

    def watched(client: Any) -> ReadsBeforeWrites:
        clients.append(ReadsBeforeWrites(client))
        return clients[-1]

    renamed = FLEET.replace("Dam A", "Dam A (north)").replace("stack: site", "stack: site-prod")
    with pytest.raises(StalePlanError) as raised:
        platform.run(lambda target: prepare_apply(target, desired(renamed), PLAIN, {}, saved), watched)
    assert str(raised.value).startswith(  # then where apply read it (apply/stale.py `_where_read`)
        "the manifest site.yaml changed since the plan was made: run iotplan plan again"
    )
    assert clients[0].reads == []


def test_a_saved_plan_goes_stale_when_the_platform_moved_under_it(platform: Platform) -> None:
    saved = platform.prepare().plan
    platform.apply(manifest(DAM_A))
    with pytest.raises(StalePlanError, match=r"the platform changed since the plan was made \(dam-a, "):
        platform.apply(saved=saved)


def test_a_saved_plan_is_applied_with_the_selection_it_was_made_with(platform: Platform) -> None:
    saved = platform.prepare(request=ApplyRequest(options=PlanOptions(targets=("dam-b",)))).plan
    prepared = platform.prepare(saved=saved)
    # `reviewed`: planned again to apply a saved plan (refusals then say "plan again", never a flag).
    assert prepared.saved and prepared.request.options == PlanOptions(targets=("dam-b",), reviewed=True)
    assert {c.connection for c in prepared.plan.writes} == {"dam-b"}
    result, _ = platform.apply(saved=saved)
    assert [o.connection for o in result.outcomes] == ["dam-b"]


def test_a_saved_plan_keeps_the_permissions_and_rollout_given_now(platform: Platform) -> None:
    saved = platform.prepare().plan
    request = ApplyRequest(PlanOptions(), 3, Permissions(allow_destroy=True), Rollout(canary=1))
    prepared = platform.prepare(request=request, saved=saved)
    assert prepared.request == dataclasses.replace(
        request, options=dataclasses.replace(saved.options, reviewed=True)
    )


def test_a_plan_made_now_is_not_a_saved_one(platform: Platform) -> None:
    assert platform.prepare().saved is False


def test_a_manifest_path_is_not_read_as_a_saved_plan(tmp_path: Path) -> None:
    path = tmp_path / "site.yaml"
    path.write_text(FLEET, encoding="utf-8")
    assert read_saved_plan(str(path)) is None


def test_a_path_that_is_not_there_is_said_to_be_neither_plan_file_nor_manifest(tmp_path: Path) -> None:
    """Nothing tells which it was meant to be, so the error names both."""
    with pytest.raises(IotplanError, match=r"missing\.json: cannot read the plan file or manifest"):
        read_saved_plan(str(tmp_path / "missing.json"))


def test_a_json_file_that_says_a_format_version_but_is_no_plan_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text('{"format_version": "1.0", "hello": 1}', encoding="utf-8")
    with pytest.raises(IotplanError, match=r"other\.json: not a plan saved by `iotplan plan --out`"):
        read_saved_plan(str(path))


@pytest.mark.parametrize("name", ["tfplan", "PLAN.JSON", "merged.plan", "plan.yaml"])
def test_a_saved_plan_is_told_by_its_content_whatever_its_name(name: str, tmp_path: Path) -> None:
    """`plan --out` takes any name, and says `apply it with iotplan apply NAME`."""
    path = tmp_path / name
    path.write_text(plan_to_json(plan()), encoding="utf-8")
    assert read_saved_plan(str(path)) == plan()


@pytest.mark.parametrize(
    "layout", [{"indent": 2}, {"sort_keys": True}, {}], ids=["indented", "jq -S", "one line"]
)
def test_a_manifest_written_in_json_is_applied_as_a_manifest(layout: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "site.json"
    path.write_text(json.dumps(yaml.safe_load(FLEET), **layout), encoding="utf-8")
    assert read_saved_plan(str(path)) is None


def test_a_drift_report_given_to_apply_is_pointed_to_show(tmp_path: Path) -> None:
    path = tmp_path / "drift.json"
    path.write_text(render_drift_json(drifts.SCENARIOS["fleet"]()), encoding="utf-8")
    with pytest.raises(IotplanError, match=r"drift\.json is a drift report .*`iotplan show .*drift\.json`"):
        read_saved_plan(str(path))


@pytest.mark.parametrize("piped", ["path", "vars_file", "sites_file"])
def test_a_plan_made_from_stdin_is_refused_before_stdin_is_read(piped: str, tmp_path: Path) -> None:
    """`iotplan plan - --out p.json`: stdin cannot be read again to re-make the plan; an apply
    reading it would wait on a terminal, or read whatever is piped to it."""
    inputs = {"path": "site.yaml.j2", "vars_file": None, "sites_file": None, piped: "-"}
    saved = dataclasses.replace(plan(), manifest=ManifestSource(digest="d", **inputs))
    with pytest.raises(IotplanError, match=r"p\.json: its .* came from standard input"):
        refuse_missing_inputs(saved, "p.json")


def test_a_plan_saved_by_a_newer_iotplan_is_refused_before_anything_is_read(tmp_path: Path) -> None:
    """Read line by line as `plan --out` lays it out, as an apply reads it."""
    path = tmp_path / "plan.json"
    text = plan_to_json(plan())
    path.write_text(text.replace(f'"format_version": "{FORMAT_VERSION}"', '"format_version": "1.99"', 1))
    with pytest.raises(IotplanError, match=r"plan\.json: .*format_version 1\.99 is newer than this iotplan"):
        read_saved_plan(str(path))


def test_a_saved_plan_is_re_made_from_its_own_manifest_and_template_inputs() -> None:
    saved = dataclasses.replace(plan(), manifest=ManifestSource("t.yaml.j2", "d", "vars.yaml", "sites.yaml"))
    assert saved_plan_input(saved) == ManifestInput("t.yaml.j2", "vars.yaml", "sites.yaml")


# --- the rollout and interruptions -------------------------------------------------------------------
class Failing:
    """The platform's client, whose integrate of one new connection does something else first."""

    def __init__(self, client: Any, ref_id: str, instead: Callable[[], Awaitable[None]]) -> None:
        self.client, self.ref_id, self.instead = client, ref_id, instead

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client, name)

    async def integrate(self, project_id: str, body: dict[str, Any]) -> dict[str, Any]:
        if body["integration"].get("refId") == self.ref_id:
            await self.instead()
        return dict(await self.client.integrate(project_id, body))


async def fail() -> None:
    raise PlatformError("500 boom")


def test_a_failed_canary_stops_the_rollout_and_the_rest_is_reported_not_started(platform: Platform) -> None:
    request = ApplyRequest(rollout=Rollout(canary=1))
    failing = lambda client: Failing(client, "site:dam-a", fail)  # noqa: E731
    result, _ = platform.apply(request=request, client=failing)
    assert result.stopped == "a canary failed (1 of the first 1 units)"
    assert [(o.connection, o.status) for o in result.outcomes] == [
        ("dam-a", Status.FAILED),
        ("dam-b", Status.NOT_STARTED),
    ]
    assert result.outcomes[1].message == "not started: a canary failed (1 of the first 1 units)"
    assert result.outcomes[1].pending == [
        "dam-b",
        "dam-b/logger-1",
        "dam-b/logger-1/pz-1",
        "dam-b/logger-1/air",
    ]
    with pytest.raises(ApplyError, match=r"rollout stopped: a canary failed .*; 1 not started"):
        result.raise_if_incomplete()


def test_a_stopped_rollout_whose_verifying_read_failed_reports_both_from_the_apply(
    platform: Platform,
) -> None:
    request = ApplyRequest(rollout=Rollout(canary=1))
    failing = lambda client: FailingAfterWrites(Failing(client, "site:dam-a", fail))  # noqa: E731
    result, _ = platform.apply(request=request, client=failing)
    assert (result.stopped, result.verify_error) == (
        "a canary failed (1 of the first 1 units)",
        f"503 Service Unavailable ({AGAIN})",
    )
    assert [(o.connection, o.status) for o in result.outcomes] == [
        ("dam-a", Status.FAILED),
        ("dam-b", Status.NOT_STARTED),
    ]
    with pytest.raises(ApplyError) as raised:
        result.raise_if_incomplete()
    assert str(raised.value) == (
        "rollout stopped: a canary failed (1 of the first 1 units); 1 not started: run it again to continue"
        f"\nThe verifying plan failed: 503 Service Unavailable ({AGAIN})"
    )


def test_once_failures_exceed_the_budget_no_further_unit_starts(platform: Platform) -> None:
    request = ApplyRequest(parallelism=1, rollout=Rollout(max_failures=FailureBudget(0)))
    failing = lambda client: Failing(client, "site:dam-a", fail)  # noqa: E731
    result, _ = platform.apply(request=request, client=failing)
    assert [(o.connection, o.status) for o in result.outcomes] == [
        ("dam-a", Status.FAILED),
        ("dam-b", Status.NOT_STARTED),
    ]
    assert result.stopped == "1 failures exceed --max-failures 0 (0 of 2 allowed)"


def test_a_failure_within_a_percentage_budget_lets_the_rollout_go_on(platform: Platform) -> None:
    request = ApplyRequest(parallelism=1, rollout=Rollout(max_failures=FailureBudget(50, percent=True)))
    failing = lambda client: Failing(client, "site:dam-a", fail)  # noqa: E731
    result, _ = platform.apply(request=request, client=failing)
    assert [(o.connection, o.status) for o in result.outcomes] == [
        ("dam-a", Status.FAILED),
        ("dam-b", Status.APPLIED),
    ]
    assert result.stopped == ""


def test_units_are_reported_in_plan_order_as_each_finishes(platform: Platform) -> None:
    finished: list[str] = []

    async def work(target: Target) -> ApplyResult:
        prepared = await prepare_apply(target, desired(), ApplyRequest(rollout=Rollout(batch_size=1)), {})
        return await run_apply(
            target, prepared, {}, confirm=lambda: None, on_done=lambda o: finished.append(o.connection)
        )

    result = platform.run(work)
    assert finished == ["dam-a", "dam-b"]
    assert [(o.connection, o.status) for o in result.outcomes] == [
        ("dam-a", Status.APPLIED),
        ("dam-b", Status.APPLIED),
    ]


def test_an_interrupted_apply_reports_what_was_applied_in_flight_and_not_started(platform: Platform) -> None:
    """Ctrl-C cancels the command's task while dam-b's call is in flight; dam-c waits its turn."""
    main: list[asyncio.Task[Any]] = []

    async def interrupt() -> None:
        main[0].cancel()
        await asyncio.sleep(60)

    async def work(target: Target) -> ApplyResult:
        main.append(asyncio.current_task())  # type: ignore[arg-type]
        prepared = await prepare_apply(
            target, desired(FLEET + connection("dam-c")), ApplyRequest(parallelism=1), {}
        )
        client = Failing(target.client, "site:dam-b", interrupt)
        return await run_apply(dataclasses.replace(target, client=client), prepared, {}, confirm=lambda: None)

    with pytest.raises(ApplyInterrupted) as raised:
        platform.run(work)
    report = raised.value.report
    assert isinstance(report, ApplyResult) and report.stopped == "interrupted"
    assert report.plan.summary.add == 9 and report.after is None
    assert [(o.connection, o.status) for o in report.outcomes] == [
        ("dam-a", Status.APPLIED),
        ("dam-b", Status.INTERRUPTED),
        ("dam-c", Status.NOT_STARTED),
    ]
    assert report.outcomes[1].message == "in flight when interrupted: outcome unknown"
    assert report.outcomes[1].unsure == [  # in flight: may or may not have been applied
        "dam-b",
        "dam-b/logger-1",
        "dam-b/logger-1/pz-1",
        "dam-b/logger-1/air",
    ]
    assert report.outcomes[1].pending == []
    assert report.outcomes[1].calls == 1  # its integrate call was sent: it is counted
    assert report.outcomes[2].message == "not started: interrupted"
    assert str(raised.value) == (
        "interrupted: connections and gateways: 1 applied, 1 in flight (outcome unknown), 1 not started, "
        "0 failed. Nothing applied is lost; run it again to converge (the plan is made from live state)"
    )


def connection(key: str) -> str:
    return f"      - key: {key}\n        name: {key}\n"


# --- shards ------------------------------------------------------------------------------------------------
DAM_A_SHARD, DAM_B_SHARD = Shard(2, 3), Shard(3, 3)  # shard_of("dam-a", 3) == 2, shard_of("dam-b", 3) == 3


def covering(*shards: int, count: int = 3) -> Plan:
    return dataclasses.replace(plan(), shard=Coverage(count, shards))


def test_a_plan_of_the_whole_manifest_is_not_applied_as_a_shard() -> None:
    assert saved_shard(plan(), None) is None
    with pytest.raises(IotplanError) as raised:
        saved_shard(plan(), DAM_A_SHARD)
    assert str(raised.value) == (
        "--shard 2/3: this plan was made without --shard and covers the whole manifest; "
        "apply it without --shard, or plan the shard with `iotplan plan --shard`"
    )


def test_a_merged_plan_is_not_applied_as_one_shard() -> None:
    with pytest.raises(IotplanError) as raised:
        saved_shard(covering(2, 3), None)
    assert str(raised.value) == "a merged plan is applied shard by shard (iotplan.commands.apply_merged)"


def test_a_shards_saved_plan_is_applied_in_that_shard_and_refused_in_another() -> None:
    assert saved_shard(covering(2), None) == DAM_A_SHARD
    assert saved_shard(covering(2), DAM_A_SHARD) == DAM_A_SHARD
    with pytest.raises(IotplanError) as raised:
        saved_shard(covering(2), DAM_B_SHARD)
    assert (
        str(raised.value) == "--shard 3/3: this plan covers shard 2/3; apply it with --shard 2/3, or without"
    )


def test_a_shards_saved_plan_is_planned_applied_and_verified_in_that_shard_only(platform: Platform) -> None:
    saved = platform.prepare(request=ApplyRequest(shard=DAM_A_SHARD)).plan
    prepared = platform.prepare(saved=saved)
    assert prepared.request.shard == DAM_A_SHARD
    assert {c.connection for c in prepared.plan.writes} == {"dam-a"}
    result, _ = platform.apply(saved=saved)
    assert [o.connection for o in result.outcomes] == ["dam-a"]
    assert result.after is not None and not result.after.summary.has_changes
    result.raise_if_incomplete()
    assert {c.connection for c in platform.prepare().plan.writes} == {"dam-b"}


def test_a_shards_plan_is_not_refused_for_a_mistake_in_another_shards_connections(platform: Platform) -> None:
    typo = manifest(DAM_A, DAM_B.replace("template: TEMPERATURE_SDE", "template: TEMPERATURE_SDX"))
    prepared = platform.prepare(typo, ApplyRequest(shard=DAM_A_SHARD))
    assert {c.connection for c in prepared.plan.writes} == {"dam-a"}
    with pytest.raises(IotplanError, match="unknown sensor template 'TEMPERATURE_SDX'"):
        platform.prepare(typo, ApplyRequest(shard=DAM_B_SHARD))


def test_a_shard_plans_the_removal_of_its_own_dropped_connections_only(platform: Platform) -> None:
    platform.apply()
    only_a = manifest(DAM_A)
    allowed = Permissions(allow_destroy=True)
    in_a = platform.prepare(only_a, ApplyRequest(shard=DAM_A_SHARD, permissions=allowed)).plan
    in_b = platform.prepare(only_a, ApplyRequest(shard=DAM_B_SHARD, permissions=allowed)).plan
    assert [(c.address, c.action) for c in in_a.writes] == []
    assert [(c.address, c.action) for c in in_b.writes] == [("dam-b", Action.REMOVE)]


def test_a_connection_adopted_by_id_in_one_shard_is_never_removed_by_the_shard_its_ref_id_names(
    platform: Platform,
) -> None:
    platform.apply()
    dam_a_id = platform.prepare().plan.changes[0].live_id
    adopted = manifest(DAM_B.replace("name: Dam B", f"name: Dam B\n        id: {dam_a_id}", 1))
    in_a = platform.prepare(adopted, ApplyRequest(shard=DAM_A_SHARD)).plan  # where site:dam-a's address falls
    assert [(c.address, c.action) for c in in_a.writes] == []


def test_a_saved_shard_plan_applied_with_another_shard_is_refused_before_planning(platform: Platform) -> None:
    saved = platform.prepare(request=ApplyRequest(shard=DAM_A_SHARD)).plan
    with pytest.raises(
        IotplanError, match=r"^--shard 3/3: this plan covers shard 2/3; apply it with --shard 2/3"
    ):
        platform.prepare(saved=saved, request=ApplyRequest(shard=DAM_B_SHARD))


def test_a_saved_plan_reads_its_only_removing_connection_again_just_before_its_write(
    platform: Platform,
) -> None:
    """A saved plan's check against a fresh read reads every connection it writes: under a rate limit,
    seconds pass after its removing one's read while observations arrive, so that one is read again
    just before its write (a confirmed plan's count reads the removing connections alone)."""
    platform.apply()
    last_air = FLEET.rindex(AIR)
    no_air_on_b = FLEET[:last_air] + FLEET[last_air + len(AIR) :]
    reviewed = platform.prepare(no_air_on_b).plan
    assert [(c.address, c.action) for c in reviewed.writes] == [("dam-b/logger-1/air", Action.REMOVE)]
    clients: list[ArrivingAfterTheFirstWave] = []

    def watched(client: Any) -> ArrivingAfterTheFirstWave:
        clients.append(ArrivingAfterTheFirstWave(client, lambda: None))
        return clients[-1]

    result, _ = platform.apply(no_air_on_b, saved=reviewed, client=watched)
    calls = clients[0].calls
    assert result.succeeded
    before_the_write = calls[: calls.index("integrate")]
    assert before_the_write[-1] == "get_integration"  # dam-b, again at the last
    assert before_the_write.count("get_integration") == 3  # dam-a and dam-b, then dam-b again
