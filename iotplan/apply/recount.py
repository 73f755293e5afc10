"""What a confirmed plan's removals destroy, and its data-model changes reread, counted again
before the first write and just before the writes of each unit that makes them.

A person can take minutes over the prompt, and an apply (the other units' writes, a rate limit, a
rollout in waves) hours, while sensors keep reporting and others write: a removal shown holding no
observations may hold some by the time it is written, and a connection shown empty may hold another
stack's device; a sensor whose units change, shown without history (so without
--allow-data-model-change), may have started reporting. The connections the plan removes from or
changes such a sensor in are read again (commands/apply.py) and each of those writes is held to
the rule a saved plan is held to (apply/stale.py `takes_more`, `rereads_held_now`,
`rereads_uncounted_now`). Pure: the plan (or a unit's part of it) and the fresh read in, what now
takes more out. A THREAD connection
is not read here: its unit counts its data-model changes with the read its updates make before the
first write (apply/thread.py), and no API removes its entities.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from iotplan.apply.execute import writes_by_connection
from iotplan.apply.stale import (
    PLANNED,
    SAVED,
    Review,
    cannot_count_now,
    counts_unknown_now,
    listed,
    rereads_held_now,
    rereads_uncounted_now,
    takes_more,
    uncounted_said,
)
from iotplan.errors import CountsUnknownNow
from iotplan.live.counts import why_uncounted, why_uncounted_under
from iotplan.live.model import LiveConnection, LiveEntity, Observations, Uncounted
from iotplan.plan.address import Address
from iotplan.plan.diff import with_collateral
from iotplan.plan.impact import counted_before_written, counts_before_writing
from iotplan.plan.model import Action, Change, Kind, Plan
from iotplan.plan.ownership import Ownership

# A connection's live devices and sensors by kind and id: (the device, the sensor or None).
_LiveById = dict[tuple[Kind, str | None], tuple[LiveEntity, LiveEntity | None]]


@dataclasses.dataclass(frozen=True)
class _Recounted:
    """What a write's recount says: what it now takes more (""), what of it cannot be counted now
    (""), and for that, why (`Change.uncounted_why`) and whether a count grew since the review."""

    more: str = ""
    uncounted: str = ""
    why: tuple[Uncounted | None, ...] = ()
    grew: bool = False


def connections_to_recount(plan: Plan) -> dict[str, list[str]]:
    """By project, the ids of the connections the plan removes or replaces something in, or changes
    the data model of a sensor shown without history in (`counted_before_written`)."""
    wanted: dict[str, list[str]] = {}
    if not counts_before_writing(plan):
        return wanted
    for changes in writes_by_connection(plan).values():
        node_id = _node_id(changes)
        if node_id and any(counted_before_written(change) for change in changes):
            wanted.setdefault(changes[0].project_id, []).append(node_id)
    return wanted


def _node_id(changes: list[Change]) -> str:
    """The live id of the connection these changes are in (its change is kept for its id, as a
    no-op if need be, like the units that write it); "" for one not yet made."""
    return next((c.live_id for c in changes if c.kind is Kind.NODE and c.live_id), "")


def taking_more_now(
    plan: Plan, fresh: Mapping[str, LiveConnection], plan_again: bool = True
) -> dict[str, list[str]]:
    """By connection (the name of its unit of work), each removal that would now destroy what its
    review did not see, and each data-model change that would now reread history its review did
    not show, said as a saved plan's is; `fresh` holds the connections read again, by id.
    Only connections with such a removal are named, and with them any whose count, read when
    reviewed, cannot be read now (JSON-RPC out of reach, a 0 beside a LAST_OBSERVATION, JSON-RPC's
    counts not held against REST's). Where only that is found, nothing says the platform changed: a
    CountsUnknownNow says so, with the causes the read found (apply/stale.py `uncounted_said`), as a
    saved plan's refusal says it; `plan_again` False for a plan confirmed at the prompt, whose
    refusal's caller says the one next step (the apply again), as a shown plan's read again does."""
    own = Ownership(plan.stack)
    review = SAVED if plan_again else PLANNED  # only a saved plan's counts are in a file to edit
    found: dict[str, list[str]] = {}
    if not counts_before_writing(plan):  # a removal and a reread are both counted before written
        return found
    uncounted: list[_Recounted] = []
    changed, rereads_uncounted = False, False
    for name, changes in writes_by_connection(plan).items():
        connection = fresh.get(_node_id(changes))
        live = _by_id(connection) if connection is not None else {}
        said = [_taking_more(c, connection, live, own, review) for c in changes if c.action.destroys]
        rereading = _rereading_now(changes, connection, live)
        rereads_uncounted = rereads_uncounted or any(each.uncounted for each in rereading)
        said += rereading
        uncounted += [each for each in said if each.uncounted]
        changed = changed or any(each.more for each in said)
        texts = [text for each in said for text in (each.more, each.uncounted) if text]
        if texts:
            found[name] = texts
    if found and not changed:
        said_all = listed([text for texts in found.values() for text in texts], "; ")
        why = (cause for each in uncounted for cause in each.why or (None,))
        grew = any(each.grew for each in uncounted)
        raise CountsUnknownNow(f"{said_all}: {uncounted_said(why, rereads_uncounted, grew, plan_again)}")
    return found


def _rereading_now(
    changes: list[Change], connection: LiveConnection | None, live: _LiveById
) -> list[_Recounted]:
    """The data-model changes of sensors shown without history that now hold some (`more`), or may
    (a count unknown now: `uncounted`, with why), said as a saved plan's are (apply/stale.py
    `rereads_held_now`, `rereads_uncounted_now`). A sensor the read does not show is not this
    rule's: nothing of its history is reread."""
    shown = [change for change in changes if counted_before_written(change) and not change.action.destroys]
    now = {}
    for change in shown:
        _, sensor = live.get((Kind.SENSOR, change.live_id), (None, None))
        if sensor is not None and connection is not None:
            held = Observations.of_sensor(sensor)
            why = (why_uncounted(connection, sensor),) if held.unknown else ()
            now[change.address] = dataclasses.replace(
                change, observations=held.known, observations_unknown=held.unknown, uncounted_why=why
            )
    if not now:
        return []
    changed = [_Recounted(more=text) for text in rereads_held_now(shown, now)]
    uncounted = [
        _Recounted(uncounted=each.said, why=each.now.uncounted_why)
        for each in rereads_uncounted_now(shown, now)
    ]
    return changed + uncounted


def _taking_more(
    change: Change, connection: LiveConnection | None, live: _LiveById, own: Ownership, review: Review
) -> _Recounted:
    """What the removal would now take more (apply/stale.py `takes_more`), and what of it cannot
    be counted now (`cannot_count_now`), with why (of the sensors it takes)."""
    found = _found(change, connection, live) if connection is not None else None
    if connection is None or found is None:  # moved or gone: what removing its id takes is not known
        return _Recounted(
            f"{change.action} {change.address}: {change.live_id} is no longer where the plan found it"
        )
    held, children = found
    contents = own.contents_of(change.address, children, connection)
    recreated: dict[Address, LiveEntity] = {}
    if change.action is Action.REPLACE:
        recreated = {address: contents[address] for address in change.recreated if address in contents}
        contents = _taken_by_replacing(change, contents)
    counted = dataclasses.replace(change, observations=held.known, observations_unknown=held.unknown)
    now = with_collateral(counted, contents, recreated)
    unknown = counts_unknown_now(now)
    uncounted = cannot_count_now(change, now, unknown)
    why = why_uncounted_under(connection, _sensors_taken(change, connection, live)) if uncounted else ()
    return _Recounted(
        takes_more(change, now, unknown, review), uncounted, why, now.observations > change.observations
    )


def _sensors_taken(change: Change, connection: LiveConnection, live: _LiveById) -> list[LiveEntity]:
    """The live sensors removing the entity takes: the connection's, a device's, the sensor."""
    if change.kind is Kind.NODE:
        return connection.every_sensor()
    device, sensor = live.get((change.kind, change.live_id), (None, None))
    if sensor is not None:
        return [sensor]
    return connection.sensors_of(device) if device is not None else []


def _taken_by_replacing(change: Change, contents: dict[Address, LiveEntity]) -> dict[Address, LiveEntity]:
    """What a replacement takes beyond the sensors the plan recreates with it, which were live
    under it when reviewed (their data is counted with the device's; a `moved` one's under its old
    name). Whatever else is there now goes with it, so one its collateral does not list was not
    reviewed: a sensor made by hand, another stack's, one of this stack's that another apply added
    since (even at an address the plan creates: it was not there to be shown)."""
    recreated = set(change.recreated)
    return {address: entity for address, entity in contents.items() if address not in recreated}


def _by_id(connection: LiveConnection) -> _LiveById:
    """Each live device and sensor of the connection by its kind and id, with its device: indexed
    once, as removing 16,000 sensors of one device scanned its sensors for each (9.8 s)."""
    live: _LiveById = {}
    for device in connection.devices:
        live.setdefault((Kind.DEVICE, device.id), (device, None))
        for sensor in connection.sensors_of(device):
            live.setdefault((Kind.SENSOR, sensor.id), (device, sensor))
    return live


def _found(
    change: Change, connection: LiveConnection, live: _LiveById
) -> tuple[Observations, list[LiveEntity]] | None:
    """What the entity holds now, and its live children; None when the read does not show it."""
    if change.kind is Kind.NODE:
        return (connection.observations, connection.devices) if connection.node.id == change.live_id else None
    device, sensor = live.get((change.kind, change.live_id), (None, None))
    if sensor is not None:
        return Observations.of_sensor(sensor), []
    if device is not None:
        sensors = connection.sensors_of(device)
        return Observations.of_tree(device, sensors), sensors
    return None
