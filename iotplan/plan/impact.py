"""What an apply of a plan would do to the world, counted: the figures a reviewer weighs.

Observations destroyed (counted, and the removals whose count the platform did not report),
sensors whose history would read under new metrics or units, gateway settings that may cut a
gateway off, and the requests the apply would send (a plan's cost is its request count: the
smallest iTwin Platform tier allows 500 a minute; `--rate-limit`, when given, is the pace apply keeps).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from iotplan.plan.address import Address
from iotplan.plan.model import Action, Change, Kind, Plan

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
        return f"{self.per_minute:g} requests/min, {self.source}"


SMALLEST_TIER = Pace(SMALLEST_TIER_PER_MINUTE, "the smallest iTwin Platform tier")


def pace_of(rate_limit: float | None) -> Pace:
    """`--rate-limit` (requests a second; a shard's share of it) when given: apply keeps under it.
    Otherwise the smallest tier, the slowest any platform is known to allow."""
    return SMALLEST_TIER if rate_limit is None else Pace(round(rate_limit * 60, 6), "--rate-limit")


@dataclass(frozen=True)
class Impact:
    observations_destroyed: int = 0
    unknown_removals: int = 0  # removals whose observation count was not reported
    data_model_changes: int = 0  # sensors with history whose metrics or units change
    disconnecting: int = 0  # gateway settings that may cut a gateway off
    write_requests: int = 0  # integrate calls and gateway requests the apply sends (an estimate)

    def seconds_at(self, pace: Pace) -> int:
        return math.ceil(self.write_requests / pace.per_minute * 60)


def impact_of(plan: Plan, entities_per_call: int = ENTITIES_PER_CALL) -> Impact:
    acting = [change for change in plan.changes if change.action is not Action.NOOP]  # most are not
    destroying = [change for change in acting if change.destroys_data]
    return Impact(
        observations_destroyed=sum(change.observations for change in destroying),
        unknown_removals=sum(change.observations_unknown for change in destroying),
        data_model_changes=sum(change.rereads_data for change in acting),
        disconnecting=sum(change.cuts_off and change.action.writes for change in acting),
        write_requests=_platform_calls(plan.changes, acting, entities_per_call)
        + _thread_requests(acting)
        + _gateway_requests(acting),
    )


def _platform_calls(changes: Iterable[Change], acting: list[Change], entities_per_call: int) -> int:
    """Per connection written through integrate, its calls as apply/bodies.py builds them (its no-ops
    kept: a device in sync is sent to reach its sensors). A gateway's settings are requests of their
    own, and a THREAD's entities are written through JSON-RPC, one request each (_thread_requests)."""
    writing = {c.connection for c in acting if c.kind is not Kind.EDGE and _written(c) and not c.on_thread}
    if not writing:  # most plans a CI runs: no grouping of every change for nothing
        return 0
    groups: dict[str, list[Change]] = {}
    for change in changes:
        if change.connection in writing and change.kind is not Kind.EDGE:
            groups.setdefault(change.connection, []).append(change)
    return sum(_integrate_calls(group, entities_per_call) for group in groups.values())


def _integrate_calls(changes: list[Change], entities_per_call: int) -> int:
    """One connection's calls: its replacements' removals, then its writes (the first carrying the
    connection's own change, alone if no device is sent); a connection removed goes in one."""
    node = next((change for change in changes if change.kind is Kind.NODE), None)
    if node is not None and node.action is Action.REMOVE:
        return 1
    removing = [_removal_weight(part) for part in removal_parts(changes, entities_per_call)]
    groups = [sensors for _, sensors in devices_sent(changes)] + _without_their_device(changes)
    writing = [1 + len(part) for group in groups for part in sensor_parts(group, entities_per_call)]
    main = len(packed(writing, _itself, entities_per_call))
    return len(packed(removing, _itself, entities_per_call)) + (
        main or int(node is not None and node.action is not Action.NOOP)
    )


def _without_their_device(changes: list[Change]) -> list[list[Change]]:
    """Sensors written under a device the plan holds no change of (the differ always gives one; a
    plan made by hand may not), counted as if it had one: an estimate never counts fewer calls."""
    devices = {change.address for change in changes if change.kind is Kind.DEVICE}
    written = (
        c for c in changes if c.kind is Kind.SENSOR and _written(c) and c.address.parent not in devices
    )
    return list(sensors_by_device(written).values())


def _removal_weight(part: list[Change]) -> int:
    """A replaced device goes alone; replaced sensors go under their device."""
    return 1 if part[0].kind is Kind.DEVICE else 1 + len(part)


def _itself(weight: int) -> int:
    return weight


# --- how a connection's changes go in integrate calls: apply/bodies.py builds them by these, and
# the estimate above counts them by the same, so it says the calls an apply sends.
def devices_sent(changes: Iterable[Change]) -> Iterator[tuple[Change, list[Change]]]:
    """The devices a connection's calls carry, in order, each with its sensors written under it: one
    that is written, or holds a sensor that is (sent as it stands to reach it); removals last, alone."""
    changes = list(changes)
    written = sensors_by_device(c for c in changes if c.kind is Kind.SENSOR and _written(c))
    removals: list[tuple[Change, list[Change]]] = []
    for device in (change for change in changes if change.kind is Kind.DEVICE):
        if device.action is Action.REMOVE:
            removals.append((device, []))
        elif _written(device) or device.address in written:
            yield device, written.get(device.address, [])
    yield from removals


def removal_parts(changes: Iterable[Change], entities_per_call: int) -> list[list[Change]]:
    """The replacements' removals, sent before their re-creation, as the device entries carrying
    them: each replaced device alone, then each device's replaced sensors, a call's room at a time."""
    replaced = [change for change in changes if change.action is Action.REPLACE]
    devices = [[change] for change in replaced if change.kind is Kind.DEVICE]
    grouped = sensors_by_device(change for change in replaced if change.kind is not Kind.DEVICE)
    return devices + [
        list(part) for group in grouped.values() for part in sensor_parts(group, entities_per_call)
    ]


def _written(change: Change) -> bool:
    """Most of a plan's changes are no-ops, told apart by identity before the slower `writes`."""
    return change.action is not Action.NOOP and change.action.writes


def sensors_by_device(sensors: Iterable[Change]) -> dict[Address | None, list[Change]]:
    """Sensor changes under their device's address, in order: grouped once, as a connection may
    hold 100,000."""
    grouped: dict[Address | None, list[Change]] = {}
    for sensor in sensors:
        grouped.setdefault(sensor.address.parent, []).append(sensor)
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


def _thread_requests(changes: list[Change]) -> int:
    """JSON-RPC: one request per entity written, one authenticate for the run's connection, and per
    THREAD one read of each kind of entity it updates (what the updates carry again: apply/thread.py)."""
    writes = [c for c in changes if c.kind is not Kind.EDGE and c.action.writes and c.on_thread]
    reads = {(c.connection, c.kind) for c in writes if c.action is Action.UPDATE}
    return len(writes) + len(reads) + 1 if writes else 0


def _gateway_requests(changes: list[Change]) -> int:
    """Per gateway: its serial read, one write per setting (fewer for a port's grouped settings), and
    the read-back of each."""
    settings: Counter[str] = Counter(
        change.connection for change in changes if change.kind is Kind.EDGE and change.action.writes
    )
    return sum(1 + 2 * count for count in settings.values())
