"""A gateway pending when the plan was shown (asleep, unreachable, unreadable), that answers by the
time the person typing `yes` is heard: the plan made again once confirmed reads its settings, which
the plan shown never listed. Held to that read as it is, each would be a write nobody was shown, and
the whole apply would be refused as changed while nothing about the gateway has: a gateway that
wakes is no change. The plan applied takes it as shown, pending, nothing written to it (nor any logger the
plan shown held for its unconfirmed port): the apply report says so, and the next apply writes it.
So is a saved plan made while a gateway was pending and applied once it answers: its review
listed no setting of it either (the next plan writes them).

What the fresh read shows otherwise is still held to the plan shown (apply/stale.py): a node's
platform writes that the gateway's ports now change, and another THREAD answering at its address
(a mismatch, planned again as refused, never put back as pending)."""

from __future__ import annotations

import dataclasses

from iotplan.plan.address import Address
from iotplan.plan.model import Action, Cause, Change, Kind, Plan


def woken_as_shown(shown: Plan, fresh: Plan) -> Plan:
    """`fresh` with each gateway that was pending in `shown` and reads now pending again as shown:
    its settings' changes replaced by the pending change shown, in the first one's place, and each
    change held for its port (Cause.PORT_UNCONFIRMED) that `fresh` would write, by the held one."""
    waiting = (*shown.changes, *shown.waiting_when_planned)  # a saved plan's are kept apart
    answering = _answering_now(waiting, fresh)
    if not answering:
        return fresh
    held = {
        change.address: change
        for change in waiting
        if change.cause is Cause.PORT_UNCONFIRMED and _gateway_of(change) in answering
    }
    placed: set[Address] = set()
    changes: list[Change] = []
    for change in fresh.changes:
        gateway = change.address.parent if change.kind is Kind.EDGE else None
        if gateway is not None and gateway in answering:
            if gateway not in placed:
                placed.add(gateway)
                changes.append(answering[gateway])
        elif change.address in held and change.action.writes:
            changes.append(held[change.address])
        else:
            changes.append(change)
    return dataclasses.replace(fresh, changes=tuple(changes))


def waiting_when_planned(changes: tuple[Change, ...]) -> tuple[Change, ...]:
    """What `woken_as_shown` takes as planned of a plan's changes, none of them a write: its pending
    gateways and the loggers it held for their ports. Kept by a saved plan trimmed to its writes."""
    return tuple(
        change for change in changes if _pending_gateway(change) or change.cause is Cause.PORT_UNCONFIRMED
    )


def _pending_gateway(change: Change) -> bool:
    return change.kind is Kind.EDGE and change.action is Action.PENDING and change.address.name == "edge"


def _answering_now(waiting: tuple[Change, ...], fresh: Plan) -> dict[Address, Change]:
    """The gateways (`node/edge`) pending among `waiting` that `fresh` reads: no change of its own
    there, its settings' changes only."""
    pending = {change.address: change for change in waiting if _pending_gateway(change)}
    fresh_gateways = {change.address for change in fresh.changes if change.address in pending}
    read = {change.address.parent for change in fresh.changes if change.kind is Kind.EDGE}
    return {address: change for address, change in pending.items() if address in read - fresh_gateways}


def _gateway_of(change: Change) -> Address:
    """The gateway of the THREAD node a change is under: `node/edge`."""
    return Address(change.connection).child("edge")
