"""A connection's writes as a unit of apply work: one integrate call (more when split).

A connection is applied, failed (with the platform's own message), or not started; a write whose
answer was a 5xx, unreadable or lost may or may not have been made (its entities are unsure), and
so may one interrupted. A call is not documented to be all or nothing: one refused over an entry
is read back, and what the read shows made is applied (apply/refused.py). A replacement's removal is
read back before any call after it is sent: split over several calls, the re-creations wait for every
removal call to be read back, and a failure between them says which were removed, not created again.
A new connection's later calls go with the id the answer creating it names; named none, none is sent.
A call after the unit's first carrying removals (or a data-model change of a sensor shown holding no
history) is sent only once counted again (`recount_check`): the calls before it took time in which
sensors report and others write. So is any such call sent again after a 429 (or a connection never
made): the platform's retry-after is time too (clients/retry.py `resend_guard`).
A rerun plans from live state and converges.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol

from iotplan.apply.bodies import (
    HeldProps,
    IntegrateCall,
    SecretResolver,
    connection_calls,
    held_form_refused,
    sent_as_they_stand,
)
from iotplan.apply.found import (
    expected_ref_ids,
    gives_ref_ids,
    not_kept_message,
    renames_not_found,
    serials_in,
    unconfirmed_message,
)
from iotplan.apply.outcome import Outcome, Status, not_started
from iotplan.apply.refused import (
    Settled,
    body_too_large,
    cleared_by_null,
    settle_refused_call,
    worth_reading_back,
)
from iotplan.apply.thread import is_thread_connection
from iotplan.apply.units import Unit
from iotplan.clients.errors import platform_said
from iotplan.clients.retry import Counted, Guard, HeldAfterCounts, Resending, resend_guard
from iotplan.clients.throttle import CountRead, counting, waits_counted
from iotplan.errors import IotplanError, PlatformError, WriteWithdrawn
from iotplan.plan.impact import ENTITIES_PER_CALL, DevicesSent, counted_again, devices_sent
from iotplan.plan.model import Action, Change, Kind, Plan
from iotplan.wording import counted, plural


@dataclass(frozen=True)
class Held:
    """Why a unit's next call is not sent, counted again (the rollout stops: the check says so)."""

    told: str  # what the unit's report says of it
    unreviewed: bool = False  # it now destroys or rereads history the plan did not show


# What the removals a call carries would now destroy, or its data-model changes reread, beyond what
# was reviewed, counted again just before it is sent (`counted_before_written`): a Held when it may
# not go, None when it may. The apply sets it around each unit's run (commands/apply.py `_JustBefore`,
# which counts before the unit's first call): its earlier calls may take minutes (a rate limit, many
# calls) while a sensor reports.
# `before`: what the count was to precede, as its failure says it ("its next call", "its call 2 of 3 was
# sent again").
RecountCheck = Callable[[list[Change], str], Awaitable[Held | None]]
recount_check: ContextVar[RecountCheck | None] = ContextVar("recount_check", default=None)
# The reads of the count the unit's first call goes on (when the first went and how long they took, on the
# throttle's clock: clients/retry.py `Guard.outdated`): read before the unit started (commands/apply.py
# `_JustBefore`), its age counts from there, not from the call's first attempt. None: no count read (the
# call's own).
first_count_read: ContextVar[CountRead | None] = ContextVar("first_count_read", default=None)


class _HeldBeforeResent(WriteWithdrawn):
    """A call answered 429 (nothing written), or whose connection could not be opened, not sent again;
    or one not sent yet whose unit waited since its count, not sent: counted again, it now takes more,
    or could not be counted. `resending`: what it met, or what held its unit."""

    def __init__(self, held: Held, resending: Resending) -> None:
        super().__init__(held.told)
        self.held, self.resending, self.sent = held, resending, resending.answered


class PlatformWriter(Protocol):
    async def integrate(self, project_id: str, body: dict[str, Any]) -> dict[str, Any]: ...
    async def get_integration(self, project_id: str, node_id: str) -> dict[str, Any]: ...
    async def list_nodes(self, project_id: str) -> list[dict[str, Any]]: ...


def writes_by_connection(plan: Plan) -> dict[str, list[Change]]:
    """Each connection's changes (no-ops kept: they carry the ids writes need), if it has writes, by
    the name of its unit of work. A connection is one key in one project: a key in two projects (the
    stack's connection left in a project whose manifest block no longer declares it) is two units,
    so neither's changes are ever sent, or read back, under the other's project id."""
    groups: dict[tuple[str, str], list[Change]] = {}
    for change in plan.changes:
        if change.kind is not Kind.EDGE:  # gateway settings go to the gateway (apply/edge.py)
            groups.setdefault((change.project_id, change.connection), []).append(change)
    writing = {
        where: changes
        for where, changes in groups.items()
        if any(c.action.writes for c in changes) and not is_thread_connection(changes)  # apply/thread.py
    }
    in_projects = Counter(connection for _, connection in writing)
    return {_unit_name(where, in_projects): changes for where, changes in writing.items()}


def _unit_name(where: tuple[str, str], in_projects: Counter[str]) -> str:
    """The connection's key; with its project where the key names units in several projects."""
    project_id, connection = where
    return connection if in_projects[connection] == 1 else f"{connection} (project {project_id})"


def platform_units(
    client: PlatformWriter,
    plan: Plan,
    resolve: SecretResolver,
    entities_per_call: int = ENTITIES_PER_CALL,
    held: HeldProps | None = None,
) -> list[Unit]:
    """`held`: the props the plan read of the entities it writes, which updates resend as they stand
    where they do not change them (bodies.py)."""

    def unit(name: str, changes: list[Change]) -> Unit:
        progress = not_started(name, changes)
        run = lambda: apply_connection(client, name, changes, resolve, progress, entities_per_call, held)  # noqa: E731
        return Unit(name, changes, run, finds_ref_ids=gives_ref_ids(changes), progress=progress)

    return [unit(name, changes) for name, changes in writes_by_connection(plan).items()]


async def apply_connection(
    client: PlatformWriter,
    connection: str,
    changes: list[Change],
    resolve: SecretResolver,
    outcome: Outcome | None = None,  # the unit's, filled in as it goes; a fresh one by default
    entities_per_call: int = ENTITIES_PER_CALL,
    held: HeldProps | None = None,
) -> Outcome:
    with waits_counted():  # a guarded call's count, read before its unit waited, is read again
        return await _applied(client, connection, changes, resolve, outcome, entities_per_call, held)


async def _applied(
    client: PlatformWriter,
    connection: str,
    changes: list[Change],
    resolve: SecretResolver,
    outcome: Outcome | None,
    entities_per_call: int,
    props_held: HeldProps | None,
) -> Outcome:
    outcome = outcome or not_started(connection, changes)
    project_id = changes[0].project_id
    node_id = next((c.live_id for c in changes if c.kind is Kind.NODE and c.live_id), None)
    seen: dict[str, str] = {}  # SERIAL_NO → id, over every answer
    sent = devices_sent(changes)  # asked of the calls, then of what they must leave findable
    try:
        calls = connection_calls(changes, resolve, entities_per_call, sent, props_held)
    except IotplanError as error:  # a body that must not be sent (bodies.py): none of them is
        outcome.status, outcome.message = Status.FAILED, str(error)
        return outcome
    for index, call in enumerate(calls):
        # the reads of the count the call goes on: the first call's, read as the unit started
        reads = first_count_read.get()
        if index:
            with counting() as reads:  # a later call's, just before it
                held = await _held_by_recount(call)
            if held is not None:
                return _held_before(outcome, held, index, len(calls))
        if call.integration.get("nodeId", "") is None:
            if node_id is None:  # the call creating the connection was answered without its id
                return _rest_not_sent(outcome, connection, changes, seen, len(calls) - index)
            call.integration["nodeId"] = node_id
        body = {"integration": call.integration}
        guarded = resend_guard.set(_resend_guard(call, f"its call {index + 1} of {len(calls)}", reads))
        try:
            write = partial(_integrate, client, project_id, body)
            answer = await outcome.send(write, call.changes, read_back=bool(call.confirm_removed))
        except _HeldBeforeResent as again:
            return _held_before(outcome, again.held, index, len(calls), again.resending)
        except HeldAfterCounts as outdated:
            return _held_after_counts(outcome, outdated, index, len(calls))
        except WriteWithdrawn as halted:  # the rollout halted while this call waited: not sent
            outcome.withdrawn(halted).tell_removed_not_recreated()
            return outcome
        except IotplanError as error:
            failed = await _failed(client, outcome, error, call, project_id, node_id)
            return _told_held_form(failed, error, call, changes, props_held)
        finally:
            resend_guard.reset(guarded)
        node_id = node_id or _created_node_id(answer)
        seen.update(serials_in(answer))
        if call.confirm_removed:
            not_gone = await _not_gone(client, call.confirm_removed, project_id, node_id)
            if not_gone:  # answered, not seen made: it may yet be
                outcome.answered_not_seen_made(call.confirm_removed)
                outcome.status, outcome.message = Status.FAILED, not_gone
                outcome.tell_removed_not_recreated()
                return outcome
            outcome.mark_half_done(call.confirm_removed)  # removed, not created again: an interrupt says so
    if outcome.pending:  # planned but in no call: never report it applied
        outcome.status, outcome.message = (
            Status.FAILED,
            "these changes could not be sent (a bug: please report it)",
        )
        return outcome
    made = expected_ref_ids(changes)
    lost, unread = await _lost(client, {**_kept_ref_ids(changes, sent), **made}, seen, project_id, node_id)
    if lost:
        unlooked = not seen and node_id is None  # nothing named, nothing to read back: unknown, not lost
        outcome.status = Status.FAILED
        # Unlooked, none is shown made: each may or may not be (never claimed applied).
        outcome.mark_unconfirmed(lost if unlooked else renames_not_found(lost, made))
        created_first = sorted(lost, key=lambda change: made.get(str(change.ref_id)) is not change)
        outcome.message = (
            _unchecked_message(created_first, unread) if unread else _lost_message(lost, made, unlooked)
        )
        outcome.halt = _refs_halt(connection, created_first[0], unread, unknown=unlooked or bool(unread))
        return outcome
    outcome.status = Status.APPLIED
    return outcome


def _told_held_form(
    outcome: Outcome, error: IotplanError, call: IntegrateCall, changes: list[Change], held: HeldProps | None
) -> Outcome:
    """A refusal over a prop an update resent as the platform holds it says why, and the step that
    lets it through in place of "run it again" (bodies.py `held_form_refused`)."""
    if not isinstance(error, PlatformError) or error.outcome_unknown:  # not a refusal of what was sent
        return outcome
    # The platform's message alone: iotplan's words around it (a project id in the URL) name no prop.
    why, step = held_form_refused(platform_said(error), call, changes, held or {})
    if why:
        outcome.message, outcome.first_step = f"{outcome.message.rstrip('.')}. {why}", step
    return outcome


async def _held_by_recount(call: IntegrateCall) -> Held | None:
    """Why this call may not be sent now (`recount_check`), if it may not."""
    check = recount_check.get()
    recounted = _recounted(call)
    return await check(recounted, "its next call") if check is not None and recounted else None


def _recounted(call: IntegrateCall) -> list[Change]:
    """What of the call is counted again before it is sent: its removals, its data-model changes."""
    return call.confirm_removed or counted_again(call.changes)


def _resend_guard(call: IntegrateCall, which: str, reads: CountRead | None) -> Guard | None:
    """For a call that destroys: before it is sent again (the platform's retry-after, or a connection
    never made, came after the count that let it go), or sent once its unit waited since that count (a
    429's pause held it) or the count is older than the pacing line's window, counted again; None for any
    other call, which is sent as it stands. `which`: the call, as a count that failed names it on its own
    (the rollout's reason quotes it). `reads`: its count's, where read (none: `Counted.now`)."""
    check, recounted = recount_check.get(), _recounted(call)
    if check is None or not recounted:
        return None

    async def counted_again_first(resending: Resending) -> None:
        held = await check(
            recounted, f"{which} was sent again" if resending.answered else f"{which} was sent"
        )
        if held is not None:
            raise _HeldBeforeResent(held, resending)

    return Guard(counted_again_first, Counted.now(reads))


def _held_before(
    outcome: Outcome, held: Held, index: int, calls: int, resending: Resending | None = None
) -> Outcome:
    """The unit stopped before a call, counted again (or not, the count failing): the calls before it
    stand, it and the rest are not sent (not applied). `resending`: what the call met when it was sent
    (a 429, a connection that could not be opened: nothing written), so it was not sent again; or,
    not sent yet, what held its unit since its count."""
    outcome.status, outcome.unreviewed = Status.FAILED, held.unreviewed
    stopped = _stopped_before(index, calls, resending)
    # A count that failed says so itself: "counted again just before" it would contradict.
    outcome.message = (
        f"{stopped}, counted again just before: {held.told}" if held.unreviewed else f"{stopped}: {held.told}"
    )
    outcome.tell_removed_not_recreated()
    return outcome


def _stopped_before(index: int, calls: int, resending: Resending | None) -> str:
    """ "stopped before sending" a call, and why: "again after" what an attempt that reached the
    platform met (not sent again), what kept one from leaving, or what held its unit since its count."""
    after, call = calls - index - 1, f"call {index + 1} of {calls}"
    if resending is not None and resending.answered:
        nor = f", nor the {counted(after, 'call')} after it" if after else ""
        return f"stopped before sending {call} again after {resending.after}: it was not sent again{nor}"
    unsent = f"it and the {counted(after, 'call')} after it were" if after else "it was"
    if resending is None:
        return f"stopped before {call}: {unsent} not sent"
    why = resending.after or f"{resending.held} since it was counted"
    return f"stopped before sending {call} ({why}): {unsent} not sent"


def _held_after_counts(outcome: Outcome, held: HeldAfterCounts, index: int, calls: int) -> Outcome:
    """The call's count was outdated again each time it was counted: not sent (again), nor the rest."""
    if held.resending is None:  # never attempted: as a call the rollout's halt withdrew
        which = f"{outcome.connection}'s call {index + 1} of {calls}"
        outcome.withdrawn(WriteWithdrawn(held.told(which)))
    else:
        outcome.status = Status.FAILED
        outcome.message = f"{_stopped_before(index, calls, held.resending)}: {held}"
    outcome.tell_removed_not_recreated()
    return outcome


async def _failed(
    client: PlatformWriter,
    outcome: Outcome,
    error: IotplanError,
    call: IntegrateCall,
    project_id: str,
    node_id: str | None,
) -> Outcome:
    """A call answered with an error: the connection failed, with the platform's message. A call
    is not documented to be all or nothing, so one refused over an entry is read back."""
    outcome.status, outcome.message = Status.FAILED, str(error)
    too_large = body_too_large(error, call)  # a 413: sent again alike, refused alike
    if too_large:
        outcome.message = f"{outcome.message.rstrip('.')}. {too_large}"
    settled = Settled("")
    if worth_reading_back(error, call.changes):
        # Until read back, what it kept is unknown: an interrupt meanwhile says so of the replacements
        # it was creating again, not that they stay removed.
        outcome.in_flight = call.changes
        settled = await settle_refused_call(client, outcome, error, call, project_id, node_id)
        outcome.in_flight = []
        outcome.message = f"{outcome.message.rstrip('.')}. {settled.said}"
    # Read back made whole, another writer (a concurrent apply) made what the call was to make: not
    # its content was refused, so the A2 hint would send the operator to check-platform astray.
    outcome.message += "" if settled.all_made else cleared_by_null(error, call, outcome)
    # A refused removal call's read back may show some of its removals made: removed, not replaced.
    kept = [change for change in call.confirm_removed if change.address in outcome.applied]
    outcome.mark_half_done(kept)
    outcome.tell_removed_not_recreated()
    return outcome


def _rest_not_sent(
    outcome: Outcome, connection: str, changes: list[Change], seen: dict[str, str], unsent: int
) -> Outcome:
    """The call that created the connection was answered without its id, so the calls after it
    cannot name it: sent with `nodeId` null, a platform may make a second connection of each (or
    refuse it). None is sent: their changes are not applied. Of the call's own, what its answer shows
    made is applied, and the rest may or may not be: without the id there is nothing to read back."""
    applied = set(outcome.applied)
    outcome.mark_unconfirmed([c for c in changes if c.address in applied and str(c.ref_id) not in seen])
    ref_id = next((change.ref_id for change in changes if change.kind is Kind.NODE), None)
    outcome.status, outcome.message = Status.FAILED, _unnamed_connection_message(outcome, ref_id, unsent)
    outcome.halt = (
        f"{connection}: the platform's answer to the call creating the connection named no connection id; "
        f"the {counted(unsent, 'call')} after it {plural('was', unsent)} not sent"
    )
    return outcome


def _unnamed_connection_message(outcome: Outcome, ref_id: str | None, unsent: int) -> str:
    shown, unsure = len(outcome.applied), len(outcome.unsure)
    rest = f"{counted(unsent, 'call')} carrying {counted(len(outcome.pending), 'change')}"
    return (
        "the platform's answer to the call creating the connection named no connection id, so the rest "
        f"was not sent: {rest}, not applied (a call without the connection's id could make a second "
        f"connection). Of the first call's {counted(shown + unsure, 'change')}, its answer shows {shown} "
        f"made; {unsure} may or may not be applied; the rollout stops here. Rerun `iotplan apply`: the "
        f"plan finds the connection by its refId {ref_id!r} and sends the rest with its id; if it plans the "
        "connection created again, the platform did not keep its refId: adopt the one made with `id: <its "
        "id>` in the manifest (`iotplan check-platform` says which assumption this platform breaks)"
    )


def _kept_ref_ids(changes: list[Change], sent: DevicesSent) -> dict[str, Change]:
    """The refIds updates leave in place: of the devices and sensors updated, and of the devices
    sent as they stand to reach their sensors (A2+; `sent`: the connection's `devices_sent`). A
    platform whose update drops SERIAL_NO loses them, and the next plan could not find those entities."""
    updated = [c for c in changes if c.action is Action.UPDATE and c.kind is not Kind.NODE and c.ref_id]
    standing = [c for c in sent_as_they_stand(sent) if c.live_ref_id]
    return {str(c.ref_id): c for c in updated} | {str(c.live_ref_id): c for c in standing}


async def _lost(
    client: PlatformWriter,
    expected: dict[str, Change],
    seen: dict[str, str],
    project_id: str,
    node_id: str | None,
) -> tuple[list[Change], str]:
    """What the writes must leave findable by refId (`expected`, refId → change) but cannot be
    found: in their answers, else in one read of the connection (an answer may carry only part of it).
    With why that read failed, if it did: then they are not checked, which is not lost."""
    missing = {ref_id: change for ref_id, change in expected.items() if ref_id not in seen}
    if not missing or node_id is None:
        return list(missing.values()), ""
    try:
        again = serials_in(await client.get_integration(project_id, node_id))
    except IotplanError as error:
        return list(missing.values()), str(error)
    return [change for ref_id, change in missing.items() if ref_id not in again], ""


def _refs_halt(connection: str, first: Change, unread: str, *, unknown: bool) -> str:
    """Why the rollout stops, naming the unit and what it found: said alike in a text report and a
    JSON one, which prints no unit's message "above" it."""
    kept = "could not check the refIds it was sent" if unknown else "did not keep a refId it was sent"
    why = f"; reading the connection back failed: {unread}" if unread else ""
    return f"{connection}: the platform {kept} (first: {first.address}, refId {first.ref_id!r}{why})"


def _unchecked_message(unchecked: list[Change], error: str) -> str:
    first = unchecked[0]
    return (
        f"the platform accepted the write, but whether it kept the refId of "
        f"{counted(len(unchecked), 'entity')} (first: {first.address}, refId {first.ref_id!r}) could not be "
        f"checked: its answer does not name them, and reading the connection back failed ({error}); the "
        "rollout stops here. Run `iotplan plan`: what the platform kept shows in sync"
    )


def _lost_message(lost: list[Change], made: dict[str, Change], unlooked: bool) -> str:
    if unlooked:
        return unconfirmed_message(lost)
    created = [change for change in lost if made.get(str(change.ref_id)) is change]
    updated = [change for change in lost if made.get(str(change.ref_id)) is not change]
    told = [not_kept_message(created)] if created else []
    return "; ".join([*told, _update_not_kept_message(updated)] if updated else told)


def _update_not_kept_message(lost: list[Change]) -> str:
    """Entities updated (or sent as they stand) that no longer carry their refId: nothing was
    created, so there is nothing to adopt, and where the update erased SERIAL_NO, no serial to
    adopt it by."""
    first = lost[0]
    return (
        f"the platform accepted the write but no longer shows the refId of {counted(len(lost), 'entity')} "
        f"it updated (first: {first.address}, refId {first.live_ref_id!r}) as its SERIAL_NO; iotplan "
        "finds entities again by refId (docs/api-assumptions.md, A1/A2), so the rollout stops here. "
        "Run `iotplan check-platform` to see which assumption this platform breaks; before the next "
        "apply, give each its refId back as SERIAL_NO in the iTwin IoT web app"
    )


async def _not_gone(
    client: PlatformWriter, removed: list[Change], project_id: str, node_id: str | None
) -> str:
    """Why a replacement may not be created again: its removal, though answered, is not seen made
    (a platform that removes later would then keep a copy, or remove the new entity by its refId).
    "" once the connection's read shows none of them."""
    names = ", ".join(change.address for change in removed)
    if node_id is None:
        return f"the removal was answered but cannot be read back (no connection id); {names} not re-created"
    try:
        serials = serials_in(await client.get_integration(project_id, node_id))
    except IotplanError as error:
        return f"the removal was answered but reading it back failed ({error}); {names} not re-created"
    still = [change.address for change in removed if change.live_ref_id in serials]
    if not still:
        return ""
    return (
        f"the removal was answered but {', '.join(still)} {plural('is', len(still))} still there; "
        "not re-created (the platform may remove later: creating now could make a second copy, or lose "
        "the new one to the late removal). Run `iotplan plan` once the removal is made: it plans the "
        "creation again"
    )


async def _integrate(client: PlatformWriter, project_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """The call's answer. One iotplan cannot read (`_unreadable`) came after the platform accepted
    the write: what it made is unknown, so the call's changes may or may not have been applied."""
    answer = await client.integrate(project_id, body)
    unreadable = _unreadable(answer)
    if unreadable:
        raise PlatformError(
            f"the integrate call (POST .../integrations/integrate) was accepted, but answered {unreadable}, "
            "not the documented object: iotplan cannot tell what it made, so the write may or may not have "
            "been applied: a fresh plan shows the truth",
            outcome_unknown=True,
        )
    return answer


def _unreadable(answer: Any) -> str:
    """What makes an integrate answer unreadable, or "": not an object, or its `integration`, its
    `integration.node` or that node's `id` of another kind than documented. One that leaves them out
    is read as it is: the written refIds are then looked for in a read of the connection (`_lost`)."""
    if not isinstance(answer, dict):
        return _kind(answer)
    integration = answer.get("integration")
    if integration is not None and not isinstance(integration, dict):
        return f"`integration` as {_kind(integration)}"
    node = (integration or {}).get("node")
    if node is not None and not isinstance(node, dict):
        return f"`integration.node` as {_kind(node)}"
    node_id = (node or {}).get("id")
    if node_id is not None and not isinstance(node_id, str):
        return f"`integration.node.id` as {_kind(node_id)}"
    return ""


def _kind(value: Any) -> str:
    """A JSON value's kind, as a message names it (never its text: the answer is anyone's)."""
    if value is None or isinstance(value, bool):
        return "null" if value is None else "a boolean"
    kinds = {list: "a list", str: "text"}
    return next((name for kind, name in kinds.items() if isinstance(value, kind)), "a number")


def _created_node_id(answer: dict[str, Any]) -> str | None:
    """The id of the connection the call created, if its answer names it (`_unreadable` checked)."""
    node = (answer.get("integration") or {}).get("node") or {}
    return node.get("id")
