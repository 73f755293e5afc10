"""Rules that span entities, run on the data as written so they report alongside shape errors.

Each check yields `(path, address, message)`; the loader turns paths into file:line:col.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from typing import Any

from iotplan.manifest.addresses import (
    REF_ID_MAX_LENGTH,
    FoldedAlike,
    RawEntity,
    derive_ref_id,
    fold_ref_id,
    raw_entities,
)
from iotplan.manifest.gateway_host import GatewayAddress, checked_host, gateway_address, one_gateway_twice
from iotplan.manifest.models import ADDRESS_PATTERN, API_NODE_ID, GENERIC_SENSOR, KEY_PATTERN, SECRET_FIELDS
from iotplan.manifest.moves import Moves, shown_entry
from iotplan.manifest.source import Path
from iotplan.manifest.text import as_read, how_apart
from iotplan.manifest.thread import SEGMENT, type_segment
from iotplan.manifest.thread_checks import (
    THREAD_ONLY_FIELDS,
    by_side,
    check_thread_entities,
    is_thread_node,
    node_of,
    on_thread,
)
from iotplan.manifest.yaml_numbers import NumberLikeText
from iotplan.secrets import ENV_REFERENCE, shown_live

Finding = tuple[Path, str]


class WrittenBefore(str):
    """A finding's message about what an earlier entry wrote too: the loader tells that entry's line."""

    first: Path

    def __new__(cls, message: str, first: Path) -> WrittenBefore:
        made = super().__new__(cls, message)
        made.first = first
        return made


def check_manifest(data: dict[str, Any], text: str | None = None) -> Iterator[Finding]:
    """Every cross-field problem of loaded data; `text`, the YAML it was loaded from, spares the
    walk for `${env:` where the text cannot spell one (plain, or escaped in a quoted scalar).

    Each rule reads only the entities that write a field it reads (`_ruled_entities`), and the rules
    of keys and refIds run only where the addresses alone do not clear them: a fleet's 100,000
    sensors writing `{key, name}` were walked by every rule (test_checks_sifted holds the two alike)."""
    entities = raw_entities(data)
    integrate, under_threads = by_side(entities)
    ruled = _ruled_entities(entities)
    ruled_integrate, _ = by_side(ruled)  # every node is ruled, so each keeps its side
    addresses = [entity.address for entity in entities]
    unique = len(set(addresses)) == len(addresses)
    yield from _duplicate_project_ids(data)
    yield from _number_like_names(data, ruled)
    if not unique:  # equal addresses are the only duplicate keys
        yield from _duplicate_keys(entities)
    yield from _duplicate_pins(ruled)
    yield from _api_node_ids(ruled)
    yield from check_thread_entities(ruled_integrate, under_threads)
    yield from _loggers_on_two_threads(under_threads)
    yield from _threads_at_one_gateway(under_threads)
    yield from _generic_sensor_metrics(data, ruled_integrate if _plain_sensors_pass(data) else integrate)
    yield from _default_metrics(data)
    if text is None or "${env:" in text or "\\" in text:  # 0.7 s a walk at 300,000 entities
        yield from _env_references_never_read(data, ())
    stack = data.get("stack")
    if not (isinstance(stack, str) and KEY_PATTERN.fullmatch(stack)):
        pass  # no refId can be derived: the model tells
    elif not (unique and _derived_ref_ids_clear(addresses, stack, ruled_integrate)):
        yield from _ref_ids(integrate, stack)
    if data.get("moved"):
        declared = {entity.address: entity for entity in entities}
        yield from _moves(data, declared)
        if isinstance(stack, str) and KEY_PATTERN.fullmatch(stack):
            yield from _pinned_onto_moved(data, declared, stack)
    if data.get("shares_keys_with"):
        yield from _shares_keys_with(stack, data["shares_keys_with"])


def _shares_keys_with(stack: Any, others: Any) -> Iterator[Finding]:
    """`shares_keys_with` names other stacks: one named twice (in any case: the plan compares them as
    refIds are compared) says nothing a reader can trust. This manifest's own stack is let be and
    ignored by the plan: a template renders one list of regions into each region's manifest. A name
    no stack may have is the model's to tell."""
    seen: dict[str, str] = {}
    for index, other in enumerate(others if isinstance(others, list) else []):
        if not isinstance(other, str):
            continue
        folded = fold_ref_id(other)
        if folded in seen:
            alike = "" if seen[folded] == other else f" (as {seen[folded]!r})"
            yield ("shares_keys_with", index), f"{other!r} is named twice{alike}: delete one"
        seen.setdefault(folded, other)


# The fields of a device or sensor that a rule run for each entity reads besides its key: the
# naming fields, a pinned refId, the integrate fields a THREAD's entities refuse, and the other way
# round. An entity writing none of them (and no number-like key) passes every such rule but those
# of keys and refIds, which read its address.
RULED_FIELDS = frozenset(("ref_id", "serial", "template", "metrics", *THREAD_ONLY_FIELDS))


def _ruled_entities(entities: list[RawEntity]) -> list[RawEntity]:
    """The entities (in order) the per-entity rules can refuse: every node, and each device or
    sensor writing a field of RULED_FIELDS or a number-like key."""
    return [
        entity
        for entity in entities
        if entity.kind == "nodes"
        or not entity.body.keys().isdisjoint(RULED_FIELDS)
        or entity.body.get("key").__class__ is NumberLikeText
    ]


def _plain_sensors_pass(data: dict[str, Any]) -> bool:
    """Whether a sensor writing neither template, metrics nor ref_id passes the rule of metrics: it
    does, or does not, as every such sensor does, the defaults deciding."""
    written_nothing = RawEntity("sensors", "s", "s", {}, 0, ())
    return not any(_generic_sensor_metrics(data, [written_nothing]))


def _derived_ref_ids_clear(addresses: list[str], stack: str, ruled_integrate: list[RawEntity]) -> bool:
    """Whether `_ref_ids` finds nothing, told from the addresses (each unique) where no entity pins a
    refId: every refId is then `{stack}:{address}`, ASCII (the keys and stack are), so none is too
    long if the longest address fits, and none folds like another if no address holds a capital."""
    if any(isinstance(entity.body.get("ref_id"), str) for entity in ruled_integrate):
        return False
    longest = max(map(len, addresses), default=0)
    joined = "".join(addresses)
    return len(stack) + 1 + longest <= REF_ID_MAX_LENGTH and joined == joined.lower()


UNREAD_REFERENCE = (
    f"only {', '.join(sorted(SECRET_FIELDS))} reads ${{env:NAME}}; this text would be written as it is: "
    "write the value itself (a template can take it from --vars)"
)


def _env_references_never_read(value: Any, path: Path) -> Iterator[Finding]:
    """`${env:NAME}` is read in the secret fields alone (auth_token); anywhere else the platform would get the
    reference's own text (a feed URL that polls `?site=${env:SITE_ID}`)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in SECRET_FIELDS:
                yield from _env_references_never_read(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _env_references_never_read(item, (*path, index))
    elif isinstance(value, str) and "${env:" in value and ENV_REFERENCE.search(value):  # most hold none
        yield path, UNREAD_REFERENCE


# The fields an entity is found by: its refId is built from its keys and the stack, or pinned; a
# THREAD logger's id from its serial.
NAMING_FIELDS = ("key", "ref_id", "serial")


def _number_like_names(data: dict[str, Any], entities: list[RawEntity]) -> Iterator[Finding]:
    """A bare `key: 1e3` or `key: 0o10` is text to YAML 1.1 and a number to YAML 1.2, whose formatters
    would write it back as 1000.0 or 8: another key, and another refId (yaml_numbers.py). Refused as
    `key: 010` is, whose two readings are both numbers."""
    stack = data.get("stack")
    if isinstance(stack, NumberLikeText):
        yield ("stack",), _read_as_a_number(stack)  # told as `stack: 1e3 is read...`, as the model tells
    for entity in entities:
        for field in NAMING_FIELDS:
            value = entity.body.get(field)
            if value.__class__ is NumberLikeText:
                yield (*entity.path, field), f"{field}: {_read_as_a_number(value)}"


def _read_as_a_number(text: NumberLikeText) -> str:
    return f"{text} is {text.readings()}: {text.as_text()}"


def _duplicate_project_ids(data: dict[str, Any]) -> Iterator[Finding]:
    seen: set[str] = set()
    projects = data.get("projects")
    for index, project in enumerate(projects if isinstance(projects, list) else []):
        project_id = project.get("id") if isinstance(project, dict) else None
        if not isinstance(project_id, str):  # another type: the model tells
            continue
        if project_id in seen:
            path = ("projects", index, "id")
            yield path, f"project {project_id!r} is declared twice"
        seen.add(project_id)


def _duplicate_keys(entities: list[RawEntity]) -> Iterator[Finding]:
    # Node keys are unique in the whole manifest (addresses start with them); others among siblings,
    # told apart by their parent itself: two nodes with one key are one mistake, not one more for
    # each device under the second. Looked up by address, which siblings with one key share: the
    # last entity at an address is a sibling if any earlier one is, as raw_entities lists all of a
    # parent's children before the next parent's (a set of (parent, key) tuples cost twice as much).
    # The first sibling with the key is the one named: each later one names it, so a key printed for
    # fifty sites is one mistake told once (rendered_problems.py), not fifty naming each other. It is
    # the first under this parent: an earlier parent at the same address starts no sibling's count.
    last_at: dict[str, RawEntity] = {}
    first_at: dict[str, RawEntity] = {}
    for entity in entities:
        if "key" not in entity.body:
            continue
        other = last_at.get(entity.address)
        last_at[entity.address] = entity
        if other is None or (entity.kind != "nodes" and other.above is not entity.above):
            first_at[entity.address] = entity
            continue
        noun = entity.kind[:-1]
        scope = "in the manifest" if entity.kind == "nodes" else f"in its {_parent_noun(entity)}"
        message = f"duplicate {noun} key {entity.key!r}: keys must be unique {scope}"
        yield (*entity.path, "key"), WrittenBefore(message, (*first_at[entity.address].path, "key"))


def _api_node_ids(entities: list[RawEntity]) -> Iterator[Finding]:
    """Here, not in the model, so the error points at the `id:` line rather than the node's."""
    for entity in entities:
        node_id = entity.body.get("id")
        api = entity.kind == "nodes" and entity.body.get("kind", "api") == "api"
        if api and isinstance(node_id, str) and not API_NODE_ID.fullmatch(node_id):
            yield (*entity.path, "id"), "an api node's 'id' has the form /api/{6 hex}/node"


def _parent_noun(entity: RawEntity) -> str:
    return "node" if entity.kind == "devices" else "device"


def _duplicate_pins(entities: list[RawEntity]) -> Iterator[Finding]:
    seen: dict[tuple[str, str], str] = {}
    for entity in entities:
        field = "id" if entity.kind == "nodes" else "ref_id"
        pin = entity.body.get(field)
        if not isinstance(pin, str):  # absent, or another type the model tells
            continue
        scope = (entity.kind, pin) if entity.kind == "nodes" else (entity.address.rsplit("/", 1)[0], pin)
        if scope in seen:
            message = f"{field} {pin!r} is already used by {seen[scope]}"
            yield (*entity.path, field), message
        else:
            seen[scope] = entity.address


def _loggers_on_two_threads(under_threads: list[RawEntity]) -> Iterator[Finding]:
    """A logger is one box on one THREAD's port, and its id holds its THREAD's (thread.py): declared
    under two THREAD nodes, it would be created a second time on the other, with its serial and name,
    and its history split between the two. A box is its type and serial, as its id has them (two types
    of one serial are two ids), compared folded, as the plan finds ids; each logger is held to every
    earlier one, so the order they are written in hides none."""
    earlier: dict[tuple[str, str], list[RawEntity]] = {}  # a box folded → the loggers declaring it
    for entity in under_threads:
        box = _logger_box(entity)
        if box is None:
            continue
        other = next((each for each in earlier.get(box, []) if _one_box_on_two_threads(each, entity)), None)
        earlier.setdefault(box, []).append(entity)
        if other is None:
            continue
        serial, spelled = _logger_serial(entity), _logger_serial(other)
        written = "" if spelled == serial else f", written {spelled!r}"
        message = (
            f"logger serial {serial!r} is also declared under THREAD node {node_of(other).address} "
            f"(as {other.address}{written}): a THREAD logger cannot move to another THREAD, so it would "
            "be made a second time, its history split between the two; declare it under the one it is "
            "on, and delete the other"
        )
        yield (
            (*entity.path, _serial_field(entity)),
            WrittenBefore(message, (*other.path, _serial_field(other))),
        )


def _threads_at_one_gateway(under_threads: list[RawEntity]) -> Iterator[Finding]:
    """A THREAD gateway is one box with one serial, which is its node's id: two THREAD nodes whose
    `edge.host` reaches one box and port (GatewayAddress, as the two-stacks warning compares them; no
    name looked up) cannot both be it, and only plan, reading the serial there, told it. Two nodes of
    one key or one id are told as duplicates already."""
    first: dict[GatewayAddress, tuple[GatewayAddress, RawEntity]] = {}
    for entity in under_threads:
        gateway = _gateway_of(entity)
        if gateway is None:
            continue
        said, other = first.setdefault(gateway, (gateway, entity))
        if other is entity or other.address == entity.address or _one_id(other, entity):
            continue
        message = one_gateway_twice(_written_host(entity), said, _named(other))
        yield (*entity.path, "edge", "host"), WrittenBefore(message, (*other.path, "edge", "host"))


def _one_id(node: RawEntity, other: RawEntity) -> bool:
    node_id = node.body.get("id")
    return isinstance(node_id, str) and node_id == other.body.get("id")


def _named(node: RawEntity) -> str:
    node_id = node.body.get("id")
    return f"{node.address} ({node_id})" if isinstance(node_id, str) else node.address


def _written_host(node: RawEntity) -> Any:
    edge = node.body.get("edge")
    return edge.get("host") if isinstance(edge, dict) else None


def _gateway_of(node: RawEntity) -> GatewayAddress | None:
    """The gateway a THREAD node's `edge.host` reaches; None where it names none the edge client can
    send to (the model tells why), and for what hangs on the node."""
    host = _written_host(node) if node.kind == "nodes" else None
    if not isinstance(host, str):
        return None
    try:
        return gateway_address(checked_host(host))
    except ValueError:
        return None


def _one_box_on_two_threads(first: RawEntity, later: RawEntity) -> bool:
    """Whether two loggers of one type and serial are one box declared under two nodes. Under one node (or
    one id) `_ids` tells it. Two keys alone name no box: a template's `vw` at each of 100 sites is 100
    loggers; a serial or an id written is one."""
    return _node_id_of(first) != _node_id_of(later) and (_serial_written(first) or _serial_written(later))


def _serial_written(entity: RawEntity) -> bool:
    return "id" in entity.body or "serial" in entity.body


def _logger_box(entity: RawEntity) -> tuple[str, str] | None:
    """A THREAD logger's type and serial as its id has them, folded; None where either is unknown."""
    serial = _logger_serial(entity)
    if serial is None:  # a written `id` it reads a serial from has the form .../{type}/{serial}/device
        return None
    written = entity.body.get("id")
    kind = written.split("/")[-3] if isinstance(written, str) else entity.body.get("type")
    if not isinstance(kind, str):
        return None
    return fold_ref_id(type_segment(kind)), fold_ref_id(serial)


def _logger_serial(entity: RawEntity) -> str | None:
    """A THREAD logger's serial, as its id has it (thread_checks.py `_entity_id`), read from its
    `_serial_field`; None where none is one."""
    if entity.kind != "devices":
        return None
    field = _serial_field(entity)
    if field == "id":  # one not of a logger's form, `_ids` tells
        written = entity.body["id"]
        serial = written.split("/")[-2] if written.endswith("/device") and written.count("/") >= 3 else None
    else:
        serial = entity.key if field == "key" else entity.body["serial"]
    return serial if isinstance(serial, str) and SEGMENT.fullmatch(serial) else None


def _serial_field(entity: RawEntity) -> str:
    """Where a THREAD logger's serial is written: its `id`, else `serial`, else its key."""
    if isinstance(entity.body.get("id"), str):
        return "id"
    return "serial" if "serial" in entity.body else "key"


def _node_id_of(entity: RawEntity) -> Any:
    return node_of(entity).body.get("id")


def _generic_sensor_metrics(data: dict[str, Any], integrate: list[RawEntity]) -> Iterator[Finding]:
    """Of the sensors of api nodes (by_side): a THREAD's sensors have a type, not metrics."""
    defaults = _sensor_defaults(data)
    for sensor in integrate:
        if sensor.kind != "sensors":
            continue
        written = sensor.body["template"] if "template" in sensor.body else defaults.get("template")
        template = GENERIC_SENSOR if written is None else written
        metrics = sensor.body.get("metrics")
        if template != GENERIC_SENSOR:
            if metrics:
                shown = shown_live(template)  # a credential-shaped template is refused, and named masked
                message = f"metrics can only be declared on {GENERIC_SENSOR} sensors; {shown} has its own"
                yield (*sensor.path, "metrics"), message
            continue
        if metrics is None:
            metrics = defaults.get("metrics")
        if not metrics:
            yield sensor.path, _metrics_required(adopted=written is None and "ref_id" in sensor.body)
        elif isinstance(metrics, list) and "metrics" in sensor.body:
            yield from _mixed_combinations((*sensor.path, "metrics"), metrics)
            yield from _repeated_metrics((*sensor.path, "metrics"), metrics)


def _metrics_required(adopted: bool) -> str:
    if not adopted:
        return (
            f"a generic sensor ({GENERIC_SENSOR}) must declare at least one metric: the "
            "platform requires metrics and units at creation"
        )
    # Its template unsaid, a plan takes the one the platform's sensor has (and refuses metrics on a
    # catalog one, plan/catalog.py); validate reads no platform, so takes it for a generic one.
    return (
        f"adopted by ref_id without a template, it is taken for a generic sensor ({GENERIC_SENSOR}), "
        "which must declare at least one metric: declare its metrics, or write its catalog template "
        "if it has one (template: TEMPERATURE_SDE, say)"
    )


def _sensor_defaults(data: dict[str, Any]) -> dict[str, Any]:
    defaults = data.get("defaults")
    sensor = defaults.get("sensor") if isinstance(defaults, dict) else None
    return sensor if isinstance(sensor, dict) else {}


def _default_metrics(data: dict[str, Any]) -> Iterator[Finding]:
    """Checked once where they are written, since every sensor without its own inherits them."""
    metrics = _sensor_defaults(data).get("metrics")
    if isinstance(metrics, list):
        yield from _mixed_combinations(("defaults", "sensor", "metrics"), metrics)
        yield from _repeated_metrics(("defaults", "sensor", "metrics"), metrics)


def _mixed_combinations(path: Path, metrics: list[Any]) -> Iterator[Finding]:
    kinds = {_combination(entry) for entry in metrics if isinstance(entry, dict)}
    if len(kinds) > 1:
        message = (
            "all metrics of one sensor must use the same combination (custom metric + custom unit, "
            f"metric + unit, or custom metric + unit); found: {', '.join(sorted(kinds))}"
        )
        yield path, message


def _repeated_metrics(path: Path, metrics: list[Any]) -> Iterator[Finding]:
    """An observation's values are keyed by metric name (the reference): a metric named twice in one
    sensor, whatever its units, could never get a value of its own. Names are keys of a JSON object,
    so `a` and `A` are two; two that only look alike (NFC and NFD, an NBSP, a zero-width joiner) are
    two keys too, but no plan or UI tells them apart, so an edit dropping one reads as dropping either."""
    first: dict[tuple[str, str], tuple[int, str]] = {}
    for index, entry in enumerate(metrics):
        for field, name in _metric_names(entry):
            earlier, earlier_name = first.setdefault((field, as_read(name)), (index, name))
            if earlier != index:
                yield (*path, index, field), _declared_twice(field, name, earlier_name, (earlier, index))


def _declared_twice(field: str, name: str, earlier_name: str, indexes: tuple[int, int]) -> str:
    where = f"(metrics[{indexes[0]}] and metrics[{indexes[1]}])"
    shown, earlier = shown_live(name), shown_live(earlier_name)  # masked as a plan shows them
    if name == earlier_name:
        return (
            f"{field} {shown!r} is declared twice {where}: an observation's values are keyed by metric "
            "name, so one sensor cannot have it twice; declare each metric once"
        )
    return (
        f"{field} {shown!a} is declared twice {where}, as {earlier!a} first ("
        f"{how_apart(name, earlier_name)}): two metrics no plan or UI tells apart, so a change to one "
        "reads as a change to the other; declare each metric once, written one way"
    )


def _metric_names(entry: Any) -> list[tuple[str, str]]:
    if not isinstance(entry, dict):
        return []
    return [
        (field, entry[field]) for field in ("metric", "custom_metric") if isinstance(entry.get(field), str)
    ]


def _combination(entry: dict[str, Any]) -> str:
    metric = "metric" if "metric" in entry else "custom metric"
    unit = "unit" if "unit" in entry else "custom unit"
    return f"{metric} + {unit}"


def _ref_ids(integrate: list[RawEntity], stack: str) -> Iterator[Finding]:
    """Each derived refId fits the limit (a pinned `ref_id` is a Ref, whose type says so once), and
    no two entities have one refId.

    Keys cannot collide once unique among siblings ('/' and ':' are not allowed in them), but a
    pinned `ref_id` can claim another entity's refId, and two refIds that differ only in case may
    be one to the platform (it documents no case rule): both are refused. Only the entities of api
    nodes are checked (by_side): a THREAD and what hangs on it carry no refId, only ids (found by
    them, thread_checks.py holds their rules).
    """
    claimed: dict[str, RawEntity] = {}
    for entity in integrate:
        pinned = entity.body.get("ref_id")
        if isinstance(pinned, str):
            ref_id, folded = pinned, fold_ref_id(pinned)
        else:
            ref_id = f"{stack}:{entity.address}"  # derive_ref_id's, without a call for each entity
            if len(ref_id) > REF_ID_MAX_LENGTH:
                yield entity.path, _too_long(ref_id)
            # fold_ref_id's, without two calls: the stack and every key (or `sensors[3]` for a key
            # missing) are ASCII without blanks, which fold as lower() does (test_checks_shared_walk).
            folded = ref_id if ref_id.islower() else ref_id.lower()
        other = claimed.setdefault(folded, entity)
        if other is not entity and other.address != entity.address:  # equal keys are told as duplicates
            yield _collision(entity, other, ref_id, stack)


def _too_long(ref_id: str) -> str:
    return (
        f"refId {ref_id!r} is {len(ref_id)} characters; the limit is {REF_ID_MAX_LENGTH}: "
        "shorten the keys or the stack"
    )


def _collision(entity: RawEntity, other: RawEntity, ref_id: str, stack: str) -> Finding:
    pinned = other.body.get("ref_id")
    other_ref_id = pinned if isinstance(pinned, str) else derive_ref_id(stack, other.address)
    alike = FoldedAlike(ref_id, other_ref_id)
    same = (
        "is also"
        if other_ref_id == ref_id
        else f"differs only in {alike.how} from {alike.shown(other_ref_id)},"
    )
    message = (
        f"refId {alike.shown(ref_id)} {same} the refId of {other.address}: two entities would be one on the "
        "platform"
    )
    field = "ref_id" if "ref_id" in entity.body else "key"
    return (*entity.path, field), message


def _moved_entries(data: dict[str, Any]) -> list[tuple[int, str, str]]:
    """Each `moved` entry whose `from` and `to` are addresses, with its place in the list (the shape
    errors tell the others)."""
    return [
        (index, move["from"], move["to"])
        for index, move in enumerate(data.get("moved") or [])
        if isinstance(move, dict)
        and all(
            isinstance(move.get(end), str) and ADDRESS_PATTERN.fullmatch(move[end]) for end in ("from", "to")
        )
    ]


def _moves(data: dict[str, Any], declared: dict[str, RawEntity]) -> Iterator[Finding]:
    moves = _moved_entries(data)
    renames = {old: new for _, old, new in moves if old != new}  # an entry to itself renames nothing
    written = Moves.of((old, new) for _, old, new in moves)
    folded_declared = _by_folded_address(declared) if moves else {}
    sources: dict[str, str] = {}
    targets: _Targets = {}
    entries: dict[tuple[str, str], tuple[int, str]] = {}  # (folded `from`, `to`) → first index, `from`
    for index, old, new in moves:
        path = ("moved", index)
        readings = written.readings(old)
        at = readings[0]  # where it is on the platform now, however its parents are written
        problem = (
            _same_address_problem(old, new)
            or _repeated_entry_problem(index, old, new, entries)
            or _thread_move_problem(new, declared)
            or _one_target_problem(index, old, new, at, targets)
            or _chain_problem(old, new, renames, declared)
            or _two_readings_problem(old, readings)
            or _move_problem(old, new, declared, sources, at)
            or _declared_under_new_parents_problem(old, new, declared, at, written)
            or _folded_move_problem(old, new, folded_declared, sources, at)
            or _parent_problem(at, new, written)
        )
        if problem:
            yield path, problem
        sources.setdefault(fold_ref_id(at), at)
        entries.setdefault((fold_ref_id(old), new), (index, old))
        if old != new:
            targets.setdefault(fold_ref_id(new), (index, old, new, at))


def _by_folded_address(declared: dict[str, RawEntity]) -> dict[str, str]:
    """Each declared address by its folded form: addresses as refIds are compared (a `from` another
    key folds like is that key to the platform)."""
    return {fold_ref_id(address): address for address in declared}


def _pinned_onto_moved(data: dict[str, Any], declared: dict[str, RawEntity], stack: str) -> Iterator[Finding]:
    """A `ref_id:` naming what a `moved` entry moves (the refId of its `from`, under any address its
    parents may have on the platform now, or of a sensor beneath it) while another entity is declared
    where the entry moves it takes one live entity twice: the plan writing both to it. Refused at the
    `ref_id:` as the plain address is refused still declared. A pin with nothing declared there (a
    sensor pinned by an earlier rename, its connection moved now; a refId that never was) is the one
    claim on its refId, and is let be, as is the entity at the `to` pinning it. So is a pin whose
    entity there pins another refId of its own: that one is read through its pin, never through the
    moved refId (DesiredState gives it no old refId), so it claims nothing the entry moves."""
    pinned = [
        entity
        for entity in declared.values()
        if isinstance(entity.body.get("ref_id"), str) and "/" in entity.body["ref_id"]
    ]
    if not pinned:
        return
    moved_from = _moved_from_ref_ids(data, stack)
    folded_declared = _by_folded_address(declared)
    for entity in pinned:
        problem = _pinned_onto_moved_problem(entity, moved_from, folded_declared, declared)
        if problem:
            yield (*entity.path, "ref_id"), problem


# A folded refId a `moved` entry renames from → the entry (index, `from`, `to`) and the address read.
_MovedFrom = dict[str, tuple[int, str, str, str]]


def _moved_from_ref_ids(data: dict[str, Any], stack: str) -> _MovedFrom:
    """The refIds each entry that renames something may rename from, under every address its
    parents may have on the platform now (Moves.spellings); the first entry naming one keeps it."""
    entries = [(index, old, new) for index, old, new in _moved_entries(data) if old != new]
    moves = Moves.of((old, new) for _, old, new in entries)
    moved_from: _MovedFrom = {}
    for index, old, new in entries:
        spelled = moves.spellings(new)
        for address in spelled[1] if spelled else [moves.platform_address(old)]:
            if address != new:
                moved_from.setdefault(fold_ref_id(f"{stack}:{address}"), (index, old, new, address))
    return moved_from


def _pinned_onto_moved_problem(
    entity: RawEntity, moved_from: _MovedFrom, folded_declared: dict[str, str], declared: dict[str, RawEntity]
) -> str | None:
    ref_id = str(entity.body["ref_id"])
    parts = fold_ref_id(ref_id).split("/")
    for depth in range(len(parts), 0, -1):  # the nearest moved entity decides
        entry = moved_from.get("/".join(parts[:depth]))
        if entry is None:
            continue
        index, old, new, address = entry
        rest = ref_id.split("/")[depth:]
        moved_to = "/".join([new, *rest])
        other = folded_declared.get(fold_ref_id(moved_to))
        if other is None or other == entity.address:  # no second claim: this pin is the one
            return None
        if _pins_another_ref_id(declared[other], ref_id):  # read through its own pin, not the move
            return None
        there = "/".join([address, *rest])
        from iotplan.look_alikes import quoted_apart  # it imports manifest.addresses, loading this package

        return (
            f"ref_id {quoted_apart(ref_id)} is still declared: it names {there} on the platform, which "
            f"{shown_entry(index, old, new)} moves to {other}, declared too, and two declared entities "
            f"would be one on the platform. Drop this `ref_id:`, or the `moved` entry if {entity.address} "
            "is the one meant"
        )
    return None


def _pins_another_ref_id(entity: RawEntity, ref_id: str) -> bool:
    """Whether `entity` pins a `ref_id:` of its own other than `ref_id` (as refIds are compared); the
    same one is a second claim on it (also refused as a refId collision)."""
    pinned = entity.body.get("ref_id")
    return isinstance(pinned, str) and fold_ref_id(pinned) != fold_ref_id(ref_id)


def _same_address_problem(old: str, new: str) -> str | None:
    if old != new:
        return None
    return f"'from' and 'to' are the same address, {old}: this entry renames nothing; delete it"


def _thread_move_problem(new: str, declared: dict[str, RawEntity]) -> str | None:
    """A THREAD and its devices and sensors are found by their JSON-RPC id, never by a refId: `moved`
    has nothing to rewrite there. A THREAD keeps its `id:` under a renamed key; a device's or sensor's
    renamed key would make a second entity beside the first. A connection cannot become a THREAD."""
    entity = declared.get(new)
    if entity is not None and is_thread_node(entity):  # what on_thread leaves out: the node itself
        return (
            f"'to: {new}' is a THREAD node, found by its id, not a refId: a connection cannot become a "
            "THREAD, and a THREAD keeps its `id:` under a renamed key; drop this move"
        )
    if entity is None or not on_thread(entity):
        return None
    return (
        f"'to: {new}' is on a THREAD, where devices and sensors are found by their id, not a refId: "
        "drop this move and keep the entity's old id (`id:` of the old key's form) under the new key"
    )


def _repeated_entry_problem(
    index: int, old: str, new: str, entries: dict[tuple[str, str], tuple[int, str]]
) -> WrittenBefore | None:
    """An entry written twice (a line copied), word for word or its `from` in another case (refIds
    differing only so are one entity's, README), moves one entity once: told as the duplicate it
    is, at the second, never as the entity moved twice (to two places)."""
    repeated = entries.get((fold_ref_id(old), new))
    if repeated is None:
        return None
    first, first_old = repeated
    in_case = "" if first_old == old else f" (its 'from: {old}' differs only in case, naming the same entity)"
    message = (
        f"a duplicate entry: it repeats {shown_entry(first, first_old, new)}{in_case}, and one entry makes "
        "the move; delete one"
    )
    return WrittenBefore(message, ("moved", first))


# A folded `to` → the first entry (index, `from`, `to`) moving an entity there, and where its `from` is now.
_Targets = dict[str, tuple[int, str, str, str]]


def _one_target_problem(index: int, old: str, new: str, at: str, targets: _Targets) -> WrittenBefore | None:
    """Two entries moving two entities to one address (as refIds are compared) would make them one:
    the plan took the last entry and destroyed the other entity with its history. Which is meant no
    rule guesses. The same entity moved there twice is told as moved twice (_move_problem), or, the
    entry written twice word for word, as a duplicate (_repeated_entry_problem)."""
    first = targets.get(fold_ref_id(new))
    if first is None:
        return None
    first_index, first_old, first_new, first_at = first
    if fold_ref_id(first_at) == fold_ref_id(at):
        return None
    if first_new == new:
        same = f"is also the `to` of {shown_entry(first_index, first_old, first_new)}"
    else:
        alike = FoldedAlike(new, first_new)
        same = (
            f"differs only in {alike.how} from the `to` of {shown_entry(first_index, first_old, first_new)}, "
            "one address to the platform"
        )
    message = (
        f"'to: {new}' {same}: {shown_entry(index, old, new)} and it would make two entities one, the plan "
        "keeping one and destroying the other with its history. Each entity needs its own new address: "
        "give one entry another `to`, or delete the entry of the entity not kept (it is then removed, with "
        "its history)"
    )
    return WrittenBefore(message, ("moved", first_index))


def _chain_problem(old: str, new: str, renames: dict[str, str], declared: dict[str, RawEntity]) -> str | None:
    """Each entry is matched on its own, from the refId it names to the one it gives: a `to` that
    another entry moves on (history kept as in Terraform) would find nothing, so it is refused with
    the single entry to write instead. A `to` moved on and declared is no way station but another
    entity's new key: two entities shift keys, which a single entry would merge."""
    if new not in renames:
        return None
    chain = _follow(old, renames)
    if chain[-1] in chain[:-1]:
        return _swap_message(chain[chain.index(chain[-1]) :])
    chain = [*_origins(old, renames), *chain]
    if new in declared:
        return _shift_message(chain, new)
    last = chain[-1]
    return (
        f"'to: {new}' is moved on by another entry, and a chain of moves is not followed: replace "
        f"{' → '.join(chain)} with one entry, from the address the entity has on the platform now, and "
        f"delete the others: `{{from: {chain[0]}, to: {last}}}` if none of these moves was applied, "
        f"`{{from: {chain[-2]}, to: {last}}}` if the move to {chain[-2]} was"
    )


def _follow(start: str, renames: dict[str, str]) -> list[str]:
    """`start` and the addresses the entries move it on to, ending at the first one seen twice."""
    chain = [start]
    while chain[-1] in renames and chain.count(chain[-1]) == 1:
        chain.append(renames[chain[-1]])
    return chain


def _origins(address: str, renames: dict[str, str]) -> list[str]:
    """The addresses that entries move, one after another, to `address`: earliest first."""
    moved_to = {new: old for old, new in renames.items()}
    origins: list[str] = []
    while address in moved_to and moved_to[address] not in origins:
        address = moved_to[address]
        origins.insert(0, address)
    return origins


def _shift_message(chain: list[str], new: str) -> str:
    """Entities shifting keys (site-01's to site-99, site-02's to site-01) in one plan would find
    both at each key still held: applying the entries in turn, the key freed first, keeps each one's
    history on its own entity (the one entry a chain collapses to would give one entity another's)."""
    moves = list(pairwise(chain))[::-1]
    shifts = ", ".join(f"{old}'s to {to}" for old, to in moves)
    steps = ", apply, then ".join(f"`{{from: {old}, to: {to}}}`" for old, to in moves)
    return (
        f"'to: {new}' is moved on by another entry and declared: the entries shift {_counted(len(moves))} "
        f"entities' keys ({shifts}), not one entity's along a chain, which one plan cannot do: each key is "
        "taken on the platform until the move away from it is applied. One entry per apply, the one freeing "
        f"its key first, deleting each once applied: {steps}"
    )


def _counted(number: int) -> str:
    return {2: "two", 3: "three", 4: "four"}.get(number, str(number))


def _swap_message(cycle: list[str]) -> str:
    """A swap (or rotation) is refused: every address in it is taken on the platform until the move
    away from it is applied, so one plan would find both entities at each. Through a spare key it
    is a few moves, each applied before the next is written."""
    return (
        f"the moves {' → '.join(cycle)} swap addresses, which one plan cannot do: each address is "
        "taken on the platform until the move away from it is applied. Go through a spare key, one "
        f"entry per apply, deleting each once applied: {spare_key_steps(cycle)}"
    )


def spare_key_steps(cycle: list[str]) -> str:
    """The `moved` entries that swap (or rotate) the addresses of `cycle` (its first one last again),
    one apply each: plan/traded_names.py gives them too, for connections whose keys were swapped."""
    first, spare = cycle[0], f"{cycle[0]}-swap"
    moves = [(first, spare)]
    moves += [(cycle[i], cycle[i + 1]) for i in range(len(cycle) - 2, 0, -1)]
    moves.append((spare, cycle[1]))
    return ", then ".join(f"`{{from: {old}, to: {new}}}`" for old, new in moves)


def _two_readings_problem(old: str, readings: list[str]) -> str | None:
    """A `from` beneath a parent may be written under the parent's old address or its new one
    (manifest/moves.py); where a parent's address is both (a swap, a chain), the two name different
    entities, and which one is meant no rule guesses."""
    if len(readings) == 1:
        return None
    on_platform, declared = readings[0], readings[1]
    written_parent, moved_parent = old.rsplit("/", 1)[0], declared.rsplit("/", 1)[0]
    return (
        f"'from: {old}' could name two entities: {on_platform}, as the platform has it now, or "
        f"{declared}, reading {written_parent} as the address this manifest moves {moved_parent} to. "
        "Write `from:` with the address it has on the platform now, its parents' old addresses included"
    )


def _move_problem(
    old: str, new: str, declared: dict[str, RawEntity], sources: dict[str, str], at: str
) -> str | None:
    if new not in declared:
        return f"'to: {new}' points nowhere: no entity has that address"
    if old in declared:
        return f"'from: {old}' is still declared: a moved entity must exist only at its new address"
    if sources.get(fold_ref_id(at)) == at:  # each `from` is kept under its own folded key
        return f"'from: {old}' is moved twice" + (f" (it is {at} on the platform)" if at != old else "")
    if old.count("/") != new.count("/"):
        return f"'{old}' and '{new}' are different kinds of entity: a move keeps the kind"
    return None


def _declared_under_new_parents_problem(
    old: str, new: str, declared: dict[str, RawEntity], at: str, moves: Moves
) -> str | None:
    """Beneath parents this manifest moves, a `from` names the entity under their new keys once an
    earlier apply made their moves (plan/moved_readings.py): declared there, it is another entity,
    which the entry would rename (`dam-b/logger-1/crack-1` beside `{from: dam-a/logger-1/crack-1, to:
    dam-b/logger-1/crack-old}`, `dam-a` moved to `dam-b`). Refused as the plain spelling is."""
    if "/" not in at:
        return None
    (old_parent, key), new_parent = at.rsplit("/", 1), new.rsplit("/", 1)[0]
    if new_parent == old_parent or moves.old_address(new_parent) != old_parent:  # no moved parent, or refused
        return None
    under_new = f"{new_parent}/{key}"
    if under_new in (old, new) or under_new not in declared:
        return None
    return (
        f"'from: {old}' is still declared: a moved entity must exist only at its new address (it is "
        f"{under_new} under its parents' new keys, which this manifest declares)"
    )


def _folded_move_problem(
    old: str, new: str, folded_declared: dict[str, str], sources: dict[str, str], at: str
) -> str | None:
    """A `from` that differs from another declared address, or from another entry's `from`, only as
    refIds are compared (`OLD` beside a declared `old`): to a platform joining them, one entity
    renamed and written at once, or renamed twice. Its own `to` may (a key renamed in case only)."""
    folded = fold_ref_id(old)
    other = folded_declared.get(folded)
    if other is not None and other not in (old, new):
        alike = FoldedAlike(old, other)
        return (
            f"'from: {old}' differs only in {alike.how} from {alike.shown(other)}, which is declared: the "
            "platform may take the two for one entity; rename from the address it has on the platform"
        )
    twice = sources.get(fold_ref_id(at))
    if twice is not None and twice != at:
        alike = FoldedAlike(at, twice)
        return (
            f"'from: {old}' differs only in {alike.how} from another entry's {alike.shown(twice)}: "
            "moved twice"
        )
    return None


def _ways_to_keep_a_parent(at: str, new: str) -> str:
    """The two ways forward from a move to another parent: keep the entity (and its history) where it
    is, or let the plan remove it and create it anew, which the entry itself can never do. Keeping it
    says to declare it back first: deleting the entry alone, the entity still declared under its new
    parent, is the second way, which removes it with its history."""
    parent = at.rsplit("/", 1)[0]
    return (
        f"keep {at} under {parent} (declare it back under {parent} and delete this entry, or rename it "
        f"there: declare it as {parent}/NEW-KEY with `to: {parent}/NEW-KEY`), or, "
        f"to move it indeed, delete the entry: the plan then removes {at} with its observation history "
        f"(--allow-destroy where it holds any) and creates {new} anew"
    )


def _parent_problem(at: str, new: str, moves: Moves) -> str | None:
    """A device or sensor keeps its parent; only its key (or its parent's key) may change. `at`: the
    address its `from` names on the platform now, beneath the parent's old address or its new one."""
    if "/" not in at:
        return None
    (old_parent, key), new_parent = at.rsplit("/", 1), new.rsplit("/", 1)[0]
    parent_now = moves.old_address(new_parent)
    if parent_now == old_parent:
        return None
    problem = "an entity cannot move to another parent on the platform: only keys can change"
    if parent_now == new_parent:  # its new parent is not moved: a move to another parent indeed
        return f"{problem}; {_ways_to_keep_a_parent(at, new)}"
    # Its new parent is moved too: the `from` mixes the parents' addresses (old connection, new device).
    return (
        f"{problem}; beneath parents this manifest moves, write `from: {parent_now}/{key}`, its address on "
        f"the platform now, or `from: {new_parent}/{key}`, under its parents' new addresses"
    )
