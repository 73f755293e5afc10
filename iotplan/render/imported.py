"""Live state written as a manifest, so an existing network can be adopted (`iotplan import`).

The manifest is made so that planning it against the same platform shows no changes: keys come
from the refIds iotplan would derive when they match, and otherwise the entity is adopted with
`ref_id` (or, for a connection, `id`). Values are written by YAML's own emitter, so whatever a
name holds (control characters, any plane of Unicode) reads back exactly; text in comments is
escaped to printable ASCII. Secrets are never written: an auth token becomes a `${env:...}` reference.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from iotplan.live.model import LiveConnection, LiveEntity, LiveProject
from iotplan.manifest.addresses import FoldedAlike, derive_ref_id, fold_ref_id, owned_by, owner_of
from iotplan.manifest.models import DEFAULT_DEVICE_TEMPLATE, GENERIC_SENSOR, KEY_PATTERN
from iotplan.manifest.text import why_no_identifier
from iotplan.plan.model import THREAD_PREFIX
from iotplan.plan.ownership import Ownership, look_alike_of
from iotplan.plan.props import FIELD_TO_PROP, Unreadable, identity_holds_a_secret, live_fields, shown_serial
from iotplan.render.imported_thread import thread_node
from iotplan.render.manifest_yaml import (
    Keys,
    Writer,
    comment,
    fallback_key,
    field_yaml,
    left_out_as_secret,
    left_out_masked,
    metrics_held_secret,
    metrics_held_secret_comment,
    unmodelled,
    yaml_value,
)
from iotplan.wording import counted, joined, observations

NO_CHANGES = "# `iotplan plan` on this file shows no changes; from here on, git is the source of truth."
# What a `ref_id:` adoption relies on: where the platform keeps no refId as SERIAL_NO, an adopted device
# or sensor is never found by its updates (docs/api-assumptions.md, A1).
REF_ID_CAVEAT = (
    "devices and sensors adopted by `ref_id:` are found again only where the platform keeps refIds as "
    "SERIAL_NO: `iotplan check-platform --project {project}` says so on its A1 line"
)
# What drift says of the devices and sensors left out (no refId, or one a manifest may not hold): a
# person's entity nothing declares is drift (README, Ownership), so the nightly check fails on it.
LEFT_UNMANAGED = (
    "this file cannot adopt {entities} (devices and sensors with no SERIAL_NO, or one a manifest may not "
    "hold, and the sensors under such a device; each named in a comment in the file): they stay "
    "unmanaged, so `iotplan drift` reports them as "
    "UNMANAGED and exits 2 until each gets a SERIAL_NO in the platform's web app and is imported again"
)
# A connection left out as a look-alike copy of one declared: plans never touch it (one differing in case
# only, they show as a duplicate: `copy_in_another_case`).
LEFT_AS_COPIES = (
    "this file leaves out {connections} whose refId differs from a declared one's only in case, Unicode "
    "form or invisible characters (each named in a comment in the file): the platform may take the two for "
    "one, and iotplan never touches such a copy; remove it in the platform's web app"
)
# The fields a manifest refuses empty (manifest/text.py Name, Url: "write a value or leave the field
# out"), which web forms commonly save: left out, so a clean network imports, and iotplan leaves them be.
ONE_LINE_FIELDS = frozenset({"name", "external_id", "url"})
# Devices and sensors of another tool carrying one refId (a `T1` under each of two loggers): a manifest
# declares only one (validate refuses a second), and no edit of the file adopts both, so the step is the
# platform's. A new SERIAL_NO keeps the entity's id and observations; only its refId changes. Until it
# does, the earlier one is not spared: no write reaches it by a refId two entities carry (carriers.py).
SHARED_REF_IDS = (
    "this file declares {entities} whose refId an earlier entry in it carries too (each named in a comment "
    "above it): a manifest declares only one, so it does not validate, and no edit of it adopts both; give "
    "each of those later ones a new SERIAL_NO in the platform's web app (it keeps its id and observations; "
    "the earlier one keeps its refId, but cannot be updated until the later one's SERIAL_NO changes), then "
    "import again"
)
# THREAD sensors on a channel (MUX_INDEX) an earlier sensor of their logger is on: validate refuses the
# second, yet editing its `mux_index` would plan the logger's channel map rewritten, while only the
# site knows which sensor is wired there. Corrected in the web app, a sensor keeps its observations.
SHARED_CHANNELS = (
    "this file declares {sensors} on a channel (MUX_INDEX) an earlier sensor of the same logger is on "
    "(each named in a comment above it): a logger reads one sensor per channel, so it does not validate, "
    "and editing `mux_index` in it would rewrite the logger's channel map; check which sensor is really "
    "wired to that channel, correct the other's channel in the platform's web app (its history stays), "
    "then import again"
)
# One line for the other: the problems found in the manifest are told at its lines.
NOT_VALID = "# It does not validate yet: fix what `iotplan validate` on it names, then plan it."


@dataclass(frozen=True)
class ImportedManifest:
    text: str  # the YAML
    adopts_by_ref_id: bool  # a device or sensor adopted by `ref_id:`: REF_ID_CAVEAT holds for it
    left_unmanaged: int = 0  # devices and sensors not adopted, a device's sensors counted with it
    left_as_copies: int = 0  # connections left out as look-alike copies of one declared
    shared_ref_ids: int = 0  # devices and sensors declared with a refId an earlier entry carries
    shared_channels: int = 0  # THREAD sensors declared on a channel an earlier sensor of their logger is on


def render_import(projects: list[LiveProject], stack: str, source: str) -> ImportedManifest:
    out = _ImportWriter()
    out.add(0, f"# Imported by `iotplan import` from {source}. Review it, then commit it.")
    out.add(0, NO_CHANGES)
    header = len(out.lines)
    out.add(0, "apiVersion: iotplan/v1")
    out.add(0, f"stack: {yaml_value(stack)}")
    out.add(0, "projects:")
    for project in projects:
        out.add(2, f"- id: {project.id}")
        if not project.connections:  # a new project to start managing: a list, however empty
            out.add(4, "nodes: []")
            continue
        out.add(4, "nodes:")
        connections = _ordered(project.connections.values())
        beneath = _beneath(connections)
        copies = _fold_twins_left_out([connection.node for connection in connections], f"{stack}:", beneath)
        node_keys = _sibling_keys(
            [connection.node for connection in connections if connection.node.id not in copies],
            f"{stack}:",
            beneath,
        )
        for connection in connections:
            copy_of = copies.get(connection.node.id)
            if copy_of is None:
                _node(out, connection, stack, node_keys[connection.node.id])
            else:
                _left_out_as_copy(out, connection, node_keys[copy_of.id])
    if out.adopted_by_ref_id:
        out.lines[header:header] = [ref_id_caveat(project.id) for project in projects]
    if out.left_unmanaged:
        out.lines.insert(header, f"# {left_unmanaged(out.left_unmanaged)}.")
    if out.left_as_copies:
        out.lines.insert(header, f"# {left_as_copies(out.left_as_copies)}.")
    if out.shared_ref_ids:
        out.lines.insert(header, f"# {shared_ref_ids(out.shared_ref_ids)}.")
    if out.shared_channels:
        out.lines.insert(header, f"# {shared_channels(out.shared_channels)}.")
    return ImportedManifest(
        out.text(),
        out.adopted_by_ref_id,
        out.left_unmanaged,
        out.left_as_copies,
        out.shared_ref_ids,
        out.shared_channels,
    )


def shared_channels(count: int) -> str:
    return SHARED_CHANNELS.format(sensors=counted(count, "sensor"))


def shared_ref_ids(count: int) -> str:
    return SHARED_REF_IDS.format(entities=counted(count, "entity"))


def left_as_copies(count: int) -> str:
    return LEFT_AS_COPIES.format(connections=counted(count, "connection"))


def left_unmanaged(count: int) -> str:
    return LEFT_UNMANAGED.format(entities=counted(count, "entity"))


def ref_id_caveat(project_id: str) -> str:
    """The header line of a manifest that adopts by `ref_id:` (at column 0, so no value's text)."""
    return f"# {REF_ID_CAVEAT.format(project=project_id)}."


@dataclass
class _ImportWriter(Writer):
    adopted_by_ref_id: bool = False  # a device or sensor adopted by `ref_id:`: the header says what it needs
    left_unmanaged: int = 0  # devices and sensors it could not adopt: the header says drift reports them
    left_as_copies: int = 0  # connections left out as copies of one declared: the header says so
    shared_ref_ids: int = 0  # entries carrying a refId an earlier one carries: the header says the step
    shared_channels: int = 0  # THREAD sensors on an earlier one's channel: the header says the step
    # each folded refId: the address of the entry carrying it, and that refId as it carries it
    declared_ref_ids: dict[str, tuple[str, str]] = field(default_factory=dict)

    def declare(self, indent: int, entity: LiveEntity, address: str, who: str) -> None:
        """Notes the entry's refId; one an earlier entry carries (folded, as validate compares them)
        gets a comment above it saying the step that adopts both: validate tells its line."""
        ref_id = str(entity.ref_id)
        earlier, earlier_ref_id = self.declared_ref_ids.setdefault(fold_ref_id(ref_id), (address, ref_id))
        if earlier == address:
            return
        self.shared_ref_ids += 1
        carried = _as_carried_by(earlier, earlier_ref_id, ref_id)
        self.add(
            indent,
            f"# {who} carries refId {comment(entity.ref_id)}, {carried}: the platform holds both, "
            "but a manifest declares only one, and no edit of this file adopts both. To adopt both, give "
            f"{who} a new SERIAL_NO in the platform's web app (it keeps its id and observations; a tool "
            f"writing to it by refId {comment(entity.ref_id)} must then use the new one), then import again",
        )


def _as_carried_by(earlier: str, earlier_ref_id: str, ref_id: str) -> str:
    """`as <earlier> does`, or, where the earlier entry's refId is another that folds alike (`T1` and
    `t1`), that one and how they differ, as validate tells them: not worded as the same refId."""
    if earlier_ref_id == ref_id:
        return f"as {earlier} does"
    how = FoldedAlike(ref_id, earlier_ref_id).how
    same = f"the same refId to the platform (differing only in {how})"
    return f"as {earlier} carries {comment(earlier_ref_id)}, {same}"


def marked_invalid(text: str) -> str:
    """The manifest's header saying it does not validate, instead of promising no changes."""
    return text.replace(f"\n{NO_CHANGES}\n", f"\n{NOT_VALID}\n", 1)


def common_stack(projects: list[LiveProject]) -> str | None:
    """The stack every refId already names, when they agree (a re-import). Devices and sensors
    count too: a connection of stack `alpha` holding stack `gamma`'s devices imported as `alpha`
    would make a second manifest of alpha, each removing what the other declares."""
    stacks = named_stacks(projects)
    return stacks[0] if len(stacks) == 1 else None


def named_stacks(projects: list[LiveProject]) -> list[str]:
    """Every stack that owns an entity, sorted, by the rule the plan asks (`owner_of`): `other:legacy`
    on a device is no address of a device, so another tool's, and names no stack. An owner is a
    manifest's key, so a refId holding a credential owns nothing and no error shows its prefix."""
    return sorted(
        {
            owner
            for p in projects
            for c in p.connections.values()
            for _, depth, entity in entities_of(c)
            if adoptable(entity) and (owner := owner_of(entity.ref_id, depth)) is not None
        }
    )


def entities_of(connection: LiveConnection) -> Iterator[tuple[str, int, LiveEntity]]:
    """Each entity of the connection, its kind and its depth (an address's, `owner_of`'s)."""
    yield "connection", 0, connection.node
    for device in connection.devices:
        yield "device", 1, device
        yield from (("sensor", 2, sensor) for sensor in connection.sensors_of(device))


def _ordered(entities: Iterable[Any]) -> list[Any]:
    def name(item: Any) -> str:
        entity = item.node if isinstance(item, LiveConnection) else item
        return str(entity.ref_id or entity.id)

    return sorted(entities, key=name)


def _key_from(entity: LiveEntity, expected_prefix: str) -> str | None:
    """The key when the entity's refId is exactly what iotplan derives under this parent."""
    ref = entity.ref_id or ""
    rest = ref[len(expected_prefix) :] if ref.startswith(expected_prefix) else ""
    return rest if KEY_PATTERN.fullmatch(rest) else None


def _sibling_keys(
    siblings: list[LiveEntity], prefix: str, beneath: Callable[[LiveEntity], list[LiveEntity]]
) -> dict[str, str]:
    """Each sibling's key, by its id: first the keys the stack's refIds give (its own refId when it
    is the one derived under `prefix`, then the key its devices' or sensors' refIds name for it: a
    connection adopted by `id:` keeps the key its stack's entities beneath were made under), then the
    keys made of names. So a name, or a web-app rename of a sibling, never takes a key the stack's
    refIds use, and the stack's entities keep their keys (and their refIds one address)."""
    keys = Keys()
    chosen: dict[str, str] = {}
    for wanted in (
        lambda entity: _key_from(entity, prefix),
        lambda entity: _key_named_beneath(beneath(entity), prefix),
        fallback_key,
    ):
        for entity in siblings:
            key = None if entity.id in chosen else wanted(entity)
            # A refId's key a sibling took already (a web-app copy carrying its refId) is left to the
            # names: numbered here, it would take the key a later sibling's own refId gives.
            if key is not None and (wanted is fallback_key or not keys.holds(key)):
                chosen[entity.id] = keys.claim(key)
    return chosen


def _fold_twins_left_out(
    nodes: list[LiveEntity], prefix: str, beneath: Callable[[LiveEntity], list[LiveEntity]]
) -> dict[str, LiveEntity]:
    """The connections left out as copies, by id, each with the one declared in its place: those
    whose refIds fold alike (`fold_ref_id`) with one whose own refId gives its key. Declared both
    (one by its key, one by `id:`), plans would show no changes where the platform may hold one
    entity; declared one, plans show the other as the copy it may be."""
    twins: dict[str, list[LiveEntity]] = {}
    for node in nodes:
        if node.ref_id is not None and not node.id.startswith(THREAD_PREFIX):
            twins.setdefault(fold_ref_id(node.ref_id), []).append(node)
    copies = {}
    for group in twins.values():
        kept = _twin_kept(group, prefix, beneath) if len(group) > 1 else None
        left = [twin for twin in group if kept is not None and twin is not kept]
        if not any(_owned_beneath(twin, prefix, beneath) for twin in left):
            copies.update({twin.id: kept for twin in left if kept is not None})
    return copies


def _owned_beneath(node: LiveEntity, prefix: str, beneath: Callable[[LiveEntity], list[LiveEntity]]) -> bool:
    """Whether the stack owns a device or sensor under the connection: left out, a plan could take it
    for the stack's orphan, so the twins are written as they are and validate names any clash."""
    stack = prefix[:-1]
    return any(
        owned_by(stack, entity.ref_id, 2 if entity.parent_id != node.id else 1) for entity in beneath(node)
    )


def _twin_kept(
    twins: list[LiveEntity], prefix: str, beneath: Callable[[LiveEntity], list[LiveEntity]]
) -> LiveEntity | None:
    """Of connections whose refIds fold alike, the one to declare by its key: the one its devices'
    refIds name, else the only one holding devices, else (all empty) the first its refId keys. None
    when that cannot be told (two hold devices): both are written, and validate names the clash."""

    def named_by_its_devices(twin: LiveEntity) -> bool:
        own = _key_from(twin, prefix)
        return own is not None and _key_named_beneath(beneath(twin), prefix) == own

    for holds in (named_by_its_devices, lambda twin: bool(beneath(twin))):
        holding = [twin for twin in twins if holds(twin)]
        if holding:
            one = len(holding) == 1 and _key_from(holding[0], prefix) is not None
            return holding[0] if one else None
    return next((twin for twin in twins if _key_from(twin, prefix) is not None), None)


def _left_out_as_copy(out: _ImportWriter, connection: LiveConnection, key: str) -> None:
    node = connection.node
    out.left_as_copies += 1
    devices = len(connection.devices)
    sensors = sum(len(connection.sensors_of(device)) for device in connection.devices)
    held = f", holding {counted(devices, 'device')} and {counted(sensors, 'sensor')}" if devices else ""
    out.add(
        6,
        f"# connection {node.id} (refId {comment(shown_serial(node.ref_id))}{held}) is not declared: its "
        f"refId differs from that of {key} only in case, Unicode form or invisible characters, so the "
        "platform may take the two for one. iotplan never touches it: remove it in the platform's web app",
    )


def _key_named_beneath(entities: list[LiveEntity], prefix: str) -> str | None:
    """The key that the refIds under `prefix` of the entities beneath an entity name for it
    (`teamb:shared/dev-b` under `teamb:` names `shared`), when they all name one."""
    named = set()
    for entity in entities:
        ref = entity.ref_id or ""
        parts = ref[len(prefix) :].split("/") if ref.startswith(prefix) else []
        if len(parts) > 1 and all(KEY_PATTERN.fullmatch(part) for part in parts):
            named.add(parts[0])
    return named.pop() if len(named) == 1 else None


def _beneath(connections: list[LiveConnection]) -> Callable[[LiveEntity], list[LiveEntity]]:
    """The devices and sensors beneath each connection's node."""
    by_node = {c.node.id: [entity for _, depth, entity in entities_of(c) if depth] for c in connections}
    return lambda node: by_node[node.id]


def _node(out: _ImportWriter, connection: LiveConnection, stack: str, key: str) -> None:
    node = connection.node
    own = _key_from(node, f"{stack}:")
    out.add(6, f"- key: {yaml_value(key)}")
    if node.id.startswith(THREAD_PREFIX):
        out.shared_channels += thread_node(out, connection)
        return
    out.add(8, "kind: api")
    if own is None or key != own:
        out.add(
            8, f"id: {yaml_value(node.id)}   # adopted: its refId is {comment(shown_serial(node.ref_id))}"
        )
    owner = owner_of(node.ref_id, 0)
    if owner is None or owner == stack:
        _fields(out, 8, "node", node, key)
        unmodelled(out, 8, node, "node")
    else:
        out.add(8, _pinned_only(owner, stack))
    if not connection.devices:
        return
    out.add(8, _list_header("devices", connection.devices))
    devices = _ordered(connection.devices)
    parent_ref = derive_ref_id(stack, key)
    device_keys = _sibling_keys(
        [device for device in devices if adoptable(device)], f"{parent_ref}/", connection.sensors_of
    )
    for device in devices:
        _device(out, connection, device, parent_ref, device_keys)


def _pinned_only(owner: str, stack: str) -> str:
    """Why a connection another stack owns (or one whose prefix is this stack's in another case)
    is written as its pin alone: its fields are that stack's to set, and a field written here that
    the owner later changes would refuse this stack's whole plan (README "Between stacks")."""
    named = comment(owner)[1:-1]  # a refId's text: printable ASCII in a comment
    whose = (
        f"maybe another stack's: its refId's prefix '{named}:' is this stack's in another case"
        if look_alike_of(stack, owner)
        else f"owned by stack '{named}', or by another tool that gave it a refId shaped so"
    )
    return f"# its fields are left out: this connection is {whose}, and only shared here by `id:`"


def _device(
    out: _ImportWriter, connection: LiveConnection, device: LiveEntity, parent_ref: str, keys: dict[str, str]
) -> None:
    if adoptable(device):
        out.declare(10, device, _address(parent_ref, keys[device.id]), f"device {device.id}")
    key = _adopted_entry(out, 10, "device", device, f"{parent_ref}/", keys, connection.sensors_of(device))
    if key is None:
        return
    if device.template and device.template != DEFAULT_DEVICE_TEMPLATE:
        out.add(12, f"template: {device.template}")
    _fields(out, 12, "device", device, key)
    unmodelled(out, 12, device, "device")
    sensors = connection.sensors_of(device)
    if not sensors:
        return
    out.add(12, _list_header("sensors", sensors))
    sensors = _ordered(sensors)
    device_ref = f"{parent_ref}/{key}"
    sensor_keys = _sibling_keys([sensor for sensor in sensors if adoptable(sensor)], f"{device_ref}/", _none)
    under = f"under device {comment(device.ref_id)}"
    for sensor in sensors:
        _sensor(out, sensor, device_ref, sensor_keys, under)


def _none(_: LiveEntity) -> list[LiveEntity]:
    return []  # nothing beneath a sensor


def _address(parent_ref: str, key: str) -> str:
    """An entry's address: its parent's derived refId without the stack, and its key."""
    return f"{parent_ref.partition(':')[2]}/{key}"


def _sensor(
    out: _ImportWriter, sensor: LiveEntity, device_ref: str, keys: dict[str, str], under: str
) -> None:
    if adoptable(sensor):
        out.declare(14, sensor, _address(device_ref, keys[sensor.id]), f"sensor {sensor.id} ({under})")
    key = _adopted_entry(out, 14, "sensor", sensor, f"{device_ref}/", keys)
    if key is None:
        return
    generic = sensor.template in (None, GENERIC_SENSOR)
    if not generic:
        out.add(16, f"template: {sensor.template}")
    _fields(out, 16, "sensor", sensor, key, with_metrics=generic)
    unmodelled(out, 16, sensor, "sensor")


def _list_header(name: str, entities: list[LiveEntity]) -> str:
    """`devices:`; `devices: []` when none can be adopted, so the comments that follow still load."""
    if any(adoptable(entity) for entity in entities):
        return f"{name}:"
    return (
        f"{name}: []   # none carries a refId a manifest can adopt it by: they stay unmanaged, reported and "
        "never changed"
    )


def adoptable(entity: LiveEntity) -> bool:
    """A device or sensor a manifest can name by its refId: it has one, and one a file for git may
    hold (no credential, masked or in clear) and a manifest takes (no padding, no invisible mark)."""
    ref = entity.ref_id
    return ref is not None and not identity_holds_a_secret(ref) and why_no_identifier(ref) is None


def _adopted_entry(
    out: _ImportWriter,
    indent: int,
    kind: str,
    entity: LiveEntity,
    ref_prefix: str,
    keys: dict[str, str],
    beneath: Sequence[LiveEntity] = (),  # a device's sensors: they go with it
) -> str | None:
    """A device's or sensor's `- key:` line, with `ref_id:` when its refId is not the one derived."""
    if not adoptable(entity):
        out.left_unmanaged += 1 + len(beneath)
    if entity.ref_id is None:
        out.add(
            indent,
            f"# {kind} {entity.id} has no refId (SERIAL_NO), so iotplan cannot adopt it "
            f"(integrate addresses devices and sensors by refId): it stays unmanaged{_going_with(beneath)}",
        )
        return None
    if identity_holds_a_secret(entity.ref_id):  # identity, so never written masked; nor in clear to git
        out.add(
            indent,
            f"# {kind} {entity.id} is not adopted: its refId (SERIAL_NO) "
            f"{comment(shown_serial(entity.ref_id))} holds a credential, which a manifest must not: it "
            f"stays unmanaged{_going_with(beneath)}. Give it another SERIAL_NO in the platform's web app, "
            "then import again",
        )
        return None
    refused = why_no_identifier(entity.ref_id)
    if refused is not None:  # written, the file would not validate, and a plan would refuse it
        out.add(
            indent,
            f"# {kind} {entity.id} is not adopted: its refId (SERIAL_NO) {comment(entity.ref_id)} is one a "
            f"manifest may not hold (validate: {comment(refused)[1:-1]}). It stays unmanaged"
            f"{_going_with(beneath)}. Give it another SERIAL_NO in the platform's web app, then import again",
        )
        return None
    key = keys[entity.id]
    out.add(indent, f"- key: {yaml_value(key)}")
    if _key_from(entity, ref_prefix) != key:
        out.add(indent + 2, f"ref_id: {yaml_value(entity.ref_id)}")
        out.adopted_by_ref_id = True
    return key


def _going_with(sensors: Sequence[LiveEntity]) -> str:
    """`, and so do its 2 sensors (1 carrying a refId; 4 observations)`: what a device left out takes
    with it, which its comment alone would hide."""
    if not sensors:
        return ""
    told = []
    carrying = sum(sensor.ref_id is not None for sensor in sensors)
    if carrying:
        told.append(f"{carrying:,} carrying a refId")
    counts = [sensor.observations for sensor in sensors]
    known, unknown = sum(count or 0 for count in counts), None in counts
    if known or unknown:
        told.append(observations(known, unknown))
    held = f" ({'; '.join(told)})" if told else ""
    does = "does" if len(sensors) == 1 else "do"
    return f", and so {does} its {counted(len(sensors), 'sensor')}{held}"


def _fields(
    out: Writer, indent: int, kind: str, entity: LiveEntity, key: str, with_metrics: bool = False
) -> None:
    for name, value in live_fields(kind, entity.props).items():
        if name == "metrics" and not with_metrics:
            continue
        if isinstance(value, Unreadable):  # one odd sensor leaves the rest of the import whole
            why = comment(value.why)[1:-1]
            out.add(
                indent, f"# {name} not imported, {why}: set them again in the platform's web app, then import"
            )
            continue
        if name == "auth_token":
            out.add(indent, f"auth_token: ${{env:{out.env_name(key)}}}   # set it in the environment")
            continue
        if name == "external_id" and entity.props.get("EXTERNAL_ID") == entity.ref_id:
            continue  # the platform's own default (assumption A4), compared unmasked: nothing to manage
        if value == "" and name in ONE_LINE_FIELDS:
            out.add(
                indent,
                f'# not managed by iotplan: {FIELD_TO_PROP[name]} = "" (empty, which no manifest holds)',
            )
            continue
        if name == "metrics" and (held := metrics_held_secret(value)) is not None:
            metrics_held_secret_comment(out, indent)
            value = held
        elif left_out_as_secret(name, value, entity):
            left_out_masked(out, indent, name, value, entity)
            continue
        out.add(indent, field_yaml(name, value))


def owned_yet_left_out(projects: list[LiveProject], stack: str) -> list[str]:
    """Each device or sensor the manifest leaves out (no refId, or one it may not hold) that the
    stack owns, or under which it owns sensors: a plan of the manifest would remove those as the
    stack's orphans. Each told for an error."""
    owned_by_stack = Ownership(stack).owns
    return [
        told
        for project in projects
        for connection in project.connections.values()
        if not connection.node.id.startswith(THREAD_PREFIX)  # a THREAD's plan keeps what no manifest declares
        for told in _left_out_in(connection, owned_by_stack)
    ]


def _left_out_in(
    connection: LiveConnection, owned_by_stack: Callable[[LiveEntity, int], bool]
) -> Iterator[str]:
    for device in connection.devices:
        sensors = connection.sensors_of(device)
        if not adoptable(device):
            owned = [device] if owned_by_stack(device, 1) else []
            owned += [sensor for sensor in sensors if owned_by_stack(sensor, 2)]
            if owned:
                yield _left_out("device", device, owned)
            continue
        for sensor in sensors:
            if not adoptable(sensor) and owned_by_stack(sensor, 2):
                yield _left_out("sensor", sensor, [sensor])


def _left_out(kind: str, entity: LiveEntity, owned: list[LiveEntity]) -> str:
    """`device /api/... (no refId), holding the stack's 1 sensor "fz:c1/d1/s1" (/api/...), the device
    the stack's manifest declares at c1/d1 (so its sensors' refIds say): its SERIAL_NO was ...`."""
    why = "no refId" if entity.ref_id is None else f"refId {comment(shown_serial(entity.ref_id))}"
    told = [f"{kind} {entity.id} ({why})"]
    if any(each is entity for each in owned):
        told.append("which the stack owns")
    sensors = [sensor for sensor in owned if sensor is not entity]
    if sensors:
        listed = [f"{comment(shown_serial(sensor.ref_id))} ({sensor.id})" for sensor in sensors]
        told.append(f"holding the stack's {counted(len(sensors), 'sensor')} {joined(listed)}")
        told += _serial_its_manifest_names(sensors)
    return ", ".join(told)


def _serial_its_manifest_names(sensors: list[LiveEntity]) -> list[str]:
    """Where the device's SERIAL_NO is found, when its sensors' refIds all name one device address.
    Those name the device's key path, which is its refId only when the stack created it: one the
    stack adopted with `ref_id:` had that refId, which only the manifest holds, not the platform."""
    parents = {str(sensor.ref_id).rpartition("/")[0] for sensor in sensors}
    derived = parents.pop() if len(parents) == 1 else ""
    if ":" not in derived or identity_holds_a_secret(derived):
        return []
    address = comment(derived.partition(":")[2])[1:-1]  # a refId's text: printable ASCII in a comment
    return [
        f"the device the stack's manifest declares at {address} (so its sensors' refIds say): its SERIAL_NO "
        f"was the `ref_id:` written there, or {comment(derived)} where none is"
    ]
