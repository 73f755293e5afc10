"""Rules for the entities under THREAD nodes, run on the data as written (see checks.py), so each
error points at the line that causes it.

A device or sensor is one of two things, by the node it hangs on: an integrate entity (api node:
template, ref_id, protect, notes, metrics) or a JSON-RPC entity (thread node: type, port, mode,
mux_index, zero_date, id...). A field of the other side is refused, naming the side it belongs to.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iotplan.manifest.addresses import FoldedAlike, RawEntity, fold_ref_id
from iotplan.manifest.models import THREAD_NODE_ID
from iotplan.manifest.source import Path
from iotplan.manifest.thread import (
    DEVICE_FIELDS,
    ENTITY_TYPE,
    GATEWAY_SETTINGS_KEY,
    INTEGRATE_DEVICE_FIELDS,
    INTEGRATE_SENSOR_FIELDS,
    SEGMENT,
    SENSOR_FIELDS,
    device_id,
    sensor_id,
    thread_serial,
)

Finding = tuple[Path, str]
THREAD_ONLY_FIELDS = frozenset(DEVICE_FIELDS) | frozenset(SENSOR_FIELDS)


def is_thread_node(entity: RawEntity) -> bool:
    return entity.kind == "nodes" and entity.body.get("kind") == "thread"


def node_of(entity: RawEntity) -> RawEntity:
    """The node `entity` is written under: found by where it is, not by its key, since two nodes
    may share a key (told as a duplicate) and each problem belongs to the node it is under."""
    while isinstance(entity.above, RawEntity):
        entity = entity.above
    return entity


def on_thread(entity: RawEntity) -> bool:
    """A device or sensor written under a `kind: thread` node."""
    return entity.kind != "nodes" and is_thread_node(node_of(entity))


def by_side(entities: list[RawEntity]) -> tuple[list[RawEntity], list[RawEntity]]:
    """The entities (as raw_entities lists them) in two lists, each in order: those under api nodes
    (or nodes of no valid kind), and the THREAD nodes with what hangs on them. Told apart once per
    node, not once per entity and check (`node_of` for each of 111,100 entities, three times, was
    a third of check_manifest): raw_entities lists each node's entities right after the node."""
    integrate: list[RawEntity] = []
    under_threads: list[RawEntity] = []
    side = integrate
    for entity in entities:
        if entity.kind == "nodes":
            side = under_threads if is_thread_node(entity) else integrate
        side.append(entity)
    return integrate, under_threads


def check_thread_entities(integrate: list[RawEntity], under_threads: list[RawEntity]) -> Iterator[Finding]:
    """The two sides' fields apart (by_side's lists), and the THREAD rules: a fleet of api nodes
    is walked once, for a field of the other side."""
    for entity in integrate:
        if entity.kind != "nodes" and not entity.body.keys().isdisjoint(THREAD_ONLY_FIELDS):
            yield from _integrate_side(entity)
    for entity in under_threads:
        if entity.kind != "nodes":
            yield from _thread_side(entity)
        if entity.kind == "devices" and entity.body.get("key") == GATEWAY_SETTINGS_KEY:
            yield (*entity.path, "key"), _gateway_settings_key(entity)
    yield from _node_ids(under_threads)
    yield from _upper_case_serials(under_threads)
    yield from _ids(under_threads)
    yield from mux_indexes(under_threads)


def _thread_side(entity: RawEntity) -> Iterator[Finding]:
    foreign = INTEGRATE_DEVICE_FIELDS if entity.kind == "devices" else INTEGRATE_SENSOR_FIELDS
    for field in foreign:
        if field in entity.body:
            yield (*entity.path, field), _foreign_field(entity, field)
    required = ("type", "port") if entity.kind == "devices" else ("type",)
    for field in required:
        needed = f"missing required field {field!r}: a {entity.kind[:-1]} under a THREAD needs it"
        if field not in entity.body:
            yield entity.path, needed
        elif entity.body[field] is None:  # `port:` or `port: ~` gives nothing, as leaving it out does
            yield (*entity.path, field), f"{needed}: it is empty here"


def _gateway_settings_key(entity: RawEntity) -> str:
    """A logger keyed `edge` would stand at the address of its THREAD's gateway settings
    (plan/edge.py): a sensor `port1.power` under it is the setting `port1.power`, two changes at one
    address, and `--target`/`--exclude {node}/edge` would take the logger with the settings."""
    node = node_of(entity).key
    reserved = (
        f"device key {GATEWAY_SETTINGS_KEY!r} is reserved under a THREAD node: {node}/{GATEWAY_SETTINGS_KEY} "
        f"addresses its gateway's settings ({node}/{GATEWAY_SETTINGS_KEY}/port1.power), which this logger's "
        f"sensors would share, and --target or --exclude {node}/{GATEWAY_SETTINGS_KEY} would take both; "
        "give the logger another key"
    )
    if "serial" in entity.body or "id" in entity.body:
        return f"{reserved} (its id comes from its `serial:` or `id:`, which the new key keeps: no `moved`)"
    # A THREAD's logger is found by its id, never a refId: `moved` renames none (_thread_move_problem).
    return (
        f"{reserved}; if it is on the platform already, write `serial: {GATEWAY_SETTINGS_KEY}` under the "
        "new key: its id is made of its serial, which is its key when none is written (`moved` renames "
        "no THREAD logger)"
    )


def _foreign_field(entity: RawEntity, field: str) -> str:
    noun = entity.kind[:-1]
    belongs = f"{field!r} belongs to devices and sensors of api nodes"
    if entity.body.get("type") is not None:  # told to use a 'type' it has, the user would go round in circles
        return f"{belongs}; a {noun} under a THREAD has none (its 'type' says what it is): delete it"
    return f"{belongs}; under a THREAD a {noun} has a 'type' instead"


def _integrate_side(entity: RawEntity) -> Iterator[Finding]:
    for field in DEVICE_FIELDS if entity.kind == "devices" else SENSOR_FIELDS:
        if field in entity.body:
            yield (
                (*entity.path, field),
                f"{field!r} belongs to devices and sensors under a THREAD (kind: thread); an api "
                f"node's {entity.kind[:-1]} has a 'template' instead",
            )


def _node_ids(under_threads: list[RawEntity]) -> Iterator[Finding]:
    """Here, not in the model: a model's own check runs only once every field of the node is valid,
    so a bad id was told one `validate` after a bad edge setting, and at the node's line."""
    for entity in under_threads:
        node_id = entity.body.get("id")
        if entity.kind != "nodes" or not isinstance(node_id, str | None):  # another type: the model tells
            continue
        if node_id is None or not THREAD_NODE_ID.fullmatch(node_id):
            path = (*entity.path, "id") if "id" in entity.body else entity.path
            yield path, "a thread node needs 'id' of the form /fn/{6 hex}/node"


def _upper_case_serials(under_threads: list[RawEntity]) -> Iterator[Finding]:
    """The platform and the gateway write a THREAD's serial in upper-case hex (every id of the
    reference: /fn/6C4F6D/node), and the platform finds a connection by its exact id: one written in
    another case would be registered as a second THREAD, a copy of the first."""
    for entity in under_threads:
        node_id = entity.body.get("id")
        if entity.kind != "nodes" or not isinstance(node_id, str) or not THREAD_NODE_ID.fullmatch(node_id):
            continue
        serial = thread_serial(node_id)
        if serial != serial.upper():
            yield (
                (*entity.path, "id"),
                f"{node_id!r}: a THREAD's serial is upper-case hex, as the platform and the gateway write "
                f"it: /fn/{serial.upper()}/node (an id that differs only in case is another connection)",
            )


def _ids(under_threads: list[RawEntity]) -> Iterator[Finding]:
    """Every id a THREAD entity has or gets: of its parent's form, and used once. Ids are compared
    folded as refIds are (fold_ref_id): the plan finds a live THREAD entity by its id so folded, so
    two ids that fold alike would be two entries here and one entity there."""
    ids: dict[int, str] = {}  # the entity (by identity: keys may repeat) → its id, parents first
    seen: dict[str, tuple[str, str]] = {}  # an id folded → the entity holding it, and its id
    for entity in under_threads:
        if entity.kind == "nodes":
            node_id = entity.body.get("id")
            if isinstance(node_id, str) and THREAD_NODE_ID.fullmatch(node_id):
                ids[id(entity)] = node_id
            continue
        parent = ids.get(id(entity.above))
        if parent is None:
            continue
        found = _entity_id(entity, parent)
        if found is None:
            continue
        chosen, problem = found
        if problem:
            yield (*entity.path, "id"), problem
            continue
        folded = fold_ref_id(chosen)
        if folded in seen:
            other, other_id = seen[folded]
            if other != entity.address:  # equal addresses are told as duplicate keys
                yield entity.path, _same_id(chosen, other, other_id)
            continue
        seen[folded] = entity.address, chosen
        ids[id(entity)] = chosen


def _same_id(chosen: str, other: str, other_id: str) -> str:
    if chosen == other_id:
        return f"id {chosen!r} is also the id of {other}"
    alike = FoldedAlike(chosen, other_id)
    return (
        f"id {alike.shown(chosen)} differs only in {alike.how} from {alike.shown(other_id)}, the id of "
        f"{other}: the platform may not tell them apart (its reference gives no rule for {alike.folded})"
    )


def _entity_id(entity: RawEntity, parent: str) -> tuple[str, str] | None:
    """The id and, when the written one does not fit under its parent, why; None if unknowable."""
    suffix = "/device" if entity.kind == "devices" else "/sensor"
    written = entity.body.get("id")
    if isinstance(written, str):
        if not written.startswith(parent + "/") or not written.endswith(suffix):
            form = (
                f"{parent}/{{type}}/{{serial}}/device"
                if entity.kind == "devices"
                else f"{parent}/{{name}}/sensor"
            )
            return written, f"{written!r} is not an id under its parent: it has the form {form}"
        return written, _other_serial(entity, written)
    key = entity.key
    if not SEGMENT.fullmatch(key):
        return None
    if entity.kind == "sensors":
        return sensor_id(parent, key), ""
    kind, serial = entity.body.get("type"), entity.body.get("serial", key)
    if not (isinstance(kind, str) and ENTITY_TYPE.fullmatch(kind) and isinstance(serial, str)):
        return None
    return device_id(parent, kind, serial), ""


def _other_serial(entity: RawEntity, written: str) -> str:
    """A device's `serial:` the `id:` it is given contradicts: the id would win, unseen. Often a
    swapped logger, whose new serial makes a new device."""
    serial, in_id = entity.body.get("serial"), written.split("/")[-2]
    if entity.kind != "devices" or not isinstance(serial, str) or serial == in_id:
        return ""
    return (
        f"{written!r} is the id of the logger with serial {in_id!r}, not {serial!r}: a logger with another "
        "serial (a swapped one) is another device, created under its own id; drop `id:`, or give the "
        f"serial it carries, {in_id!r}"
    )


def mux_indexes(under_threads: list[RawEntity]) -> Iterator[Finding]:
    """Two sensors on one channel of one logger cannot both be read."""
    seen: dict[tuple[int, Any], RawEntity] = {}
    for entity in under_threads:
        index = entity.body.get("mux_index")
        if entity.kind != "sensors" or type(index) is not int:  # a boolean too: the model tells
            continue
        other = seen.setdefault((id(entity.above), index), entity).address
        if other != entity.address:
            yield (*entity.path, "mux_index"), f"mux_index {index} is also the channel of {other}"
