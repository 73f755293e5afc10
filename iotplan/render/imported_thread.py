"""A THREAD connection written as a manifest node: its name and location, its loggers and their
sensors, each keyed so that iotplan derives the id it has (manifest/thread.py), or given that
id outright when no key, type and serial would derive it. Planning it shows no changes."""

from __future__ import annotations

from typing import Any

from iotplan.live.model import LiveConnection, LiveEntity
from iotplan.manifest.models import KEY_PATTERN
from iotplan.manifest.text import why_not_one_line
from iotplan.manifest.thread import (
    ENTITY_TYPE,
    GATEWAY_SETTINGS_KEY,
    SEGMENT,
    device_id,
    sensor_id,
    type_segment,
)
from iotplan.plan.props import identity_holds_a_secret, live_fields, shown_serial
from iotplan.render.manifest_yaml import (
    Keys,
    Writer,
    comment,
    fallback_key,
    field_yaml,
    left_out_as_secret,
    left_out_masked,
    unmodelled,
    yaml_value,
)
from iotplan.secrets import MASKED


def thread_node(out: Writer, connection: LiveConnection) -> int:
    """The lines under a `- key:` of a THREAD connection; how many of its sensors are on a channel
    an earlier sensor of their logger is on (SHARED_CHANNELS: the header says the step)."""
    node = connection.node
    out.add(8, "kind: thread")
    out.add(8, f"id: {node.id}")
    _fields(out, 8, node, live_fields("thread-node", node.props))
    unmodelled(out, 8, node, "thread-node")
    out.add(8, "# edge: {host: ...}   add the gateway's address to manage its port settings")
    devices = [device for device in connection.devices if _typed(device)]
    for device in connection.devices:
        if not _typed(device):
            out.add(8, f"# device {comment(device.id)} has no type iotplan can declare: it stays unmanaged")
    devices = _adoptable(out, 8, "device", devices)
    if not devices:
        return 0
    out.add(8, "devices:")
    keys = Keys()
    # The key of the gateway's settings ({node}/edge/port1.power), which validate refuses for a
    # logger: one with serial or name `edge` is keyed `edge-2` (with `serial: edge`, keeping its id).
    keys.claim(GATEWAY_SETTINGS_KEY)
    return sum(
        _device(out, connection, device, keys) for device in sorted(devices, key=lambda entity: entity.id)
    )


def _typed(entity: LiveEntity) -> bool:
    return entity.type is not None and ENTITY_TYPE.fullmatch(entity.type) is not None


def _device(out: Writer, connection: LiveConnection, device: LiveEntity, keys: Keys) -> int:
    parts = device.id.split("/")
    serial = parts[-2] if len(parts) >= 3 else ""
    key = keys.claim(serial if KEY_PATTERN.fullmatch(serial) else fallback_key(device))
    out.add(10, f"- key: {yaml_value(key)}")
    out.add(12, f"type: {device.type}")
    node_id = connection.node.id
    if SEGMENT.fullmatch(serial) and device_id(node_id, str(device.type), serial) == device.id:
        if serial != key:
            out.add(12, f"serial: {yaml_value(serial)}")
    else:
        out.add(12, f"id: {yaml_value(device.id)}")
    _fields(out, 12, device, live_fields("thread-device", device.props))
    unmodelled(out, 12, device, "thread-device")
    sensors = _adoptable(out, 12, "sensor", [s for s in connection.sensors_of(device) if _typed(s)])
    if not sensors:
        return 0
    out.add(12, "sensors:")
    sensor_keys = Keys()
    channels: dict[int, LiveEntity] = {}  # each channel's first sensor, as validate meets them
    return sum(
        _sensor(out, device, sensor, sensor_keys, channels) for sensor in sorted(sensors, key=lambda e: e.id)
    )


def _sensor(
    out: Writer, device: LiveEntity, sensor: LiveEntity, keys: Keys, channels: dict[int, LiveEntity]
) -> int:
    """The sensor's entry; 1 when it is on a channel an earlier sensor of its logger is on."""
    parts = sensor.id.split("/")
    name = parts[-2] if len(parts) >= 2 else ""
    fields = live_fields("thread-sensor", sensor.props)
    shared = _on_a_channel_taken(out, sensor, fields.get("mux_index"), channels)
    key = keys.claim(name if KEY_PATTERN.fullmatch(name) else fallback_key(sensor))
    out.add(14, f"- key: {yaml_value(key)}")
    out.add(16, f"type: {sensor.type}")
    if sensor_id(device.id, key) != sensor.id:
        out.add(16, f"id: {yaml_value(sensor.id)}")
    _fields(out, 16, sensor, fields)
    unmodelled(out, 16, sensor, "thread-sensor")
    return shared


def _on_a_channel_taken(out: Writer, sensor: LiveEntity, index: Any, channels: dict[int, LiveEntity]) -> int:
    """A comment above a sensor on the channel (MUX_INDEX) of an earlier one, saying the step that
    is the site's: validate refuses the file at its `mux_index:`, yet an edit there would plan the
    logger's channel map rewritten; only someone who knows the wiring can tell which one is wrong."""
    if type(index) is not int:  # as validate (thread_checks.mux_indexes) reads a channel
        return 0
    first = channels.setdefault(index, sensor)
    if first is sensor:
        return 0
    out.add(
        14,
        f"# sensor {comment(sensor.id)} is on channel {index} of its logger (MUX_INDEX), as "
        f"{comment(first.id)} is: a logger reads one sensor per channel, so this file does not validate. "
        "Editing `mux_index` here would rewrite the logger's channel map: check which sensor is really "
        f"wired to channel {index}, correct the other's channel in the platform's web app (its history "
        "stays), then import again",
    )
    return 1


def _adoptable(out: Writer, indent: int, kind: str, entities: list[LiveEntity]) -> list[LiveEntity]:
    """The entities a manifest may name by their ids; a comment for each other one. An id is
    identity: written masked it names another entity, in clear it puts a credential in git. One a
    manifest refuses (padding, an invisible mark) is never the id iotplan derives, so its `id:` would
    be written, and the file would not validate."""
    adoptable = []
    for entity in entities:
        if identity_holds_a_secret(entity.id):
            why = "its id holds a credential, which a manifest must not"
        elif (refused := why_not_one_line(entity.id)) is not None:
            why = f"a manifest may not hold its id (validate: {comment(refused)[1:-1]})"
        else:
            adoptable.append(entity)
            continue
        out.add(
            indent,
            f"# {kind} {comment(_shown_id(entity))} is not adopted: {why}: it stays unmanaged, "
            "reported and never changed, as what is under it (a THREAD id never changes, so no rename in "
            "the web app makes it adoptable)",
        )
    return adoptable


def _shown_id(entity: LiveEntity) -> str:
    """The id as masked (shown_serial); where masking hides all of it (`Bearer ...` in its serial),
    the parts of it iotplan makes around what it hides, so the comment still tells which one it is:
    `/fn/4A1B2C/node/vwlogger/(sensitive)/device`, a sensor's as `{its logger's id}/(sensitive)/sensor`."""
    shown = str(shown_serial(entity.id))
    parent = str(entity.parent_id)
    if shown != MASKED or identity_holds_a_secret(parent):
        return shown
    head = f"{parent.removesuffix('/node')}/node/{type_segment(str(entity.type))}/"
    if not (entity.id.startswith(head) and parent.endswith("/node")):
        head = f"{parent}/" if entity.id.startswith(f"{parent}/") else ""
    tail = next((end for end in ("/device", "/sensor") if entity.id.endswith(end)), "")
    return f"{head}{MASKED}{tail}" if len(head) + len(tail) < len(entity.id) else MASKED


def _fields(out: Writer, indent: int, entity: LiveEntity, fields: dict[str, Any]) -> None:
    """Each of the entity's `fields` (its `live_fields`) written, or left out masked as a secret."""
    for name, value in fields.items():
        if left_out_as_secret(name, value, entity):
            left_out_masked(out, indent, name, value, entity)
            continue
        out.add(indent, field_yaml(name, value))
