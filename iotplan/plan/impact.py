"""What an apply of a plan would do to the world, counted: the figures a reviewer weighs.

Observations destroyed (counted, and the removals whose count the platform did not report),
sensors whose history would read under new metrics or units, gateway settings that may cut a
gateway off, and the requests the apply would send (a plan's cost is its request count: the
smallest iTwin Platform tier allows 500 a minute; `--rate-limit`, when given, is the pace apply keeps).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from iotplan.clients.throttle import known_pace
from iotplan.live.gateways import ALL_PORTS
from iotplan.manifest.thread import same_zero_date
from iotplan.plan.address import Address
from iotplan.plan.edge import GATEWAY_CAUSES, NOT_READ_BACK, SERIAL_SETTINGS, setting_name, write_groups
from iotplan.plan.model import COUNTED_THROUGH_RPC_SINCE, WRITING, Action, Change, Kind, Plan, format_known
from iotplan.plan.thread import channel_written, sensors_read_before_writing

T = TypeVar("T")

# The most entities one integrate call carries: apply/bodies.py splits a connection's changes at it,
# or at the fewer `apply --entities-per-call` asks (a platform, or a proxy before it, may cap bodies).
ENTITIES_PER_CALL = 500
SMALLEST_TIER_PER_MINUTE = 500  # iTwin Platform community tier (developer.bentley.com, rate limits)


@dataclass(frozen=True)
class Pace:
    """How the apply an estimate is made for sends: the rate its duration is estimated at, where
    that rate comes from, and how many entities each of its integrate calls carries at most."""

    per_minute: float
    source: str
    entities_per_call: int = ENTITIES_PER_CALL

    def __str__(self) -> str:
        return f"{_rate_shown(self.per_minute)} requests/min, {self.source}"


def _rate_shown(per_minute: float) -> str:
    """A rate as a reader weighs it (a shard's share is rarely whole: 500/3 is 166.666667): whole from
    10 a minute, to one decimal below, and one figure where that would read 0 (1/hour). The estimate
    is made at the rate itself (`Impact.seconds_at`)."""
    if per_minute >= 10:
        return f"{per_minute:.0f}"
    shown = f"{per_minute:.1f}".removesuffix(".0")
    return shown if shown != "0" else f"{per_minute:.1g}"


SMALLEST_TIER = Pace(SMALLEST_TIER_PER_MINUTE, "the smallest iTwin Platform tier")


def pace_of(rate_limit: float | None, shards: int = 1) -> Pace:
    """`--rate-limit` (requests a second; a shard's share of it already) when given, at the pace apply keeps
    under it (`_as_kept`). Otherwise the smallest tier, the slowest any platform is known to allow; a shard's
    1/n of it (`shards`), as each of the n shards, taken to run at once, paces to its share
    (clients/throttle.py). A share is named so: the estimate of one shard is not the whole rate's."""
    if rate_limit is None:
        if shards == 1:
            return SMALLEST_TIER
        pace = Pace(round(SMALLEST_TIER_PER_MINUTE / shards, 6), SMALLEST_TIER.source)
    else:
        pace = Pace(round(rate_limit * 60, 6), "--rate-limit")
    if shards > 1:
        pace = dataclasses.replace(pace, source=f"this shard's {_share(shards)} of {pace.source}")
    return pace if rate_limit is None else _as_kept(pace, rate_limit, shards)


def _as_kept(pace: Pace, rate_limit: float, shards: int) -> Pace:
    """A --rate-limit's pace as the throttle keeps it (clients/throttle.py `known_pace`: 90% of a limit
    whose whole, all shards', is under 2 requests a second), and what part of the rate given that is: an
    estimate at the whole rate would be up to 11% short."""
    kept = known_pace(rate_limit, shards)
    if kept is None or kept == rate_limit:
        return pace
    return Pace(round(kept * 60, 6), f"{kept / rate_limit:.0%} of {pace.source}", pace.entities_per_call)


def _share(shards: int) -> str:
    """One shard's part of a rate, in words: half, a third, ... 1/12."""
    return {2: "half", 3: "third", 4: "quarter"}.get(shards, f"1/{shards}")


@dataclass(frozen=True)
class Impact:
    observations_destroyed: int = 0
    unknown_removals: int = 0  # removals whose observation count was not reported
    data_model_changes: int = 0  # sensors with history whose metrics or units change
    disconnecting: int = 0  # gateway settings that may cut a gateway off
    write_requests: int = 0  # integrate calls, the reads between them, gateway requests (an estimate)

    def seconds_at(self, pace: Pace) -> int:
        return math.ceil(self.write_requests / pace.per_minute * 60)


def impact_of(plan: Plan, entities_per_call: int = ENTITIES_PER_CALL) -> Impact:
    acting = [change for change in plan.changes if change.action is not Action.NOOP]  # most are not
    destroying = [change for change in acting if change.destroys_data]
    platform, thread = _entity_writes(acting)
    recorded = format_known(COUNTED_THROUGH_RPC_SINCE, plan.format_version)
    return Impact(
        observations_destroyed=sum(change.observations for change in destroying),
        unknown_removals=sum(change.observations_unknown for change in destroying),
        data_model_changes=sum(change.rereads_data for change in acting),
        disconnecting=sum(change.cuts_off and change.action.writes for change in acting),
        write_requests=_platform_calls(plan.changes, platform, entities_per_call, recorded)
        + _thread_requests(plan.changes, thread, recorded)
        + _gateway_requests(acting),
    )


def _entity_writes(acting: list[Change]) -> tuple[set[tuple[str, str]], dict[str, list[Change]]]:
    """The connections written through integrate (project, connection), and each THREAD's entity
    writes (written through JSON-RPC): told apart in one pass, as a cold plan writes 111,000."""
    platform: set[tuple[str, str]] = set()
    thread: dict[str, list[Change]] = {}
    for change in acting:
        if change.kind is Kind.EDGE or change.action not in WRITING:
            continue
        if change.on_thread:
            thread.setdefault(change.connection, []).append(change)
        else:
            platform.add((change.project_id, change.connection))
    return platform, thread


def counted_before_written(change: Change) -> bool:
    """A write held to what its review saw by counting again just before it (apply/recount.py): a
    removal or replacement (what it destroys), and a data-model change of a sensor shown holding no
    history (what it would reread: --allow-data-model-change was not needed for it)."""
    unweighed_model = change.action is Action.UPDATE and change.touches_data_model and not change.holds_data
    return change.action.destroys or unweighed_model


def counts_before_writing(plan: Plan) -> bool:
    """Whether any write of the plan is `counted_before_written`. Such a change writes, so the plan's
    writes are asked, not all its changes grouped by connection: most applies remove nothing, and a
    drift apply's plan of 111,100 entities was grouped three times to find none."""
    return any(counted_before_written(change) for change in plan.writes)


def _platform_calls(
    changes: Iterable[Change], writing: set[tuple[str, str]], entities_per_call: int, recorded: bool
) -> int:
    """Per connection written through integrate (`writing`), its calls as apply/bodies.py builds them
    (its no-ops kept: a device in sync is sent to reach its sensors) and the reads between them, then
    the recounts of the connections (`_recounts`). A gateway's settings are requests of their own, and
    a THREAD's entities are written through JSON-RPC, one request each (_thread_requests). `recorded`:
    the plan says which counts JSON-RPC was asked for (`Change.counted_through_rpc`, `_asks_rpc`)."""
    if not writing:  # most plans a CI runs: no grouping of every change for nothing
        return 0
    groups: dict[
        tuple[str, str], list[Change]
    ] = {}  # a connection is one key in one project, as apply's units
    for change in changes:
        where = (change.project_id, change.connection)
        if where in writing and change.kind is not Kind.EDGE:
            groups.setdefault(where, []).append(change)
    calls = sum(_integrate_requests(group, entities_per_call, recorded) for group in groups.values())
    return calls + _recounts(groups.values(), recorded)


def _recounts(groups: Iterable[list[Change]], recorded: bool) -> int:
    """commands/apply.py's reads of each connection whose writes are counted again before they are
    made (`_recounted`): once the plan is confirmed, then just before its unit's writes, unless it
    is the only one (the count made once confirmed still serves it). Where a count those writes
    weigh is one REST gave at 0 (or not at all), each read asks JSON-RPC for it too (`_asks_rpc`):
    once confirmed one `getSensors` a project, then one beside each unit's read."""
    recounted = [group for group in groups if _recounted(group)]
    asking = [group for group in recounted if _asks_rpc(group, recorded)]
    once_confirmed = len(recounted) + len({group[0].project_id for group in asking})
    if len(recounted) == 1:
        return once_confirmed
    return once_confirmed + len(recounted) + len(asking)


def _asks_rpc(changes: Iterable[Change], recorded: bool) -> bool:
    """Whether a recount of these changes asks JSON-RPC besides REST (live/counts.py `counted_again`):
    one of them counted again before it is written takes a sensor whose count the plan asked of
    JSON-RPC (`_takes_one_counted_through_rpc`). A device's own count is not asked: its sensors'
    settle what it holds."""
    return any(
        counted_before_written(change)
        and bool(change.live_id)
        and _takes_one_counted_through_rpc(change, recorded)
        for change in changes
    )


def _takes_one_counted_through_rpc(change: Change, recorded: bool) -> bool:
    """Whether the change takes a sensor (itself, or one of what it takes) whose count the plan asked
    of JSON-RPC, which the recount asks again: as the plan recorded it (`Change.counted_through_rpc`),
    or, in a plan saved before it did, where it took a sensor REST counted at 0 (`_takes_a_rest_zero`:
    where REST gives no count at all, a count above 0 is JSON-RPC's too, and the estimate one short)."""
    if not recorded:
        return _takes_a_rest_zero(change)
    if not change.counted_through_rpc:
        return False
    return change.kind is Kind.SENSOR or bool(_sensors_taken(change))


def _takes_a_rest_zero(change: Change) -> bool:
    """Whether a sensor the write takes was counted at 0 when planned: the sensor itself, or one among
    a removal's collateral that `holding` leaves out (or all of them, where it was not recorded)."""
    if change.kind is Kind.SENSOR:
        return change.observations_unknown or not change.observations
    sensors = _sensors_taken(change)
    if change.holding is None:
        return bool(sensors)
    return not sensors <= set(change.holding)


def _sensors_taken(change: Change) -> set[Address]:
    """The sensors among a removal's collateral (`site/device/sensor`; `site/device` are devices)."""
    return {address for address in map(Address, change.collateral) if address.depth == _SENSOR_DEPTH}


def _recounted(changes: list[Change]) -> bool:
    """Whether apply/recount.py reads the connection again: one made (its id known) whose writes
    include one `counted_before_written`."""
    made = any(change.kind is Kind.NODE and change.live_id for change in changes)
    return made and any(counted_before_written(change) for change in changes)


# A part of a connection's calls: its weight (devices and sensors), whether it carries a write
# counted again before the call that carries it is sent, if not its unit's first (apply/execute.py),
# and whether that count asks JSON-RPC too (`_asks_rpc`).
_Part = tuple[int, bool, bool]


def _integrate_requests(changes: list[Change], entities_per_call: int, recorded: bool) -> int:
    """One connection's calls: its replacements' removals, then its writes (the first carrying the
    connection's own change, alone if no device is sent); a connection removed goes in one. Between
    them, apply/execute.py reads the connection back after each removal call, and again before each
    call after the first that carries a write counted again (`_held_by_recount`), asking JSON-RPC too
    where that write's count is a REST 0 (`_asks_rpc`; the read back after a removal call asks nothing
    of it: what it removed is gone)."""
    node = next((change for change in changes if change.kind is Kind.NODE), None)
    if node is not None and node.action is Action.REMOVE:
        return 1
    removing = [
        (_removal_weight(part), True, _asks_rpc(part, recorded))
        for part in removal_parts(changes, entities_per_call)
    ]
    removals = packed(removing, _weight, entities_per_call)
    main = packed(_write_parts(changes, entities_per_call, recorded), _weight, entities_per_call)
    if not main and node is not None and node.action is not Action.NOOP:
        main = [[]]  # the connection's own change, alone
    calls = removals + main
    if node is None or not node.live_id:  # a connection made by these calls: nothing to read
        return len(calls)
    recounted = sum(any(carries for _, carries, _ in call) for call in calls[1:])
    asking = sum(any(asks for _, _, asks in call) for call in calls[1:])
    return len(calls) + len(removals) + recounted + asking


def _write_parts(changes: list[Change], entities_per_call: int, recorded: bool) -> list[_Part]:
    """The device entries the writes go in, in order, a device's first carrying its own change."""
    sent = _DevicesSent(changes)
    groups = [([device], sensors) for device, sensors in sent.devices()]
    groups += [([], sensors) for sensors in sent.without_their_device()]
    carried = [
        (1 + len(part), counted_again([*(device if index == 0 else []), *part]))
        for device, sensors in groups
        for index, part in enumerate(sensor_parts(sensors, entities_per_call))
    ]
    return [(weight, bool(again), _asks_rpc(again, recorded)) for weight, again in carried]


def counted_again(carried: Iterable[Change]) -> list[Change]:
    """What a later call carries that is counted again just before it is sent: a creation replacing
    what an earlier call removed was counted with that removal (apply/execute.py asks the same)."""
    return [c for c in carried if c.action in _COUNTED_AGAIN and counted_before_written(c)]


# The actions `counted_before_written` may hold but a replacement: a set lookup rules out the rest
# (creations, no-ops) before the rule is asked, as a cold plan's 110,000 creations are.
_COUNTED_AGAIN = frozenset(
    {Action.UPDATE, *(action for action in Action if action.destroys)} - {Action.REPLACE}
)


def _weight(part: _Part) -> int:
    return part[0]


def _removal_weight(part: list[Change]) -> int:
    """A replaced device goes alone; replaced sensors go under their device."""
    return 1 if part[0].kind is Kind.DEVICE else 1 + len(part)


# --- how a connection's changes go in integrate calls: apply/bodies.py builds them by these, and
# the estimate above counts them by the same, so it says the calls an apply sends.

# Each device a connection's calls carry, with its sensors written under it (`devices_sent`).
DevicesSent = list[tuple[Change, list[Change]]]


def devices_sent(changes: Iterable[Change]) -> DevicesSent:
    """The devices a connection's calls carry, in order, each with its sensors written under it: one
    that is written, or holds a sensor that is (sent as it stands to reach it); removals last, alone."""
    return _DevicesSent(changes).devices()


class _DevicesSent:
    """A connection's devices and its written sensors by device, read in one pass of its changes."""

    def __init__(self, changes: Iterable[Change]) -> None:
        self.all: list[Change] = []
        self.written: dict[str | None, list[Change]] = {}  # sensors, by their device's address
        for change in changes:
            if change.kind is Kind.DEVICE:
                self.all.append(change)
            elif change.kind is Kind.SENSOR and change.action in WRITING:
                self.written.setdefault(change.address.parent_text, []).append(change)

    def devices(self) -> DevicesSent:
        """`devices_sent`."""
        written = self.written
        sent: DevicesSent = []
        removals: DevicesSent = []
        for device in self.all:
            if device.action is Action.REMOVE:
                removals.append((device, []))
            elif device.action in WRITING or device.address in written:
                sent.append((device, written.get(device.address, [])))
        return sent + removals

    def without_their_device(self) -> list[list[Change]]:
        """Sensors written under a device the plan holds no change of (the differ always gives one;
        a plan made by hand may not), counted as if it had one: an estimate never counts fewer calls."""
        devices = {device.address for device in self.all}
        return [sensors for parent, sensors in self.written.items() if parent not in devices]


def removal_parts(changes: Iterable[Change], entities_per_call: int) -> list[list[Change]]:
    """The replacements' removals, sent before their re-creation, as the device entries carrying
    them: each replaced device alone, then each device's replaced sensors, a call's room at a time."""
    replaced = [change for change in changes if change.action is Action.REPLACE]
    devices = [[change] for change in replaced if change.kind is Kind.DEVICE]
    grouped = sensors_by_device(change for change in replaced if change.kind is not Kind.DEVICE)
    return devices + [
        list(part) for group in grouped.values() for part in sensor_parts(group, entities_per_call)
    ]


def sensors_by_device(sensors: Iterable[Change]) -> dict[str | None, list[Change]]:
    """Sensor changes under their device's address, in order: grouped once, as a connection may
    hold 100,000."""
    grouped: dict[str | None, list[Change]] = {}
    for sensor in sensors:
        grouped.setdefault(sensor.address.parent_text, []).append(sensor)
    return grouped


def sensor_parts(sensors: Sequence[T], entities_per_call: int) -> list[Sequence[T]]:
    """A device's sensors in the parts its calls carry: the device takes a place in every call that
    carries its sensors (a sensor is sent under its device, never alone), so each holds one less
    than a call. Never empty: a device sent with no sensor is one part."""
    room = max(entities_per_call - 1, 1)
    return [sensors[start : start + room] for start in range(0, max(len(sensors), 1), room)]


def packed(items: Iterable[T], weight: Callable[[T], int], limit: int) -> list[list[T]]:
    """Items in calls, in order, each call taking the next while its weight stays within `limit`
    (an item heavier than `limit` goes alone)."""
    calls: list[list[T]] = []
    size = limit
    for item in items:
        if not calls or size + weight(item) > limit:
            calls.append([])
            size = 0
        calls[-1].append(item)
        size += weight(item)
    return calls


# --- what a THREAD's units send: apply/thread.py reads by `updates_by_kind`; apply/edge.py confirms
# the gateway's serial and writes and reads back its settings as counted below.
def _thread_requests(changes: Sequence[Change], writes: dict[str, list[Change]], recorded: bool) -> int:
    """JSON-RPC's one authenticate for the run's connection, unless the plan opened it
    (`_counts_read_through_rpc`; `recorded` as `_platform_calls`), then each THREAD's platform
    writes (`writes`, by THREAD: `_thread_unit_requests`)."""
    if not writes:  # most plans: no look at every change for nothing
        return 0
    confirmed = _gateways_confirmed(changes)
    read_again = _sensors_read_again(changes, writes)
    units = sum(
        _thread_unit_requests(node, group, confirmed, node in read_again) for node, group in writes.items()
    )
    return units + int(not _counts_read_through_rpc(changes, recorded))


def _counts_read_through_rpc(changes: Sequence[Change], recorded: bool) -> bool:
    """Whether the plan, which apply makes first in the same run, read history counts through JSON-RPC
    (commands/plan.py `_plan_counting`): its authenticate opens the session apply's THREAD writes go on,
    so they authenticate no more. It does so for what a removal or a data-model change weighs only
    where REST left a count unknown, or gave a 0, which it doubts (`_doubt_rest_zeros`): a REST device
    removed holding data, counted by REST, opens no session, and the THREAD's writes authenticate.
    A plan records which counts JSON-RPC was asked for (`Change.counted_through_rpc`, `recorded`): where
    REST gives none on devices and sensors (the reference's answers; emulator variant
    `no-observation-counts`), a count above 0 is JSON-RPC's too. One saved before it did is read by its
    counts, as it was estimated then: there, one off either way."""
    if recorded:
        return any(change.counted_through_rpc for change in changes)
    return any(_weighed(change) and _rest_count_doubted(change) for change in changes)


def _weighed(change: Change) -> bool:
    """A live entity whose history the plan weighs: a removal, or a data-model change."""
    data_model = change.action is Action.UPDATE and change.touches_data_model
    return bool(change.live_id) and (change.action.destroys or data_model)


def _rest_count_doubted(change: Change) -> bool:
    """Whether the plan asked JSON-RPC for a count `change` weighs: one REST did not give, or gave at
    0 (a device's or sensor's own, or one of a sensor it takes: `holding` leaves those out; a device it
    takes with no sensor holds none)."""
    if change.observations_unknown or (change.kind is not Kind.NODE and not change.observations):
        return True
    if change.holding is None:  # not recorded (a plan saved before): taken as read, as before
        return True
    taken = [Address(address) for address in change.collateral]  # `site/device`, `site/device/sensor`
    sensors = {address for address in taken if address.depth == _SENSOR_DEPTH}
    with_sensors = {sensor.parent for sensor in sensors}
    if any(address.depth == _SENSOR_DEPTH - 1 and address not in with_sensors for address in taken):
        return True
    return not sensors <= set(change.holding)


_SENSOR_DEPTH = 2  # a sensor's address, `site/device/sensor`, holds two separators


def _thread_unit_requests(node: str, writes: list[Change], confirmed: set[str], sensors_read: bool) -> int:
    """Its gateway's serial asked again (where the plan confirmed it), the `getNodes` that checks
    the endpoint, one read per other kind it updates (a `getSensors` too where it reads sensors to
    check the channels it writes: `sensors_read`), one request per entity written, and the read
    back of each update leaving out the ZERO_DATE the plan read it with (`_zero_date_read_back`)."""
    reads = [kind for kind in updates_by_kind(writes) if kind is not Kind.NODE]
    if sensors_read and Kind.SENSOR not in reads:
        reads.append(Kind.SENSOR)
    read_back = sum(_zero_date_read_back(change) for change in writes)
    return int(node in confirmed) + 1 + len(reads) + len(writes) + read_back


def _sensors_read_again(changes: Sequence[Change], writes: dict[str, list[Change]]) -> set[str]:
    """The THREADs whose apply reads sensors by id before its first write, to stop where another
    writer took a channel it writes since the plan (plan/thread.py `sensors_read_before_writing`)."""
    onto = {
        node for node, group in writes.items() if any(channel_written(change) is not None for change in group)
    }
    if not onto:  # most plans write no channel: no grouping of every change for nothing
        return set()
    read: dict[str, list[Change]] = {}
    for change in changes:
        if change.connection in onto and change.kind is not Kind.EDGE:
            read.setdefault(change.connection, []).append(change)
    return {node for node, group in read.items() if sensors_read_before_writing(writes[node], group)}


def _zero_date_read_back(change: Change) -> bool:
    """A logger's or sensor's update that leaves out the ZERO_DATE it holds, not changing it, reads it
    back (apply/thread_zero_date.py; a write-back where the platform dropped it is not foreseen)."""
    if change.action is not Action.UPDATE or change.kind not in (Kind.DEVICE, Kind.SENSOR):
        return False
    held = (change.before or {}).get("zero_date")
    return held is not None and same_zero_date(held, (change.after or {}).get("zero_date"))


def updates_by_kind(writes: Iterable[Change]) -> dict[Kind, list[Change]]:
    """A THREAD's updates by kind, each kind's entities read once before the first write (what an
    update resends as it stands); the node's read is the `getNodes` every unit starts with."""
    grouped: dict[Kind, list[Change]] = {}
    for change in writes:
        if change.action is Action.UPDATE and change.live_id:
            grouped.setdefault(change.kind, []).append(change)
    return grouped


def _gateways_confirmed(changes: Iterable[Change]) -> set[str]:
    """The THREADs whose gateway the plan read and confirmed (apply/edge.py identity_checks): a
    node with settings planned (in sync or not), none of them left unread."""
    edge = [change for change in changes if change.kind is Kind.EDGE]
    unread = {change.connection for change in edge if change.cause in GATEWAY_CAUSES.values()}
    return {change.connection for change in edge} - unread


def _gateway_requests(changes: list[Change]) -> int:
    """Per gateway with settings to write, what apply/edge.py sends: its serial confirmed before
    each write, the writes, then the read-back."""
    settings: dict[str, list[Change]] = {}
    for change in changes:
        if change.kind is Kind.EDGE and change.action is Action.UPDATE:
            settings.setdefault(change.connection, []).append(change)
    return sum(2 * len(write_groups(group)) + _read_back(group) for group in settings.values())


def _read_back(settings: list[Change]) -> int:
    """live/gateways.py read_gateway of the settings that can be read back: the serial before and
    after, each port's settings, then a read per power, connection and gateway-wide setting. A port
    a model may lack that answers empty settings is measured besides: not counted. With nothing to
    read back, the serial alone, asked after the last write (apply/edge.py `_Push.confirm_last`)."""
    checked = [c for c in settings if setting_name(c) not in NOT_READ_BACK]
    if not checked:
        return 1
    return 2 + len(ALL_PORTS) + sum(setting_name(c) not in SERIAL_SETTINGS for c in checked)
