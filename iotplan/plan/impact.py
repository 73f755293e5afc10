"""What an apply of a plan would do to the world, counted: the figures a reviewer weighs.

Observations destroyed (counted, and the removals whose count the platform did not report),
sensors whose history would read under new metrics or units, gateway settings that may cut a
gateway off, and the requests the apply would send (a plan's cost is its request count: the
smallest iTwin Platform tier allows 500 a minute; `--rate-limit`, when given, is the pace apply keeps).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from iotplan.plan.model import Action, Change, Kind, Plan

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
        write_requests=_platform_calls(acting, entities_per_call)
        + _thread_requests(acting)
        + _gateway_requests(acting),
    )


def _platform_calls(changes: list[Change], entities_per_call: int) -> int:
    """Per connection, its writes in calls of `entities_per_call`, and its replacements' removals
    before them, in calls of their own of that size (apply/bodies.py)."""
    writes: Counter[str] = Counter()
    replaces: Counter[str] = Counter()
    for change in changes:
        if change.kind is Kind.EDGE or not change.action.writes or change.on_thread:
            continue
        writes[change.connection] += 1
        replaces[change.connection] += change.action is Action.REPLACE
    counts = [*writes.values(), *replaces.values()]
    return sum(math.ceil(count / entities_per_call) for count in counts)


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
