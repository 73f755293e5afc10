"""What a confirmed plan's removals destroy, counted again before the first write and before each
later wave's writes.

A person can take minutes over the prompt, and a rollout in waves hours, while sensors keep
reporting: a removal shown holding no observations may hold some by the time it is written. The
connections it removes from are read again (commands/apply.py) and each removal is held to the rule
a saved plan is held to (apply/stale.py `takes_more`). Pure: the plan (or a wave's part of it) and
the fresh read in, what now takes more out.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from iotplan.apply.execute import writes_by_connection
from iotplan.apply.stale import takes_more
from iotplan.live.model import LiveConnection, LiveEntity, Observations
from iotplan.plan.model import Action, Change, Kind, Plan
from iotplan.plan.ownership import Ownership


def connections_to_recount(plan: Plan) -> dict[str, list[str]]:
    """By project, the ids of the connections the plan removes or replaces something in."""
    wanted: dict[str, list[str]] = {}
    for changes in writes_by_connection(plan).values():
        node_id = _node_id(changes)
        if node_id and any(change.action.destroys for change in changes):
            wanted.setdefault(changes[0].project_id, []).append(node_id)
    return wanted


def _node_id(changes: list[Change]) -> str:
    """The live id of the connection these changes are in (its change is kept for its id, as a
    no-op if need be, like the units that write it); "" for one not yet made."""
    return next((c.live_id for c in changes if c.kind is Kind.NODE and c.live_id), "")


def taking_more_now(plan: Plan, fresh: Mapping[str, LiveConnection]) -> dict[str, list[str]]:
    """By connection (the name of its unit of work), each removal that would now destroy what its
    review did not see, said as a saved plan's is; `fresh` holds the connections read again, by id.
    Only connections with such a removal are named."""
    own = Ownership(plan.stack)
    found = {}
    for name, changes in writes_by_connection(plan).items():
        connection = fresh.get(_node_id(changes))
        said = [_taking_more(change, connection, own) for change in changes if change.action.destroys]
        if any(said):
            found[name] = [text for text in said if text]
    return found


def _taking_more(change: Change, connection: LiveConnection | None, own: Ownership) -> str:
    found = _found(change, connection) if connection is not None else None
    if connection is None or found is None:  # moved or gone: what removing its id takes is not known
        return f"{change.action} {change.address}: {change.live_id} is no longer where the plan found it"
    held, children = found
    contents = own.contents_of(change.address, children, connection)
    if change.action is Action.REPLACE:
        # It takes the undeclared sensors its plan named; the declared ones are counted in `held`.
        named = set(change.collateral)
        contents = {address: entity for address, entity in contents.items() if address in named}
    holding = tuple(
        address
        for address, entity in contents.items()
        if address.depth == 2 and Observations.of_sensor(entity).holds_data
    )
    fresh = dataclasses.replace(
        change,
        observations=held.known,
        observations_unknown=held.unknown,
        collateral=tuple(contents),
        holding=holding,
    )
    return takes_more(change, fresh)


def _found(change: Change, connection: LiveConnection) -> tuple[Observations, list[LiveEntity]] | None:
    """What the entity holds now, and its live children; None when the read does not show it."""
    if change.kind is Kind.NODE:
        return (connection.observations, connection.devices) if connection.node.id == change.live_id else None
    for device in connection.devices:
        sensors = connection.sensors_of(device)
        if change.kind is Kind.DEVICE and device.id == change.live_id:
            return Observations.of_tree(device, sensors), sensors
        sensor = next((s for s in sensors if s.id == change.live_id), None)
        if change.kind is Kind.SENSOR and sensor is not None:
            return Observations.of_sensor(sensor), []
    return None
