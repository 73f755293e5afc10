"""iotplan plan/apply --on-device: run on a THREAD, plan and apply that THREAD's own settings.

The same manifest as for a remote apply: the THREAD asks its local API for its serial, finds its
node (`/fn/{serial}/node`) and plans only that node's `edge:` settings (plan/on_device.py). The
apply is the remote one with one unit: the same guards, confirmation, gateway push (apply/edge.py)
and unit runner, verified by planning again. No platform is read or written, so no credential is
needed: a timer on the gateway pulls git and runs it (docs/edge.md).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from iotplan import __version__
from iotplan.apply.edge import Gateway, gateway_units
from iotplan.apply.outcome import ProgressCallback
from iotplan.apply.stale import check_not_stale, listed
from iotplan.apply.units import Unit
from iotplan.clients.errors import unknown_outcome
from iotplan.clients.local_gateway import LocalGateway
from iotplan.commands.apply import (
    ApplyRequest,
    ApplyResult,
    PreparedApply,
    apply_prepared,
    check_saved_inputs,
)
from iotplan.errors import GatewayUnavailable, IotplanError, SerialErred, SerialRefused, StalePlanError
from iotplan.live.gateways import ANSWERED_AN_ERROR, NO_ANSWER, NOT_A_SERIAL, read_gateway, reported_serial
from iotplan.plan.address import Address
from iotplan.plan.desired import DesiredEntity, DesiredState
from iotplan.plan.edge import desired_edge_settings
from iotplan.plan.model import Change, Kind, Plan, PlanOptions
from iotplan.plan.on_device import (
    made_on_device,
    on_device_plan,
    own_node,
    plan_again_command,
    still_the_thread,
    target_identity,
    thread_plan_command,
)
from iotplan.plan.props import shown_quoted
from iotplan.wording import clause


@dataclass(frozen=True)
class PreparedOnDevice:
    prepared: PreparedApply
    node: DesiredEntity  # this THREAD's node in the manifest
    serial: str  # as this THREAD reports it

    @property
    def plan(self) -> Plan:
        return self.prepared.plan


async def plan_on_device(gateway: LocalGateway, desired: DesiredState, options: PlanOptions) -> Plan:
    plan, _, _ = await _own_plan(gateway, desired, options)
    return plan


async def prepare_on_device(
    gateway: LocalGateway,
    desired: DesiredState,
    request: ApplyRequest,
    environ: Mapping[str, str],
    saved: Plan | None = None,
    device_flags: Sequence[str] = (),
) -> PreparedOnDevice:
    """A fresh plan of this THREAD; a saved one only if made on this THREAD and still true.
    `device_flags`: --on-device's options as given, which a refusal's step names this THREAD's plan with."""
    if saved is not None:
        _refuse_a_platform_plan(saved, device_flags)  # before the gateway or the manifest is read
        check_saved_inputs(saved, desired, environ)  # as on a platform, before the gateway is read
        request = ApplyRequest(saved.options, request.parallelism, request.permissions, request.rollout)
    plan, node, serial = await _own_plan(gateway, desired, request.options)
    if saved is not None:
        _refuse_other_thread(saved, serial, device_flags)
        _refuse_settings_read_otherwise(saved, plan, device_flags)
        check_not_stale(saved, plan)
    return PreparedOnDevice(PreparedApply(desired, request, plan, saved=saved is not None), node, serial)


async def run_on_device(
    gateway: LocalGateway,
    prepared: PreparedOnDevice,
    environ: Mapping[str, str],
    *,
    confirm: Callable[[], bool],
    on_done: ProgressCallback = lambda outcome: None,
    device_flags: Sequence[str] = (),
) -> ApplyResult:
    """`device_flags`: --on-device's options as given, which the THREAD's own plan is named with."""
    node, request = prepared.node, prepared.prepared.request
    gateways: dict[str, Gateway] = {node.address: Gateway(node.address, gateway.url, prepared.serial)}
    allow_disconnect = request.permissions.allow_disconnect
    # A write of unknown outcome names this THREAD's own plan: on a THREAD, a bare `iotplan plan`
    # would plan the embedded platform.
    own_plan = plan_again_command(prepared.plan, device_flags)
    client = gateway.client.telling(unknown_outcome(f"`{own_plan}` on this THREAD"))

    def units(plan: Plan) -> dict[str, Unit]:
        work = gateway_units(lambda _: client, gateways, plan, allow_disconnect=allow_disconnect)
        return {unit.name: unit for unit in work}

    return await apply_prepared(
        prepared.prepared,
        environ,
        units=units,
        replan=lambda: _verifying_plan(gateway, prepared, own_plan),
        confirm=confirm,
        on_done=on_done,
        read_again=lambda: plan_on_device(gateway, prepared.prepared.desired, request.options),
        again="iotplan apply --on-device",
    )


async def _verifying_plan(gateway: LocalGateway, prepared: PreparedOnDevice, own_plan: str) -> Plan:
    """The plan again, of the THREAD the apply was for (`prepared.serial`) and no other. A THREAD
    silent now (asleep; an update restarting its API) was written all the same: only this plan read
    nothing, and `own_plan` reads what the writes made once it answers."""
    desired, options = prepared.prepared.desired, prepared.prepared.request.options
    try:
        serial = await reported_serial(gateway.client, gateway.url)
    except GatewayUnavailable as error:
        raise IotplanError(
            f"{_silent(error, gateway)}, so that plan read nothing; `{own_plan}` shows what "
            f"the writes made {_when(error)}"
        ) from None
    plan, _, _ = await _own_plan(gateway, desired, options, applied_to=prepared.serial, serial=serial)
    return plan


async def _own_plan(
    gateway: LocalGateway,
    desired: DesiredState,
    options: PlanOptions,
    applied_to: str = "",
    serial: str = "",  # as the THREAD reported it, when already asked
) -> tuple[Plan, DesiredEntity, str]:
    serial = serial or await _serial(gateway)
    if applied_to:
        still_the_thread(desired, serial, applied_to)
    node = own_node(desired, serial)
    wanted = set(desired_edge_settings(node.edge)) if node.edge is not None else set()
    live = await read_gateway(gateway.client, gateway.url, serial, wanted)
    plan = on_device_plan(desired, node, live, options, target=gateway.description)
    # Named as a platform's plan is (commands/plan.py): an apply tells a file's edit from another
    # version's planning by it, and said "an iotplan of unknown version" of its own plan.
    return dataclasses.replace(plan, made_by=__version__), node, serial


async def _serial(gateway: LocalGateway) -> str:
    try:
        return await reported_serial(gateway.client, gateway.url)
    except GatewayUnavailable as error:
        if error.asleep or error.rate_limited:
            again = "when it wakes" if error.asleep else "later"
            raise IotplanError(
                f"{clause(str(error))}: nothing was read or written; run again {again}"
            ) from None
        opening = _opening(error, gateway)
        raise IotplanError(
            f"{opening}, so this machine's gateway cannot be known ({_why(error, opening)}). --on-device "
            "runs on the THREAD itself (its local API at http://localhost/api); to reach another, give "
            "--gateway-url"
        ) from None


def _silent(error: GatewayUnavailable, gateway: LocalGateway) -> str:
    """What a THREAD that gives no serial said, in one clause."""
    if error.asleep or error.rate_limited:
        return str(error)
    opening = _opening(error, gateway)
    return f"{opening} ({_why(error, opening)})"


def _when(error: GatewayUnavailable) -> str:
    if error.asleep:
        return "once it wakes"
    return "later" if error.rate_limited else "once it answers"


def _opening(error: GatewayUnavailable, gateway: LocalGateway) -> str:
    """How the error opens: a box that answered is said to, a 500 too, not told as silence."""
    if isinstance(error, SerialRefused):
        return NOT_A_SERIAL.format(host=gateway.url)
    return (ANSWERED_AN_ERROR if isinstance(error, SerialErred) else NO_ANSWER).format(host=gateway.url)


def _why(error: GatewayUnavailable, opening: str) -> str:
    """The reason alone: the error may open as the message does, and end a sentence."""
    return str(error).removeprefix(f"{opening}: ").rstrip(".")


def _plan_again_here(saved: Plan, device_flags: Sequence[str]) -> str:
    """The step of a saved plan this THREAD refuses: its own plan, naming the manifest `plan` takes."""
    return f"plan again here with `{thread_plan_command(saved, device_flags)}`"


def _refuse_a_platform_plan(saved: Plan, device_flags: Sequence[str]) -> None:
    """A plan made against a platform is judged by that first: whatever this THREAD and the
    manifest say (no node for its serial, say), the advice is to apply it where it was made."""
    if not made_on_device(saved):
        raise StalePlanError(
            f"this plan was made against {saved.target_identity or saved.target}, not on a THREAD: apply it "
            f"there with `iotplan apply` (without --on-device), or {_plan_again_here(saved, device_flags)}"
        )


def _refuse_other_thread(saved: Plan, serial: str, device_flags: Sequence[str]) -> None:
    if saved.target_identity != target_identity(serial):
        raise StalePlanError(
            f"this plan was made against {saved.target_identity or saved.target}, not on this THREAD "
            f"({target_identity(serial)}): {_plan_again_here(saved, device_flags)}"
        )


def _refuse_settings_read_otherwise(saved: Plan, fresh: Plan, device_flags: Sequence[str]) -> None:
    """Refuse a saved plan whose writes are the plan made now's but for what some gateway settings
    read before them: the THREAD reads otherwise now than the file says it did. A setting carries no
    fingerprint of the gateway's read (only its `before`), so nothing in the file tells a change of the
    gateway since from an edit of the file's `before` (and its line's, edited alike): both are said,
    where the platform's apply would tell only the gateway's (apply/stale.py `_changed_since`)."""
    otherwise = _read_otherwise(saved.writes, fresh.writes)
    if not otherwise:
        return
    said = [
        f"{address}: {before_now} now, {before_saved} in the file"
        for address, (before_now, before_saved) in otherwise.items()
    ]
    digest = f" (compare the digest above, {saved.file.digest}, with its review's)" if saved.file else ""
    raise StalePlanError(
        f"this THREAD reads otherwise now than the plan file says it did ({listed(said, '; ')}): either "
        "the gateway changed since the plan was made (in its web page, or by another writer), or the plan "
        f"file was edited{digest}: {_plan_again_here(saved, device_flags)}"
    )


def _read_otherwise(saved: Sequence[Change], fresh: Sequence[Change]) -> dict[Address, tuple[str, str]]:
    """By address, each gateway setting the saved plan writes as the plan made now does (the same
    action and values written) but read otherwise before (now, as saved); empty unless every other
    write is the same too: any other difference is apply/stale.py's to tell."""
    fresh_by_address = {change.address: change for change in fresh}
    if {change.address for change in saved} != fresh_by_address.keys():
        return {}
    otherwise: dict[Address, tuple[str, str]] = {}
    for change in saved:
        now = fresh_by_address[change.address]
        if _written(change) != _written(now):
            return {}
        if _read(change) != _read(now):
            if change.kind is not Kind.EDGE:
                return {}
            otherwise[change.address] = (_value(now), _value(change))
    return otherwise


def _written(change: Change) -> tuple[object, ...]:
    return (change.kind, change.action, change.after, tuple((f.path, f.after) for f in change.fields))


def _read(change: Change) -> tuple[object, ...]:
    return (change.before, tuple(field.before for field in change.fields))


def _value(change: Change) -> str:
    """A setting's reading as a plan shows it, quoted and masked (a token's is never shown)."""
    if any(field.sensitive for field in change.fields):
        return "(sensitive)"
    return shown_quoted((change.before or {}).get("value"))
