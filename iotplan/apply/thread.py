"""A THREAD connection's platform writes as a unit of apply work: JSON-RPC requests, one per
entity, parents first (createNode, then createDevice, then createSensor; updates with them).

Each request is its own write on the platform, so a unit stops at its first failure: what was
sent before it is reported applied, the rest not applied. A write whose answer is lost (the
connection dropped, or no answer in time) is never sent again in this run: it may or may not have
been made, and the error says so. Nothing can be duplicated by the rerun that settles it: the
ids are iotplan's own, the next plan reads what exists, and the platform refuses to create an
id twice ("If the node, device or sensor already exists, this will return an error"). So is a
write answered an error other than a documented refusal (a server fault): the client marks its
outcome unknown. A create the rate limit refused and that is "already exists" when sent again is
read back by the client: found, its first attempt made it, and it counts as applied. A logger or
sensor whose first create is answered "already exists" was made since the plan read it absent, by
another writer (two applies at once): read back by its id, and found, it is found made, not applied.

An update carries every declared prop (as declared where the plan shows it changing, else as the entity
holds it now: a port stored as text, "2", which the plan reads as the declared 2, keeps its form, and
so do a location's coordinates the plan does not show changing) and,
as the entity has them now (one read of the entities updated, by id, before the first write), the props
a create gave it that the manifest does not manage (CARRIED: its NAME when none is declared, SERIAL_NO,
VERSION, NODE_ID) and those saying what a logger's or sensor's history means or where its data comes
from that the manifest does not declare (KEPT: a logger's EXTERNAL_PORT, MODE, ZERO_DATE and
SAMPLING_RATE_MAX, a sensor's MUX_INDEX, ZERO_DATE and SAMPLING_RATE_MAX): the same write whether the
platform's update* merges (A14) or replaces (`rpc-update-replaces`), as REST updates resend the refId
(A2). Nothing is sent when that read fails,
or does not show each entity to update with its props as an object holding what the update
must resend (a read that leaves one out cannot be told from an entity without it, and where update*
replaces, the update would erase it), nor when one it would resend differs from what the plan read
(a SERIAL_NO that is not the refId REST listed, a NODE_ID naming another node than the one the plan
placed it under), nor when a declared field the plan shows unchanged reads otherwise there (changed
since, or the REST lists lagging behind a JSON-RPC write, A16): the update, which resends it as it
stands now or writes it as declared where the entity holds none, would keep it unlike the manifest or
change it unshown (a ZERO_DATE the platform dropped, written back: a re-zero). Either way
the write would carry a value the reviewed plan never showed. A KEPT prop is
resent as it stands now, not held to the plan: sent back unchanged, it changes nothing either way (A14).
A ZERO_DATE excepted: written, even unchanged, a platform may re-zero the entity on it, so one the
update does not change is left out, and the entity read back once the update is answered, the
ZERO_DATE written back where the platform dropped it (apply/thread_zero_date.py).

That read counts too: an entity whose channel, zero date or mode changes (a data-model change),
planned holding no history (so without --allow-data-model-change), is held to what its review saw,
as a REST connection's is (apply/recount.py): one whose count now shows history, or is unknown (a 0
beside a LAST_OBSERVATION), stops the unit, nothing written, and the rollout, as a saved plan's
change is refused and said in the same words (apply/stale.py `rereads_held_now`,
`rereads_uncounted_now`, `uncounted_said`). A logger's count is its sensors' total,
as the reference's example shows it. Only the writes sent before the update, the unit's own, come
between that read and it, and any wait: before it is sent again (the rate limit refused it, -32029, or
its connection failed), or of the unit's requests before it is first sent (a write before it waited out
-32029, a 429's pause held them: clients/throttle.py `Waits`), or any wait that leaves the read older than
the pacing line's window at its turn (a pacing queue, a lock: clients/retry.py `Guard.outdated`). It would
go long after that read, so it is first read and counted again alone (`_resend_guard`), and held as above,
not sent, the writes before it standing. So is any update after such a wait, a rename too: read again, it
is held to the plan as before the writes, and to that read for what it resends as it stands (a change made
while it waited, written over by a resend, was never reviewed). With no wait, no request more.

Before anything of a node with `edge:` is read or written, its gateway is asked its serial again
(when the plan read it): a box that now reports another serial than the plan confirmed stops the
unit, nothing written, as a plan that saw it would have; so does a box that answers, but not with a
serial (a client error such as a proxy's 401, or nonsense): a plan would have left it unread. One
that does not answer (asleep) leaves the plan's confirmation standing, as a plan's writes go ahead
while their gateway sleeps.

Before the first write, the node as JSON-RPC reads it (its NAME, its CREATION_DATE) is held against
what the plan's REST read saw (apply/thread_target.py): a difference means another writer changed the
node since the plan read it, or the two endpoints are two platforms, and nothing of the unit is written.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from functools import partial
from typing import Any, Protocol

from iotplan.apply import finishing
from iotplan.apply import thread_zero_date as zero_date
from iotplan.apply.bodies import held_form_why, json_form, props_named
from iotplan.apply.outcome import Outcome, Status, not_started
from iotplan.apply.refused import ANOTHER_WRITER, ANOTHER_WRITER_OR_UNLISTED, MAYBE_ANOTHER_WRITER
from iotplan.apply.stale import (
    UncountedReread,
    rereads_held_now,
    rereads_uncounted_now,
    uncounted_said,
    what_is_counted,
)
from iotplan.apply.thread_target import (
    NodeSeen,
    disagreement,
    node_seen,
    nodes_to_read,
    plan_endpoints,
    witnesses,
)
from iotplan.apply.units import Unit
from iotplan.clients.endpoint import Endpoints
from iotplan.clients.errors import UNKNOWN_OUTCOME
from iotplan.clients.retry import Counted, Guard, HeldAfterCounts, Resending, resend_guard
from iotplan.clients.throttle import counting, waits_counted
from iotplan.clients.values import integral_number
from iotplan.errors import (
    AlreadyExists,
    GatewayMismatch,
    GatewayUnavailable,
    IotplanError,
    PlatformError,
    SerialRefused,
    WriteWithdrawn,
)
from iotplan.live.counts import not_counted_yet
from iotplan.live.model import Uncounted, count_of
from iotplan.plan.address import Address
from iotplan.plan.impact import updates_by_kind
from iotplan.plan.model import THREAD_PREFIX, Action, Change, FieldChange, Kind, Plan
from iotplan.plan.props import (
    FIELD_TO_PROP,
    KEY_OF_ITS_OWN,
    form_unlike_reference,
    held_quoted,
    keys_removed,
    live_fields,
    platform_props,
    shown_quoted,
    shown_serial,
)
from iotplan.plan.thread import (
    Channel,
    channel_held,
    channel_written,
    channels_taken,
    differences,
    sensors_read_before_writing,
)
from iotplan.secrets import refuse_masked_props, shown_live
from iotplan.wording import counted, joined, live_quoted, live_text

# The props a create gives an entity that the manifest does not manage: sent (NAME when none is
# declared, a node's SERIAL_NO and VERSION, a device's NODE_ID) or set by the platform from the id
# (a device's and a sensor's SERIAL_NO, a sensor's NODE_ID). An update resends them as they stand.
CARRIED = ("NAME", "SERIAL_NO", "VERSION", "NODE_ID")

# By kind, the props that say what a logger's or sensor's recorded history means (its mode, channel,
# zero date: FieldChange.rereads_history) or where its data comes from (its port, its sampling rate):
# where update* replaces props, an update leaving one out would erase it and exit 0, so one the
# manifest does not declare is resent as it stands too (plan/props.py MANAGED_FIELDS, by their props).
# A sensor's SAMPLING_RATE_MAX, which no manifest declares and no plan reads, is resent where the read
# before the update shows it, never asked of that read (`_must_resend`).
KEPT = {
    Kind.DEVICE: ("EXTERNAL_PORT", "MODE", "ZERO_DATE", "SAMPLING_RATE_MAX"),
    Kind.SENSOR: ("MUX_INDEX", "ZERO_DATE", "SAMPLING_RATE_MAX"),
}
_FIELD_OF = {prop: field for field, prop in FIELD_TO_PROP.items()}  # a plan's `before` is by field

# The serial the node's gateway reports; GatewayMismatch when it is another THREAD (apply/edge.py).
IdentityCheck = Callable[[], Awaitable[str]]


class ThreadWriter(Protocol):
    """The JSON-RPC calls a THREAD's writes need (iotplan.clients.jsonrpc, in one project)."""

    async def get_nodes(self, node_ids: Iterable[str]) -> list[dict[str, Any]]: ...
    async def get_devices(self, device_ids: Iterable[str]) -> list[dict[str, Any]]: ...
    async def get_sensors(self, sensor_ids: Iterable[str]) -> list[dict[str, Any]]: ...

    async def create_node(self, node_id: str, type: str, props: Mapping[str, Any]) -> dict[str, Any]: ...
    async def create_device(self, device_id: str, type: str, props: Mapping[str, Any]) -> dict[str, Any]: ...
    async def create_sensor(
        self, sensor_id: str, type: str, observation_type: str, props: Mapping[str, Any]
    ) -> dict[str, Any]: ...
    async def update_node(self, node_id: str, props: Mapping[str, Any]) -> Any: ...
    async def update_device(self, device_id: str, props: Mapping[str, Any]) -> Any: ...
    async def update_sensor(self, sensor_id: str, props: Mapping[str, Any]) -> Any: ...


class ThreadClient(Protocol):
    def in_project(self, project_id: str) -> ThreadWriter: ...


def is_thread_connection(changes: list[Change]) -> bool:
    """A connection whose platform entities are a THREAD's: every one has (or gets) an id under
    `/fn/`, the node's included, which a fence may have left out of the plan. `Change.on_thread`
    asked inline, the live id first: a connection being created has none, and an apply asks this of
    every change of its plan five times, where the property cost 1 µs a change."""
    return any(
        change.live_id and change.live_id.startswith(THREAD_PREFIX) and change.kind is not Kind.EDGE
        for change in changes
    )


def thread_units(
    client: ThreadClient | None,
    groups: ThreadGroups,
    identities: Mapping[str, IdentityCheck] | None = None,
    plan_again: bool = True,
) -> list[Unit]:
    """One unit per THREAD connection with writes; `groups` are each connection's changes,
    `identities` by connection the check of its gateway's serial (apply/edge.py identity_checks).
    `plan_again`: False for a plan a person confirmed at the prompt, whose refusal's caller says the
    one next step (the apply again): a count unknown now is not told to plan again (apply/stale.py
    `uncounted_said`)."""
    checks = identities or {}

    def unit(name: str, changes: list[Change]) -> Unit:
        progress = not_started(name, _in_order(changes))
        witness = groups.witnesses.get(changes[0].project_id)
        run = partial(
            apply_thread,
            client,
            name,
            changes,
            progress,
            checks.get(name),
            groups.endpoints,
            witness,
            plan_again,
            groups.taken,
        )
        return Unit(name, changes, run, progress=progress)

    return [unit(name, changes) for name, changes in groups.items()]


async def apply_thread(
    client: ThreadClient | None,
    connection: str,
    changes: list[Change],
    outcome: Outcome | None = None,  # the unit's, filled in as it goes; a fresh one by default
    identity: IdentityCheck | None = None,
    endpoints: Endpoints | None = None,  # the plan's, for the message when they disagree
    witness: NodeSeen | None = None,  # another node of the project, read where this one has no date
    plan_again: bool = True,  # a count unknown now says to plan again (`thread_units`)
    taken: frozenset[Channel] = frozenset(),  # the channels the plan read, its selection's or not
) -> Outcome:
    with waits_counted():  # a data-model change's count, read before the unit waited, is read again
        done = await _applied(
            client, connection, changes, outcome, identity, endpoints, witness, plan_again, taken
        )
    zero_date.tell(done)  # what was written back, and any ZERO_DATE left out and not confirmed kept
    return done


async def _applied(
    client: ThreadClient | None,
    connection: str,
    changes: list[Change],
    outcome: Outcome | None,
    identity: IdentityCheck | None,
    endpoints: Endpoints | None,
    witness: NodeSeen | None,
    plan_again: bool,
    taken: frozenset[Channel],
) -> Outcome:
    writes = _in_order(changes)
    outcome = outcome or not_started(connection, writes)
    if client is None:
        outcome.status, outcome.message = Status.FAILED, "this target has no JSON-RPC API to write with"
        return outcome
    try:
        _refuse_masked(writes)
    except IotplanError as error:
        outcome.status, outcome.message = Status.FAILED, str(error)
        return outcome
    another = await _another_thread_answers(connection, identity)
    if another:
        outcome.status, outcome.message = Status.FAILED, another
        return outcome
    writer = client.in_project(changes[0].project_id)
    nodes, unchecked = await _node_read(writer, outcome, changes, endpoints or Endpoints(), witness)
    if unchecked:
        outcome.status, outcome.message = Status.FAILED, unchecked
        return outcome
    siblings = sensors_read_before_writing(writes, changes)
    try:
        with counting() as reads:  # dated from its first read: a logger's getDevices, before getSensors
            now = await _props_now(writer, writes, nodes, siblings)
    except IotplanError as error:
        outcome.stop_if_credential_refused(error)
        outcome.status, outcome.message = Status.FAILED, _unread(connection, error)
        return outcome
    # dated by the reads above; with none (a node alone), by its read (`_node_read`), the unit's last request
    count = Counted.now(reads)
    carried = _carried(writes, now)
    node_id = node_seen(changes).node_id
    unlike = _resent_unlike_plan(writes, carried, node_id)
    unshown = _declared_unlike_plan(writes, now, f"nothing of {connection} was written")
    if unlike or unshown:
        outcome.first_step = "" if unlike else LISTS_MAY_LAG
        outcome.status, outcome.message = Status.FAILED, unlike or unshown
        return outcome
    taken_now = _channel_taken_now(writes, siblings, now)
    if taken_now:
        outcome.status, outcome.message = Status.FAILED, f"{taken_now}; nothing of {connection} was written"
        return outcome
    counted = _counted_now(writes, now)
    held, uncounted = rereads_held_now(writes, counted), rereads_uncounted_now(writes, counted)
    if held:  # said with those unknown now, as a REST connection's recount says them
        return _held_unreviewed(outcome, held + [each.said for each in uncounted])
    if uncounted:
        return _held_uncounted(outcome, writes, uncounted, plan_again)
    for change in writes:
        guard = _resend_guard(writer, change, count, plan_again, carried, node_id)
        guarded = resend_guard.set(guard)
        declared = _props(change.after or {})
        unsent = zero_date.left_out(change, carried.get(str(change.live_id), {}), declared)
        if unsent is not None:
            zero_date.awaiting(outcome, change, unsent, declared)
        try:
            answered_id = await outcome.send(partial(_write, writer, change, carried), [change])
        except asyncio.CancelledError:  # a ZERO_DATE left out by an update sent is confirmed first
            if unsent is not None and change in outcome.in_flight:
                await _zero_date_kept(writer, change, carried, outcome, answered=False)
            raise
        except _HeldBeforeResent as again:
            return _held_before_resent(outcome, writes, change, again)
        except HeldAfterCounts as outdated:
            return _held_after_counts(outcome, writes, change, outdated)
        except WriteWithdrawn as halted:  # the rollout halted while this write waited: not sent
            return outcome.withdrawn(halted)
        except AlreadyExists as refused:
            outcome.status = Status.FAILED
            outcome.message = await _already_exists(writer, change, refused, outcome)
            return outcome
        except IotplanError as error:
            outcome.first_step = _outside_iotplan(change, error, carried, writes[writes.index(change) + 1 :])
            outcome.status, outcome.message = Status.FAILED, _failed(change, error, carried)
            if outcome.refused and not outcome.halt:
                _through_a_free_channel(outcome, change, writes, taken | channels_taken(changes))
            return outcome
        finally:
            resend_guard.reset(guarded)
            zero_date.after_send(outcome, change)
        if unsent is not None and not await _zero_date_kept(writer, change, carried, outcome):
            outcome.status = Status.FAILED  # said by `zero_date.tell`: nothing more is sent
            return outcome
        if answered_id not in (None, change.live_id):  # the next plan would not find it: stop here
            outcome.status, outcome.message = Status.FAILED, _not_kept(change, answered_id)
            outcome.halt = (  # named in full: a JSON report prints no unit's message "above" it
                f"{connection}: the platform did not keep an id it was sent ({change.address} created "
                f"as {answered_id}, not as {change.live_id})"
            )
            return outcome
    outcome.status = Status.APPLIED
    return outcome


async def _another_thread_answers(connection: str, identity: IdentityCheck | None) -> str:
    """Why nothing of the node is written: its gateway now reports another serial, or answers
    without one; '' otherwise."""
    if identity is None:
        return ""
    try:
        await identity()
    except GatewayMismatch as error:
        return (
            f"{connection}: {error} as it did when planned: iotplan cannot be sure which THREAD this "
            "node is, so nothing of it was written; plan again (correct the node's `id` or its `edge.host`)"
        )
    except SerialRefused as error:
        # Something answered, yet not with a THREAD's serial: a plan that saw it would have left the
        # gateway unread, so the port reads the plan relied on may be another box's.
        return (
            f"{connection}: its gateway no longer says the serial it said when planned ({error}): iotplan "
            "cannot be sure which THREAD this node is, so nothing of it was written; plan again (check its "
            "`edge.host`)"
        )
    except GatewayUnavailable:
        pass  # no answer (asleep): the plan's confirmation stands, as a plan's writes go ahead then
    return ""


def _channel_taken_now(
    writes: list[Change], siblings: list[Change], now: Mapping[str, dict[str, Any]]
) -> str:
    """Why a sensor is not created on (or moved onto) a channel: another sensor of its logger the plan
    read is on that channel now (`now`: the read just before the first write), though the plan read it
    elsewhere. Another writer moved it there since (two applies at once: each plan passed its own
    check of the channels), and writing would leave two sensors on one channel, their data mixed; ''
    when none is taken. A sensor another writer created there is unknown to this plan, so not read:
    the verifying read tells it (plan/thread.py `channels_shared_now`). The move may be older than the
    plan, made where the REST lists the plan read did not show it yet (A16, `lists-lag-rpc-writes`):
    this read is JSON-RPC's, by id, so it is said either way. It assumes a JSON-RPC read shows another
    writer's write at once: one that lags misses the move (`rpc-reads-lag-writes`), and the verifying
    read tells the two sensors on one channel."""
    onto = {
        (change.address.parent_text, channel): change
        for change in writes
        if (channel := channel_written(change)) is not None
    }
    for sibling in siblings:
        props = now.get(str(sibling.live_id))
        channel = integral_number(props.get("MUX_INDEX")) if isinstance(props, dict) else None
        if channel is None or channel == channel_held(sibling, False):
            continue  # where the plan read it: the plan's own check of the channels holds
        arriving = onto.get((sibling.address.parent_text, channel))
        if arriving is not None and arriving is not sibling:
            return _taken_meanwhile(arriving, sibling, channel)
    return ""


def _ids(changes: Iterable[Change]) -> list[str]:
    return [str(change.live_id) for change in changes]


def _taken_meanwhile(arriving: Change, holder: Change, channel: int) -> str:
    how = "created on" if arriving.action is Action.CREATE else "moved onto"
    return (
        f"{arriving.address} was to be {how} mux_index {channel}, but a read just before the write shows "
        f"{holder.address} ({live_text(str(holder.live_id))}) on it now, where the plan read it on "
        f"mux_index {channel_held(holder, False)}: another writer moved it there since the plan read it "
        "(another iotplan run, a person or a script), or the REST lists the plan read did not show that "
        "move yet, and two sensors on one channel of a logger mix their data; plan again to see the "
        "channels as they are"
    )


def _refuse_masked(writes: list[Change]) -> None:
    """Every write's declared props, checked before the first is sent (secrets.refuse_masked_props).
    What an update resends as it stands (CARRIED) is the platform's own text, never masked."""
    for change in writes:
        refuse_masked_props(str(change.address), _props(change.after or {}))


def _in_order(changes: list[Change]) -> list[Change]:
    """The writes, parents first (a device is created on its node, a sensor on its device), and each
    move of a sensor off a channel of its logger before the creation or move of another onto it: the
    unit stops at its first failure, so a move off that fails leaves the one onto it unsent, never two
    sensors on one channel. A swap cannot be so ordered: one of its moves goes first all the same."""
    writes = sorted((c for c in changes if c.action.writes), key=lambda change: change.depth)
    leaving: dict[tuple[str | None, int], list[Change]] = {}  # by logger and channel, the moves off it
    for change in writes:
        now = channel_held(change, made=False)
        if now is not None and now != channel_held(change, made=True):
            leaving.setdefault((change.address.parent_text, now), []).append(change)
    if not leaving:
        return writes

    def moves_off_its_channel(change: Change) -> list[Change]:
        onto = channel_written(change)
        moves = leaving.get((change.address.parent_text, onto), []) if onto is not None else []
        return [move for move in moves if move is not change]

    return _each_after(writes, moves_off_its_channel)


def _through_a_free_channel(
    outcome: Outcome, refused: Change, writes: list[Change], taken: frozenset[Channel]
) -> None:
    """A move refused while the sensor it goes onto the channel of was still there, due to move off
    it later: a swap (or a longer cycle) of a logger's channels, which no order frees first
    (`_in_order`). Where the platform refuses a channel another sensor holds, every apply of this
    manifest sends that move first and is refused alike, so the message and the closing advice name
    the step that works instead: the holder to a channel no sensor of the logger is on, by an apply of
    its own, after which each move goes onto a channel already freed."""
    holder = _holder_moving_off(refused, writes[writes.index(refused) + 1 :])
    if holder is None:
        return
    logger, onto = refused.address.parent_text or "", channel_written(refused)
    moves = _through_free_channels(refused, writes, taken)
    outcome.first_step = _swaps_step(moves)
    free = moves[0][1]
    which = (
        f"{free} is the first channel no sensor of {logger} is on"
        if len(moves) == 1
        else "each the first channel no sensor of its logger is on, none given twice"
    )
    outcome.message += (
        f" Its move onto channel {onto} went while {holder.address} still held it: the plan swaps channels "
        f"of {logger} in a cycle, so one move goes first onto a channel still held. Where that is why the "
        "platform refused it, every apply of this manifest is refused the same way: "
        f"{outcome.first_step} ({which}, as the plan read it)"
    )


def _through_free_channels(
    refused: Change, writes: list[Change], taken: frozenset[Channel]
) -> list[tuple[Change, int]]:
    """The holder each cycle of channels among the writes from `refused` on needs moved to a free
    channel first, with that channel: the refused move's own, then every other cycle the unit left
    unsent, which the next apply would send first alike (one step for all, not one an apply)."""
    unsent = writes[writes.index(refused) :]
    moves: list[tuple[Change, int]] = []
    cycled: list[Change] = []
    for at, change in enumerate(unsent):
        if change in cycled:
            continue
        holder = _holder_moving_off(change, unsent[at + 1 :])
        if holder is None:
            continue
        logger = change.address.parent_text or ""
        free = _free_channel(logger, taken)
        taken |= {(logger, free)}  # a free channel is given to one holder only
        moves.append((holder, free))
        cycled += _cycle_of(change, writes)
    return moves


def _cycle_of(change: Change, writes: list[Change]) -> list[Change]:
    """`change` and the moves of its logger's sensors each onto the channel the next moves off."""
    cycle = [change]
    holder = _holder_moving_off(change, writes)
    while holder is not None and holder not in cycle:
        cycle.append(holder)
        holder = _holder_moving_off(holder, writes)
    return cycle


def _swaps_step(moves: list[tuple[Change, int]]) -> str:
    """Each holder to its free channel, in one apply, then back: said as one swap's step was."""
    if len(moves) == 1:
        [(holder, free)] = moves
        return (
            f"move {holder.address} to a free channel (mux_index: {free}) in an apply of its own, then "
            f"declare its channel {channel_written(holder)} again and apply to finish the swap"
        )
    out = joined([f"{holder.address} to a free channel (mux_index: {free})" for holder, free in moves])
    back = joined([f"{holder.address}'s channel {channel_written(holder)}" for holder, _ in moves])
    return f"move {out} in an apply of their own, then declare {back} again and apply to finish the swaps"


def _holder_moving_off(change: Change, unsent: list[Change]) -> Change | None:
    """Of the writes not sent, the sensor of the same logger on the channel `change` moves onto,
    due to move off it (`_in_order` puts such a move first, but in a cycle); None otherwise."""
    onto = channel_written(change)
    if onto is None or onto == channel_held(change, made=False):
        return None
    logger = change.address.parent_text
    return next(
        (
            each
            for each in unsent
            if each.address.parent_text == logger
            and channel_held(each, made=False) == onto
            and channel_held(each, made=True) != onto
        ),
        None,
    )


def _free_channel(logger: str, taken: frozenset[Channel]) -> int:
    """The lowest channel from 1 that no sensor of the logger the plan read (declared or not,
    selected or not) is on, before or after the plan (`taken`: plan/thread.py `channels_taken`)."""
    on = {channel for held_by, channel in taken if held_by == logger}
    return next(channel for channel in range(1, len(on) + 2) if channel not in on)


def _each_after(writes: list[Change], first: Callable[[Change], list[Change]]) -> list[Change]:
    """`writes` in their order but each after those `first` gives it (and theirs, in turn); where they
    form a loop, the one met first in `writes` goes last of it. Without recursion: a logger's chain of
    moves may be as long as its channels are many."""
    ordered: list[Change] = []
    placed: set[int] = set()
    for write in writes:
        waiting: set[int] = set()
        stack = [(write, False)]
        while stack:
            change, its_turn = stack.pop()
            if its_turn:
                placed.add(id(change))
                ordered.append(change)
            elif id(change) not in placed and id(change) not in waiting:
                waiting.add(id(change))
                stack.append((change, True))
                stack += [(each, False) for each in reversed(first(change))]
    return ordered


async def _props_now(
    writer: ThreadWriter, writes: list[Change], nodes: list[dict[str, Any]], siblings: Sequence[Change] = ()
) -> dict[str, dict[str, Any]]:
    """By entity id, the props each entity to update has now: one read per kind updated, but the
    node's, which the target check read already (`nodes`). PlatformError when the read does not
    show each of them whole (`_whole_props`). `siblings`: sensors read in the same getSensors (one
    more request where no sensor is updated), as answered (`_channel_taken_now`)."""

    async def node_read(node_ids: Iterable[str]) -> list[dict[str, Any]]:
        return nodes  # the unit's one node, read by its id

    reads = {Kind.NODE: node_read, Kind.DEVICE: writer.get_devices, Kind.SENSOR: writer.get_sensors}
    now: dict[str, dict[str, Any]] = {}
    by_kind = updates_by_kind(writes)  # as the plan's Impact counts them
    if siblings:
        by_kind.setdefault(Kind.SENSOR, [])
    for kind, updates in by_kind.items():
        read = reads[kind]
        also = _ids(siblings) if kind is Kind.SENSOR else []
        ids = list(dict.fromkeys([*_ids(updates), *also]))
        answered = _answered_props(READS[kind], await read(ids))
        now.update({entity_id: props for entity_id, props in answered.items() if isinstance(props, dict)})
        for change in updates:
            now[str(change.live_id)] = _whole_props(READS[kind], change, answered)
    return now


def _carried(writes: list[Change], now: Mapping[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """By entity id, the props each entity to update has now that an update resends as they stand:
    the CARRIED ones, those of its kind KEPT, and the declared ones the plan shows unchanged; and a
    LOCATION the plan shows changing by its coordinates, with those the plan shows unchanged as held
    (`_coordinates_kept`)."""
    carried = {}
    for change in writes:
        entity_id = str(change.live_id)
        props = now.get(entity_id)
        if props is not None:
            declared = _props(change.after or {})
            names = (*CARRIED, *KEPT.get(change.kind, ()), *declared)
            changing = _shown_changing(change)
            carried[entity_id] = {
                name: props[name] for name in names if props.get(name) is not None and name not in changing
            }
            location = _coordinates_kept(change, props.get("LOCATION"), declared.get("LOCATION"))
            if location is not None:
                carried[entity_id]["LOCATION"] = location
    return carried


# A location's fields as the plan shows them changing, by their place in GeoJSON's [lon, lat, elevation].
_COORDINATES = {"location.lon": 0, "location.lat": 1, "location.elevation": 2}


def _coordinates_kept(change: Change, held: Any, declared: Any) -> dict[str, Any] | None:
    """The LOCATION an update writes where the plan shows only some of its coordinates changing
    (`~ location.elevation: 12.5 → 13.0`): those as declared, the others as the platform holds them,
    which the plan read as the declared numbers (text `"174.7806"` another tool may read them in), as
    a prop the plan shows unchanged is resent. None, so written whole as declared, where the plan
    shows the whole location changing or the platform holds no coordinates to keep."""
    shown = [field.path for field in change.fields if field.key == "location"]
    held_coordinates = held.get("coordinates") if isinstance(held, dict) else None
    if not shown or not isinstance(held_coordinates, list) or not isinstance(declared, dict):
        return None
    if any(path not in _COORDINATES for path in shown):
        return None
    coordinates = list(held_coordinates)
    for place in sorted(_COORDINATES[path] for path in shown):
        coordinates += [None] * (place + 1 - len(coordinates))
        coordinates[place] = declared["coordinates"][place]
    return {**held, "coordinates": coordinates}


def _shown_changing(change: Change) -> set[str]:
    """The props of the fields the plan shows an update changing: written as declared. Every other
    prop it sends is resent as the platform holds it: a port or channel another writer stored as text
    ("2"), or a LOCATION's coordinates, which the plan reads as the declared number (no change), keep
    their form, which another tool may read them in (plan/thread.py `differences`)."""
    return {FIELD_TO_PROP.get(field.key, field.key) for field in change.fields}


def _counted_now(writes: list[Change], now: Mapping[str, dict[str, Any]]) -> dict[Address, Change]:
    """Each update as the read before the writes counts it (its OBSERVATION_COUNT, a logger's its
    sensors' total as the reference shows it; unknown where there is none, or a 0 beside a
    LAST_OBSERVATION: `count_of`), for the rule a saved plan's data-model changes are held to
    (apply/stale.py `rereads_held_now`): one shown holding no history (so without
    --allow-data-model-change) that holds some now, or may, was not reviewed."""
    counted = {}
    for change in writes:
        props = now.get(str(change.live_id))
        if props is not None:
            count = count_of(props)
            why = (Uncounted.NOT_COUNTED_YET if not_counted_yet(props) else None,) if count is None else ()
            counted[change.address] = dataclasses.replace(
                change, observations=count or 0, observations_unknown=count is None, uncounted_why=why
            )
    return counted


def _held_unreviewed(outcome: Outcome, rereading: list[str]) -> Outcome:
    """Nothing of the unit is written, and the rollout stops, as for a REST connection counted again
    just before its writes (commands/apply.py `_JustBefore`): a new plan must be reviewed."""
    said = "; ".join(rereading)
    outcome.status, outcome.unreviewed = Status.FAILED, True
    outcome.message = f"nothing was written, counted again just before: {said}"
    outcome.halt = f"the platform changed during the rollout: {said}"
    return outcome


def _held_uncounted(
    outcome: Outcome, writes: list[Change], uncounted: list[UncountedReread], plan_again: bool
) -> Outcome:
    """Nothing of the unit is written, and the rollout stops, where the only counts it would reread
    unreviewed are unknown now: said as a REST connection's recount says them (commands/apply.py
    `_JustBefore`), by why the read says (`uncounted_said`; that read is the update's own, not
    JSON-RPC's count read, so an upload not counted yet is the cause it can tell)."""
    counted = what_is_counted(writes, f"{outcome.connection}'s")
    said = f"{counted} could not be counted again before its writes: {_uncounted_told(uncounted, plan_again)}"
    outcome.status, outcome.message, outcome.halt = Status.FAILED, f"nothing was written: {said}", said
    return outcome


class _HeldBeforeResent(WriteWithdrawn):
    """A write the rate limit refused (or that never left) not sent again, or one not sent yet whose
    unit waited since its count: counted again, it would now reread history nobody reviewed, or
    history it cannot count."""

    def __init__(self, told: str, unreviewed: bool, resending: Resending) -> None:
        super().__init__(told)
        self.told, self.unreviewed, self.resending = told, unreviewed, resending
        self.sent = resending.answered


class _UnlikeBeforeResent(_HeldBeforeResent):
    """An update read again before it was sent (again) that would write what the reviewed plan never
    showed, or whose read failed: `told` says it whole; `first_step` the closing advice's step."""

    def __init__(self, told: str, resending: Resending, first_step: str = "") -> None:
        super().__init__(told, False, resending)
        self.first_step = first_step


def _resend_guard(
    writer: ThreadWriter,
    change: Change,
    count: Counted,
    plan_again: bool,
    carried: Mapping[str, dict[str, Any]],
    node_id: str,
) -> Guard | None:
    """For an update, and a data-model change reviewed holding no history: before it is sent again, or
    sent once the read before the writes is outdated (`count`: retry.py `Guard.outdated`), its entity
    read again and held as that read held it: counted again (a data-model change), and what it writes
    (the fields the plan shows changing, the rest as then read) held to the plan and to that read,
    since a change made while it waited would be written over unshown. None for a create, which
    writes what the plan shows, and is refused where the entity exists."""
    counts = change.touches_data_model and not change.rereads_data
    if change.action is not Action.UPDATE and not counts:
        return None

    async def read_again_first(resending: Resending) -> None:
        try:
            props = await _props_again(writer, change)
        except IotplanError as error:
            if counts:
                raise _HeldBeforeResent(str(error).rstrip("."), False, resending) from None
            told = f"reading it again failed ({error}); run it again later"
            raise _UnlikeBeforeResent(told, resending) from None
        if counts:
            _counted_again(change, props, plan_again, resending)
        _held_to_the_plan_again(change, props, carried, node_id, resending)

    return Guard(read_again_first, count)


async def _props_again(writer: ThreadWriter, change: Change) -> dict[str, dict[str, Any]]:
    """The entity of `change` read again by its id, its node's included (`_props_now`)."""
    nodes = await writer.get_nodes([str(change.live_id)]) if change.kind is Kind.NODE else []
    return await _props_now(writer, [change], nodes)


def _counted_again(
    change: Change, props: Mapping[str, dict[str, Any]], plan_again: bool, resending: Resending
) -> None:
    """A data-model change reviewed holding no history, counted again: held where it holds some
    now, or may (as before the writes)."""
    now = _counted_now([change], props)
    held, uncounted = rereads_held_now([change], now), rereads_uncounted_now([change], now)
    if held:  # said with those unknown now, as before the writes
        raise _HeldBeforeResent("; ".join(held + [each.said for each in uncounted]), True, resending)
    if uncounted:
        raise _HeldBeforeResent(_uncounted_told(uncounted, plan_again), False, resending)


def _held_to_the_plan_again(
    change: Change,
    props: Mapping[str, dict[str, Any]],
    carried: Mapping[str, dict[str, Any]],
    node_id: str,
    resending: Resending,
) -> None:
    """An update read again: held, as before the writes, where what it resends would be unlike the
    plan, or a declared field the plan shows unchanged reads otherwise; and where a prop it resends
    as first read reads otherwise now (`_resent_since`)."""
    again = _carried([change], props)
    unlike = _resent_unlike_plan([change], again, node_id)
    unshown = _declared_unlike_plan([change], props, "it was not sent")
    since = _resent_since(change, carried.get(str(change.live_id), {}), again.get(str(change.live_id), {}))
    if unlike or unshown or since:
        raise _UnlikeBeforeResent(unlike or unshown or since, resending, "" if unlike else LISTS_MAY_LAG)


def _resent_since(change: Change, before: Mapping[str, Any], now: Mapping[str, Any]) -> str:
    """Why an update read again before it is sent (again) may not go: a prop it resends as it stands
    (`_carried`: not shown changing, or a location's coordinates not shown changing) reads otherwise
    than the read before the writes, which it would write back, undoing a change made while it
    waited; '' when each reads as then. Told as JSON tells values (`json_form`): in Python
    `5 == 5.0 == True`, and a 5 resent over another writer's 5.0 or `true` is a change too."""
    for name in sorted(before.keys() | now.keys()):
        if json_form(before.get(name)) != json_form(now.get(name)):
            then, read = _prop_shown(before.get(name)), _prop_shown(now.get(name))
            return (
                f"{change.address}: JSON-RPC {READS[change.kind]} answers its {name} {read}, not {then} as "
                "read before the writes. "
                "An update resends it as it then stood, so it would undo a change made while it waited, "
                "which the reviewed plan never showed: iotplan cannot be sure which is right, so it was not "
                "sent. Plan again"
            )
    return ""


def _prop_shown(value: Any) -> str:
    """A prop as JSON-RPC answered it: a flag as JSON writes it (`true`), as plans show it, never
    Python's `True`, which reads like text."""
    if isinstance(value, bool):
        return json_form(value)
    return "(unset)" if value is None else _shown(value)


def _held_before_resent(
    outcome: Outcome, writes: list[Change], change: Change, held: _HeldBeforeResent
) -> Outcome:
    """The write was not sent (again), nor those after it, and the rollout stops, as before the unit's
    first write (`_held_unreviewed`, `_held_uncounted`); the writes before it stand (applied). One the
    rate limit answered may have been made by then (`Resending.maybe_made`): its outcome is unknown."""
    outcome.status, outcome.unreviewed = Status.FAILED, held.unreviewed
    after = len(writes) - writes.index(change) - 1
    resending = held.resending
    again = " again" if resending.answered else ""
    stopped = f"stopped before sending {change.address}{_why_held(resending)}: it was not sent{again}"
    stopped += f", nor the {counted(after, 'write')} after it" if after else ""
    if isinstance(held, _UnlikeBeforeResent):  # as before the writes: the unit fails, the rollout goes on
        outcome.message, outcome.first_step = f"{stopped}: {held.told}", held.first_step
    elif held.unreviewed:
        outcome.message = f"{stopped}, counted again just before: {held.told}"
        outcome.halt = f"the platform changed during the rollout: {held.told}"
    else:
        whose = f"{outcome.connection}'s"
        uncounted = f"{what_is_counted([change], whose)} could not be counted again"
        outcome.message = f"{stopped}: {uncounted}: {held.told}"
        outcome.halt = f"{uncounted} before {change.address} was sent{again}: {held.told}"
    if held.resending.maybe_made:
        _maybe_made(outcome, change)
    return outcome


def _why_held(resending: Resending) -> str:
    """What held a write before it was sent: "again after" what an attempt that reached the platform
    met, what kept one from leaving, or what held its unit since its count."""
    if resending.answered:
        return f" again after {resending.after}"
    return f" ({resending.after or resending.held + ' since it was counted'})"


def _held_after_counts(
    outcome: Outcome, writes: list[Change], change: Change, held: HeldAfterCounts
) -> Outcome:
    """The write's count was outdated again each time it was counted: not sent (again), nor those after
    it; one the rate limit answered before is of unknown outcome (`_maybe_made`)."""
    named = WriteWithdrawn(held.told(str(change.address)))
    if held.resending is None:  # never attempted: as a write the rollout's halt withdrew
        return outcome.withdrawn(named)
    outcome.status = Status.FAILED
    after = len(writes) - writes.index(change) - 1
    again = " again" if held.resending.answered else ""
    nor = f", nor the {counted(after, 'write')} after it" if after else ""
    why = _why_held(held.resending)
    outcome.message = f"stopped before sending {change.address}{why}: it was not sent{again}{nor}: {held}"
    if held.resending.maybe_made:
        _maybe_made(outcome, change)
    return outcome


def _maybe_made(outcome: Outcome, change: Change) -> None:
    """A write the rate limit answered, then held: of unknown outcome, as the client reports a write
    the limit answered until its attempts ran out (clients/jsonrpc.py `_rate_limited_write`)."""
    outcome.mark_unsure([change])
    outcome.message += (
        ". The attempt the rate limit answered may have made it all the same: iotplan takes -32029 to "
        "mean nothing was done (docs/api-assumptions.md A6+), which the reference does not say"
        f"{UNKNOWN_OUTCOME}"
    )


def _uncounted_told(uncounted: list[UncountedReread], plan_again: bool) -> str:
    """The data-model changes whose count is unknown now, and why the read says it is; `plan_again`
    False where the caller says the one next step (a plan confirmed at the prompt)."""
    causes = (cause for each in uncounted for cause in each.now.uncounted_why)
    why = uncounted_said(causes, rereads=True, plan_again=plan_again)
    return f"{'; '.join(each.said for each in uncounted)}: {why}"


# The closing advice's step where an update would change a field its plan showed unchanged: a rerun
# plans from the same lists and is refused alike until they show what JSON-RPC reads.
LISTS_MAY_LAG = "plan again later (the REST lists may not show a JSON-RPC write yet)"

# The JSON-RPC read of each kind, as errors name it.
READS = {Kind.NODE: "getNodes", Kind.DEVICE: "getDevices", Kind.SENSOR: "getSensors"}


def _answered_props(method: str, entities: list[dict[str, Any]]) -> dict[str, Any]:
    """By id, the props the read answered each entity with; an id answered twice leaves iotplan
    unsure which props stand, so it is refused."""
    answered: dict[str, Any] = {}
    for entity in entities:
        entity_id = entity.get("id")
        if isinstance(entity_id, str) and entity_id in answered:
            raise PlatformError(f"JSON-RPC {method} answered {live_text(entity_id)} twice")
        if isinstance(entity_id, str):
            answered[entity_id] = entity.get("props")
    return answered


def _whole_props(method: str, change: Change, answered: Mapping[str, Any]) -> dict[str, Any]:
    """The props the read answered the entity of `change` with, if they hold what an update of it
    must resend (`_must_resend`); else PlatformError."""
    entity_id = str(change.live_id)
    if entity_id not in answered:
        raise PlatformError(
            f"JSON-RPC {method} did not answer {live_text(entity_id)}, which it was asked for"
        )
    props = answered[entity_id]
    if not isinstance(props, dict):
        raise PlatformError(
            f"JSON-RPC {method} answered {live_text(entity_id)} with props that are not an object"
        )
    missing = [name for name in _must_resend(change) if props.get(name) is None]
    if missing:
        raise PlatformError(
            f"JSON-RPC {method} answered {live_text(entity_id)} without {' or '.join(missing)}, which the "
            "plan read it with"
        )
    return props


def _must_resend(change: Change) -> list[str]:
    """The props resent as they stand that the plan read the entity with and the update does not
    declare: its SERIAL_NO, a logger's NODE_ID (the device list placed it by it), its NAME, and
    those of its kind KEPT (a logger's MODE, a sensor's MUX_INDEX). A read before the update that
    leaves one out cannot be told from an entity that lost it since; where update* replaces props,
    the update would erase it. What the plan did not read either (a serial another tool's replacing
    update erased) is not asked for: the entity has none to keep."""
    before = change.before or {}
    read = {"SERIAL_NO": change.live_ref_id, "NAME": before.get("name")}
    read |= {prop: before.get(_FIELD_OF[prop]) for prop in KEPT.get(change.kind, ())}
    must = [name for name, value in read.items() if value is not None]
    if change.kind is Kind.DEVICE:
        must.append("NODE_ID")
    declared = _props(change.after or {})
    return [name for name in must if name not in declared]


def _resent_unlike_plan(writes: list[Change], carried: Mapping[str, dict[str, Any]], node_id: str) -> str:
    """Why an update would resend a prop it does not declare otherwise than the plan read it (a
    SERIAL_NO that is not the refId REST listed, a NODE_ID naming another node than the one the
    plan placed it under, another NAME): the write would carry what the reviewed plan never showed
    (a platform applying another node's id moves the logger), so nothing of the unit is sent; ''
    when every resent prop is as the plan read it."""
    for change in writes:
        resent = carried.get(str(change.live_id), {})
        declared = _props(change.after or {})
        for name, read in _as_planned(change, node_id).items():
            if name in resent and name not in declared and read is not None and resent[name] != read:
                return _unlike(change, name, resent[name], read)
    return ""


def _declared_unlike_plan(writes: list[Change], now: Mapping[str, dict[str, Any]], unsent: str) -> str:
    """Why an update would leave or put a declared field the reviewed plan did not show changing
    otherwise than the plan showed: JSON-RPC's read before the writes (`now`) shows one otherwise than
    the plan's REST read did (the entity changed since, or the lists do not show a JSON-RPC write yet,
    A16), and the update resends it so, or writes it as declared where the entity holds none
    (`_update_would`). Either was never reviewed, a ZERO_DATE above all (a data-model change, which a
    platform may take as a re-zero), so nothing of the unit is sent (`unsent` says what was not); ''
    when every field the update changes is one the plan shows."""
    for change in writes:
        props = now.get(str(change.live_id))
        if change.action is not Action.UPDATE or props is None:
            continue
        shown = {field.key for field in change.fields}
        read = live_fields(f"thread-{change.kind}", props)
        unshown = [field for field in differences(read, change.after or {}) if field.key not in shown]
        if unshown:
            return _changed_unshown(change, unshown[0], read, unsent)
    return ""


def _changed_unshown(change: Change, field: FieldChange, read: Mapping[str, Any], unsent: str) -> str:
    """The declared field an update would change unshown (`field`, of the fresh `read`), as each read
    shows it, whole (a location, not one of its coordinates), and the way out where plans keep showing
    it unchanged: --allow-data-model-change allows only what a plan shows, so it cannot lift this."""
    key, planned, declared = field.key, (change.before or {}), (change.after or {})
    now, then, written = (_field_shown(fields.get(key)) for fields in (read, planned, declared))
    held = read.get(key) is not None
    rezeroes = f", and a ZERO_DATE {'resent, even as it stands,' if held else 'written'} may re-zero it"
    data_model = (
        f" (a data-model change: how its recorded history reads{rezeroes if key == 'zero_date' else ''})"
        if field.rereads_history
        else ""
    )
    return (
        f"{change.address}: JSON-RPC {READS[change.kind]} answers its {key} {now}, while the plan read "
        f"{then} and showed no change to it. {_update_would(key, now, written, held)}, which the reviewed "
        f"plan never showed{data_model}. The entity changed since the plan "
        "read it, or the REST lists the plan reads do not show a JSON-RPC write yet (A16 in "
        f"docs/api-assumptions.md): iotplan cannot be sure which, so {unsent}; --allow-data-model-change "
        "does not lift this, as it allows only a change a plan shows. Plan again later and review what it "
        f"shows: once the lists show what JSON-RPC reads, the plan shows {key} {now} → {written}. If plans "
        f"keep showing no change to {key}, check {change.address} in the platform's web app: where it shows "
        f"{key} {now}, this platform's lists do not catch up with JSON-RPC writes, which iotplan assumes "
        f"they do; set its {key} there as it should be, then plan again"
    )


def _update_would(key: str, now: str, written: str, held: bool) -> str:
    """What an update would do with a declared field the plan shows unchanged that JSON-RPC reads
    otherwise: resend it as the platform holds it (`_carried`), or, holding none, write it as declared."""
    if held:
        return (
            f"An update resends a declared field the plan shows unchanged as the platform holds it, so it "
            f"would keep {key} {now} where the manifest declares {written} and report it applied"
        )
    return (
        "An update writes a declared field the platform holds none of as declared, so it would write "
        f"{key} {written}"
    )


def _field_shown(value: Any) -> str:
    """A field's value as either read gives it, or as declared: '(unset)' where there is none, as plans
    show it."""
    return "(unset)" if value is None else shown_quoted(value)


def _as_planned(change: Change, node_id: str) -> dict[str, Any]:
    """The CARRIED props as the plan's REST read gave them: the refId (its SERIAL_NO), the NAME, and
    for a logger or sensor the node its connection is (a device is listed under it by its NODE_ID)."""
    read = {"SERIAL_NO": change.live_ref_id, "NAME": (change.before or {}).get("name")}
    if change.kind in (Kind.DEVICE, Kind.SENSOR):
        read["NODE_ID"] = node_id
    return read


def _unlike(change: Change, name: str, resent: Any, read: Any) -> str:
    return (
        f"{change.address}: JSON-RPC {READS[change.kind]} answers its {name} {_shown(resent)}, while the "
        f"plan read {_shown(read)}. An update resends {name} as it stands, so it would write a value the "
        "reviewed plan never showed: iotplan cannot be sure which is right (changed since the plan, or the "
        "two APIs disagree), so nothing of it was written. Check the entity in the platform's web app and "
        "plan again"
    )


def _shown(value: Any) -> str:
    """A prop either API read, quoted, masked as refIds are (`shown_serial`): anyone's text."""
    return live_quoted(shown_serial(value) if isinstance(value, str) else value)


async def _node_read(
    writer: ThreadWriter,
    outcome: Outcome,
    changes: list[Change],
    endpoints: Endpoints,
    witness: NodeSeen | None,
) -> tuple[list[dict[str, Any]], str]:
    """The unit's node as JSON-RPC answers it (with the witness, where asked for), and why nothing
    may be written to that endpoint: the read failed, or it does not show the platform the plan's
    REST read saw; '' when it does. The unit's first request: where a refused credential shows."""
    seen = node_seen(changes)
    try:
        nodes = await writer.get_nodes(nodes_to_read(seen, witness))
    except IotplanError as error:
        outcome.stop_if_credential_refused(error)
        return [], _node_unread(outcome.connection, error)
    elsewhere = disagreement(seen, nodes, endpoints, witness)
    return nodes, f"{outcome.connection}: {elsewhere}" if elsewhere else ""


def _node_unread(connection: str, error: IotplanError) -> str:
    return (
        f"{connection}: reading its node over JSON-RPC failed ({error}). Nothing was sent: iotplan "
        "checks that the JSON-RPC endpoint serves the platform the plan read before writing to it; "
        "run it again later"
    )


def _unread(connection: str, error: IotplanError) -> str:
    return (
        f"{connection}: reading the entities to update failed ({error}). Nothing was sent: an update "
        "resends the props the manifest does not set as they stand (SERIAL_NO, VERSION, a logger's MODE), "
        "so that a platform whose update replaces props keeps them; run it again later"
    )


async def _already_exists(
    writer: ThreadWriter, change: Change, refused: AlreadyExists, outcome: Outcome
) -> str:
    """A create refused as existing though the plan read it absent: a node is registered elsewhere
    (A18); a logger or sensor, whose id holds its node's, was made since the plan read by another
    writer (two applies at once), settled by reading it back by its id, or, read back as this create
    would make it, was maybe made by an earlier apply whose write the REST lists the plan reads do not
    show yet (A16). Nothing more is sent."""
    if change.kind is Kind.NODE:
        return _exists_elsewhere(change, refused)
    read = writer.get_devices if change.kind is Kind.DEVICE else writer.get_sensors
    try:
        found = [entity for entity in await read([str(change.live_id)]) if entity.get("id") == change.live_id]
    except IotplanError as error:
        outcome.mark_unsure([change])
        return (
            f"{change.address}: {refused} {MAYBE_ANOTHER_WRITER}Reading it back by its id failed ({error}), "
            "so it may or may not be applied."
        )
    if not found:
        return f"{change.address}: {refused} Yet read back by its id, it is not found: not applied."
    outcome.mark_found_made([change])
    if _as_created(found[0], change):
        outcome.found_as_created.append(change.address)
        return (
            f"{change.address}: {refused} {ANOTHER_WRITER_OR_UNLISTED}Read back by its id, it is there as "
            "this create would make it (found made, not counted as applied by this run)."
        )
    return (
        f"{change.address}: {refused} {ANOTHER_WRITER}Read back by its id, it is there (found made, not "
        "counted as applied by this run)."
    )


def _exists_elsewhere(change: Change, refused: AlreadyExists) -> str:
    """A node's create refused as existing though the plan did not find it in its project: a THREAD
    (`register: true`) registered where the project cannot see it; which scope "already exists"
    covers, the reference does not say, and no documented read finds a node in any project but the
    one asked, so where it is is not guessed."""
    return (
        f"{change.address}: {refused} When the plan read project {change.project_id}, no node of it had "
        "this id or its SERIAL_NO (a node holding it there, the plan names and registers nothing): this "
        "THREAD is registered elsewhere, in another project (which this credential may or may not reach) "
        "or in a scope the reference does not document (it does not say whether a THREAD's id is unique "
        "per project or across the organisation), or was made in this project since the plan read it "
        "(plan again: it names that node). Running apply again is refused the same way. Find the "
        "THREAD in the platform's web app: to manage it here, put this node under the project it is in "
        "and remove `register: true`; if it is not this gateway, correct the node's `id`"
    )


def _failed(change: Change, error: IotplanError, carried: Mapping[str, dict[str, Any]]) -> str:
    """The platform's message; for an update it refused over a prop iotplan resent unasked, why
    that prop was in it: the user cannot leave it out, and running again is refused the same way."""
    said = f"{change.address}: {error}"
    held = _held_unlike_declared(change, error, carried)
    if held:
        return f"{said} {_held_form_told(change, held)}"
    named = _resent_and_refused(change, error, carried)
    if not named:
        return said
    return (
        f"{said} iotplan sent {', '.join(named)} unchanged, as the entity has it: an update resends what "
        "the create gave, which a platform whose update replaces props would otherwise erase "
        "(docs/api-assumptions.md). This platform refuses it, so iotplan cannot update this entity "
        "here: change it in the platform's web app, and running apply again is refused the same way"
    )


def _resent_and_refused(
    change: Change, error: IotplanError, carried: Mapping[str, dict[str, Any]]
) -> list[str]:
    """The props an update resent as the entity has them (not declared) that the platform's refusal
    names: none for anything but an update."""
    if change.action is not Action.UPDATE:
        return []
    # What the update sent as it stands: never a ZERO_DATE it left out.
    resent = _update_props(change, carried).keys() - _props(change.after or {}).keys()
    return sorted(resent & props_named(str(error)))


def _held_unlike_declared(
    change: Change, error: IotplanError, carried: Mapping[str, dict[str, Any]]
) -> dict[str, tuple[Any, Any]]:
    """By name, (as held, as declared), the declared props the refused update resent as the platform
    holds them (`_carried`: the plan shows them unchanged) in another JSON form than declared, a port
    another writer stored as text ("2" for 2), that the platform's refusal names: none for anything
    but an update."""
    if change.action is not Action.UPDATE:
        return {}
    resent, declared = carried.get(str(change.live_id), {}), _props(change.after or {})
    return {
        name: (resent[name], declared[name])
        for name in sorted(resent.keys() & declared.keys() & props_named(str(error)))
        if json_form(resent[name]) != json_form(declared[name])
    }


def _held_form_told(change: Change, held: Mapping[str, tuple[Any, Any]]) -> str:
    """Why iotplan sent a prop in a form the platform refuses, and that a rerun is refused alike."""
    sent = "; ".join(_as_held(name, now) for name, (now, _) in held.items())
    return held_form_why(sent, "A14", _set_as_declared(change, held))


def _as_held(name: str, now: Any) -> str:
    # Masked as REST's refusal and the plan quote it: another writer's keys may hold a secret; cut,
    # as another tool's LOCATION may run to 100 KB.
    quoted = held_quoted(shown_live(json_form(now)))
    return f"{name} as the platform holds it, {quoted} ({_form(name, now)}, another writer's)"


def _form(name: str, value: Any) -> str:
    """How `value`, as the platform holds it, is unlike the reference's form, as REST's refusal says
    it (plan/props.py `form_unlike_reference`): its coordinates not numbers, or a key of its own."""
    if isinstance(value, dict):
        unlike = form_unlike_reference(name, value)
        return "a key of its own" if unlike == KEY_OF_ITS_OWN else "its coordinates not all numbers"
    return "text" if isinstance(value, str) else f"a JSON {type(value).__name__}"


def _set_as_declared(change: Change, held: Mapping[str, tuple[Any, Any]]) -> str:
    """The one step that lets the update through: the props set in the declared form by hand, the
    keys of its own a held LOCATION has (`crs`) named to remove."""
    each = ", ".join(
        f"{name} of {change.address} to {json_form(declared)} ({_in_declared_form(name, now, declared)})"
        for name, (now, declared) in held.items()
    )
    return f"set {each} in the platform's web app, then apply again"


def _in_declared_form(name: str, now: Any, declared: Any) -> str:
    if isinstance(declared, int | float):
        return "a number"
    numbers = "" if form_unlike_reference(name, now) == KEY_OF_ITS_OWN else "its coordinates numbers"
    return ", ".join(filter(None, (numbers, keys_removed(name, now)))) or "its coordinates numbers"


def _outside_iotplan(
    change: Change, error: IotplanError, carried: Mapping[str, dict[str, Any]], unsent: list[Change]
) -> str:
    """The first step, for the closing advice, where the refusal is of a prop iotplan resends unasked:
    every apply resends it, so the change is made in the web app instead (`_failed`), with every
    update left unsent that resends what was refused (the next apply would be refused over it), then
    an apply for the rest; where it is of a declared prop resent in another writer's form, that prop
    set as declared."""
    held = _held_unlike_declared(change, error, carried)
    if held:
        return _set_as_declared(change, held)
    if not _resent_and_refused(change, error, carried):
        return ""
    alike = [change, *(each for each in unsent if _resent_and_refused(each, error, carried))]
    changes, them = ("change", "it") if len(alike) == 1 else ("changes", "them")
    return (
        f"make the {changes} of {joined([each.address for each in alike])} in the platform's web app (this "
        f"platform refuses iotplan's updates of {them}), then apply again"
    )


def _not_kept(change: Change, answered_id: str) -> str:
    return (
        f"{change.address}: created as {answered_id}, not as {change.live_id} (the id iotplan gives it, "
        "docs/api-assumptions.md A13): the platform does not keep the ids iotplan chooses, so the next "
        "plan would create it again. Nothing more is sent; give the entity `id: "
        f"{answered_id}` in the manifest to adopt it"
    )


async def _write(writer: ThreadWriter, change: Change, carried: Mapping[str, dict[str, Any]]) -> str | None:
    """Sends the change; for a creation, returns the id the platform answered it was created as.
    `carried`: by id, what an update resends as it stands besides the declared props."""
    entity_id, kind = change.live_id, change.kind
    if entity_id is None or change.action not in (Action.CREATE, Action.UPDATE):
        raise IotplanError(f"a {change.action} of a THREAD entity cannot be sent (a bug: please report it)")
    if change.action is Action.UPDATE:
        await _updating(writer, kind)(entity_id, _update_props(change, carried))
        return None
    props, entity_type = _created_props(change), change.template or ""
    if kind is Kind.NODE:
        created = await writer.create_node(entity_id, entity_type, props)
    elif kind is Kind.DEVICE:
        created = await writer.create_device(entity_id, entity_type, props)
    else:
        created = await writer.create_sensor(entity_id, entity_type, entity_type, props)
    answered = created.get("id")
    if not isinstance(answered, str):  # the client reads such an answer back (clients/jsonrpc_entities.py)
        raise PlatformError(
            f"{change.address}: the create was answered without the id it was made as{UNKNOWN_OUTCOME}",
            outcome_unknown=True,
        )
    return answered


def _update_props(change: Change, carried: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    """Every declared field, not only those that differ, and what a create gave it besides, as it
    stands: the same result whether update* merges (A14) or replaces (`rpc-update-replaces`), so one
    apply converges either way and keeps the entity's serial and version. But a ZERO_DATE it holds
    that the update does not change: written, even as it stands, it may re-zero the entity, so it is
    left out and read back after (apply/thread_zero_date.py)."""
    resent, declared = carried.get(str(change.live_id), {}), _props(change.after or {})
    props = {**declared, **resent}  # a declared prop resent is one the plan shows unchanged (`_carried`)
    if zero_date.left_out(change, resent, declared) is not None:
        del props[zero_date.ZERO_DATE]
    return props


def _updating(writer: ThreadWriter, kind: Kind) -> Callable[[str, Mapping[str, Any]], Awaitable[Any]]:
    return {Kind.NODE: writer.update_node, Kind.DEVICE: writer.update_device}.get(kind, writer.update_sensor)


async def _zero_date_kept(
    writer: ThreadWriter,
    change: Change,
    carried: Mapping[str, dict[str, Any]],
    outcome: Outcome,
    answered: bool = True,
) -> bool:
    """The entity whose update left its ZERO_DATE out, read back by its id, and the ZERO_DATE written
    back where the platform dropped it; False when it cannot be confirmed kept. An interrupt lets it
    finish (apply/finishing.py): cut short, the ZERO_DATE may be gone, and no later run could see it.
    `answered`: False where the interrupt cut the update's answer short."""
    read = writer.get_devices if change.kind is Kind.DEVICE else writer.get_sensors
    update = _updating(writer, change.kind)
    sent = _update_props(change, carried)
    confirm = zero_date.confirmed_kept(outcome, change, READS[change.kind], read, update, sent, answered)
    return await finishing.let_finish(confirm, f"confirming that {change.address} kept its ZERO_DATE")


def _created_props(change: Change) -> dict[str, Any]:
    """The props a create of `change` sends."""
    entity_id, props = str(change.live_id), _props(change.after or {})
    # createDevice and createSensor need a NAME. Plans show it (plan/thread.py), but a plan saved by
    # an earlier build of this format does not hold it.
    props.setdefault("NAME", change.address.name)
    if change.kind is Kind.NODE:
        props.setdefault("SERIAL_NO", entity_id.split("/")[2])
    elif change.kind is Kind.DEVICE:
        props["NODE_ID"] = "/".join(entity_id.split("/")[:4])  # `/fn/{serial}/node`
    return props


def _as_created(found: Mapping[str, Any], change: Change) -> bool:
    """Whether an entity read back by its id holds what a create of `change` sends: its type and each
    prop (the platform adds its own, such as CREATION_DATE)."""
    held = found.get("props")
    if found.get("type") != change.template or not isinstance(held, dict):
        return False
    return all(held.get(name) == value for name, value in _created_props(change).items())


def _props(fields: Mapping[str, Any]) -> dict[str, Any]:
    return platform_props(fields, _no_secrets, clear_metrics=False)


def _no_secrets(reference: str) -> str:
    raise IotplanError("a THREAD entity has no secret fields (a bug: please report it)")


class ThreadGroups(dict[str, list[Change]]):
    """Each THREAD connection's platform changes, by connection, and the plan's endpoints."""

    def __init__(
        self,
        groups: Mapping[str, list[Change]],
        endpoints: Endpoints,
        witnesses: Mapping[str, NodeSeen],
        taken: frozenset[Channel] = frozenset(),
    ) -> None:
        super().__init__(groups)
        self.endpoints = endpoints
        self.witnesses = witnesses  # by project (apply/thread_target.py)
        self.taken = taken  # every logger's channels the plan read, selected or not (`_free_channel`)


def thread_groups(plan: Plan) -> ThreadGroups:
    """Each THREAD connection's platform changes, if it has writes."""
    groups: dict[str, list[Change]] = {}
    for change in plan.changes:
        if change.kind is not Kind.EDGE:
            groups.setdefault(change.connection, []).append(change)
    writing = {
        name: changes
        for name, changes in groups.items()
        if is_thread_connection(changes) and any(c.action.writes for c in changes)
    }
    return ThreadGroups(writing, plan_endpoints(plan), witnesses(plan), plan.thread_channels)
