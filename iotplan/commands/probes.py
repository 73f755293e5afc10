"""The probes `iotplan check-platform` tries on its scratch connection (commands/scratch.py).

A probe concludes in one `CheckLine`: what it saw, and what iotplan will do on this platform. The
assumptions are named as docs/api-assumptions.md names them.
"""

from __future__ import annotations

from typing import Any

from iotplan.commands.scratch import (
    ATOMIC,
    CLEARED,
    DEVICES,
    LOCATION,
    MERGED,
    NOTES_AFTER,
    NOTES_BEFORE,
    REMOVED,
    RENAMED,
    SCRATCH_NAME,
    Scratch,
    Snapshot,
    entity_name,
    props,
    quoted,
    refusal,
    sensor_of,
)
from iotplan.plan.props import METRIC_MAPS
from iotplan.render.check_report import (
    ALL_OR_NOTHING,
    CONNECTION_PROPS,
    CONNECTION_REF_ID,
    COUNTS,
    DEVICE_REMOVAL,
    LIST_PARENTS,
    MERGE,
    METRICS_UPDATE,
    NULL_CLEARS,
    REF_ID,
    RENAME,
    CheckLine,
)
from iotplan.wording import counted


# --- what the first read of the scratch connection shows --------------------------------------
def connection_ref_id(scratch: Scratch, node: dict[str, Any]) -> CheckLine:
    serial, external = props(node).get("SERIAL_NO"), props(node).get("EXTERNAL_ID")
    if serial == scratch.ref_id:
        also = "and so is EXTERNAL_ID" if external == serial else f"(EXTERNAL_ID {quoted(external)})"
        saw = f"SERIAL_NO is the refId sent {also}"
        return CONNECTION_REF_ID.holds(saw, "finds the connections it creates again by refId")
    return CONNECTION_REF_ID.fails(
        f"SERIAL_NO {quoted(serial)}, not the refId {scratch.ref_id!r} that was sent",
        "cannot find a connection it created: apply stops after the first one it creates (and never "
        "creates it again), asking you to adopt it with `id:`; declare connections with `id:` instead",
    )


def connection_props(node: dict[str, Any]) -> CheckLine:
    name, notes = props(node).get("NAME"), props(node).get("NOTES")
    if name == SCRATCH_NAME and notes == NOTES_BEFORE:
        return CONNECTION_PROPS.holds("NAME and NOTES as sent", "sets a connection's props through integrate")
    return CONNECTION_PROPS.fails(
        f"NAME {quoted(name)}, NOTES {quoted(notes)}",
        "cannot set a connection's props: they show as changes on every plan, and apply exits 1 on its "
        "verifying read",
    )


def ref_ids(scratch: Scratch, snapshot: Snapshot) -> CheckLine:
    wrong = []
    for role in (*DEVICES, *map(sensor_of, DEVICES)):
        entity, sent = snapshot.entity(scratch.ids.get(role)), scratch.ref(role)
        if entity is None:
            wrong.append(f"nothing sent with refId {sent!r} is in the connection read")
        elif props(entity).get("SERIAL_NO") != sent:
            wrong.append(f"SERIAL_NO {quoted(props(entity).get('SERIAL_NO'))} for refId {sent!r}")
    if not wrong:
        saw = f"{len(DEVICES)} devices and {len(DEVICES)} sensors: each SERIAL_NO is the refId sent"
        return REF_ID.holds(saw, "finds the devices and sensors it creates again by refId")
    more = f" (and {len(wrong) - 1} more like it)" if len(wrong) > 1 else ""
    return REF_ID.fails(
        wrong[0] + more,
        "cannot find a device or sensor it created: apply stops after the first write that creates one "
        "(never creating it again); nor can it update one adopted by `ref_id:` its SERIAL_NO (integrate "
        "finds it by its refId): iotplan cannot manage devices and sensors here",
    )


# What the counts guard, and what this probe cannot see: it uploads nothing, so a count that follows
# its upload late (answered 202) shows as the 0 of a sensor that never reported, and the reference's
# REST answers carry no LAST_OBSERVATION to tell the two by (live/model.py `doubt_counts_behind`).
GUARDED_BY_COUNTS = (
    "guards each removal with the counts read: --allow-destroy when it holds data. A count that follows "
    "its upload late is not seen here (nothing is uploaded): where a connection counts more than its "
    "sensors add up to, their counts are unknown until JSON-RPC gives them, and without JSON-RPC each "
    "removal under it needs --allow-destroy"
)


def observation_counts(sources: dict[str, list[dict[str, Any]]]) -> CheckLine:
    """`sources`: where sensors were read → those sensors. The data-loss guard needs each sensor's
    count; a device's or connection's is its sensors' total (`live/model.py`, Observations)."""
    lacking = {
        where: sum("OBSERVATION_COUNT" not in props(s) for s in found) for where, found in sources.items()
    }
    if not any(lacking.values()):
        where = ", ".join(f"{source} ({counted(len(found), 'sensor')})" for source, found in sources.items())
        saw = f"on every sensor of {where}"
        return COUNTS.holds(saw, GUARDED_BY_COUNTS)
    return COUNTS.fails(
        "; ".join(
            f"{where}: {n} of {len(sources[where])} sensors lack it" for where, n in lacking.items() if n
        ),
        "takes a count it did not read as unknown, never zero, and as holding data: every removal of a "
        "device or sensor needs --allow-destroy",
    )


def list_parents(devices: list[dict[str, Any]], sensors: list[dict[str, Any]]) -> CheckLine:
    """A plan that reads a project through its lists (a THREAD site's, or one with more connections
    than list pages) puts each listed entity under its parent. The read checks only the items
    listed, so a new site's first apply writes, and the reads after it stop: the line blocks."""
    orphans = {
        "devices without props.NODE_ID": [d for d in devices if not isinstance(props(d).get("NODE_ID"), str)],
        "sensors without device": [s for s in sensors if not isinstance(s.get("device"), str)],
    }
    listed = f"{counted(len(devices), 'device')}, {counted(len(sensors), 'sensor')}"
    asked = f"page 0 of GET /api/devices/all and /api/sensors/all ({listed})"
    lacking = [f"{len(found)} {what}" for what, found in orphans.items() if found]
    if not lacking:
        saw = f"{asked}: each names its parent"
        return LIST_PARENTS.holds(
            saw, "reads THREAD sites and large projects through their lists, each entity under its parent"
        )
    return LIST_PARENTS.fails(
        f"{asked}: {', '.join(lacking)}",
        "cannot manage THREAD sites here, nor projects with more connections than list pages: their "
        "plans read the lists, and stop at the first item listed without its parent. A new site's first "
        "apply (nothing listed yet) goes through; every plan, drift and verifying read after it stops, "
        "so do not apply such sites with iotplan on this platform",
    )


# --- the writes, each read back ----------------------------------------------------------------
async def merge(scratch: Scratch) -> CheckLine:
    refused = await refusal(scratch.update(MERGED, {"NOTES": NOTES_AFTER}))
    if refused:
        return MERGE.fails(f"an update sending only NOTES was refused: {refused}", _UPDATES_FAIL)
    now = props((await scratch.read()).entity(scratch.ids[MERGED]))
    if now.get("NOTES") != NOTES_AFTER:
        return MERGE.untested(f"an update sending only NOTES left NOTES {quoted(now.get('NOTES'))}")
    before = props(scratch.first.entity(scratch.ids[MERGED]) if scratch.first else None)
    lost = [key for key in ("NAME", "SERIAL_NO", "INTEGRATION_ID") if now.get(key) != before.get(key)]
    lost += [] if _same_location(now.get("LOCATION")) else ["LOCATION"]
    if lost:
        return MERGE.fails(
            f"after an update that sent only NOTES, {', '.join(lost)} changed or went",
            "sends with each update every prop the manifest manages and the refId, so its entities stay "
            "whole and found; a prop it does not manage (set by another tool, or left out of the "
            "manifest) is erased by every update here",
        )
    saw = (
        "after an update that sent only NOTES: NOTES changed; NAME, LOCATION, SERIAL_NO, INTEGRATION_ID kept"
    )
    return MERGE.holds(saw, "keeps the props it does not manage when it updates an entity")


async def null_clears(scratch: Scratch) -> CheckLine:
    refused = await refusal(scratch.update(CLEARED, {"NOTES": None}))
    if refused:
        return NULL_CLEARS.fails(f"an update sending NOTES: null was refused: {refused}", _UPDATES_FAIL)
    notes = props((await scratch.read()).entity(scratch.ids[CLEARED])).get("NOTES")
    if notes is None:
        return NULL_CLEARS.holds(
            "NOTES gone after an update that sent NOTES: null", "clears a prop by sending null"
        )
    return NULL_CLEARS.fails(
        f"NOTES still {quoted(notes)} after an update that sent NOTES: null",
        "a prop it clears stays set: plans keep showing it, and apply exits 1 on its verifying read",
    )


async def metrics_update(scratch: Scratch) -> CheckLine:
    """A second metric added to a sensor by update, as a manifest that adds one is applied: the
    sensor with its props and SERIAL_NO, its device as it stands (A2+). Sent so, a platform whose
    updates replace props leaves the merge probe's device whole, for that probe to try."""
    sensor = sensor_of(MERGED)
    wanted = {("check_metric", "millimeter"), ("check_metric_2", "millimeter")}
    metrics, units = {"0": "check_metric", "1": "check_metric_2"}, {"0": "millimeter", "1": "millimeter"}
    maps = {"UNKNOWN_METRICS": metrics, "UNKNOWN_UNITS": units}
    update = {
        "changeState": "update",
        "refId": scratch.ref(sensor),
        "props": scratch.as_it_stands(sensor) | maps,
    }
    device = {"changeState": "update", "refId": scratch.ref(MERGED), "props": scratch.as_it_stands(MERGED)}
    refused = await refusal(scratch.send(device | {"sensors": [update]}))
    if refused:
        return METRICS_UPDATE.fails(f"an update adding a metric was refused: {refused}", _METRICS_FIXED)
    read = (await scratch.read()).entity(scratch.ids[sensor])
    now = props(read)
    kept = _metric_pairs(now)
    if kept == wanted:
        return METRICS_UPDATE.holds(
            "after an update adding check_metric_2: both metrics, each with its unit",
            "changes a generic sensor's metrics in place, keeping its history (the plan flags it as "
            "touching the data model)",
        )
    if read is not None and not any(now.get(name) for name in METRIC_MAPS):
        return METRICS_UPDATE.fails(
            "after an update adding check_metric_2 the sensor has no metrics", _METRICS_ERASED
        )
    return METRICS_UPDATE.fails(
        f"after an update adding check_metric_2 the sensor has {sorted(kept) or 'no metrics'}", _METRICS_FIXED
    )


def _metric_pairs(sensor: dict[str, Any]) -> set[tuple[Any, Any]]:
    """(metric, unit) by the maps' shared keys: the platform may number them its own way."""
    metrics, units = sensor.get("UNKNOWN_METRICS"), sensor.get("UNKNOWN_UNITS")
    if not isinstance(metrics, dict) or not isinstance(units, dict):
        return set()
    return {(metric, units.get(key)) for key, metric in metrics.items()}


async def rename(scratch: Scratch) -> CheckLine:
    new_ref = f"{scratch.ref_id}/renamed"
    refused = await refusal(scratch.update(RENAMED, {"SERIAL_NO": new_ref}))
    if refused:
        return RENAME.fails(f"the rename was refused: {refused}", _NO_MOVED)
    serial = props((await scratch.read()).entity(scratch.ids[RENAMED])).get("SERIAL_NO")
    if serial != new_ref:
        return RENAME.fails(
            f"SERIAL_NO {quoted(serial)} after an update with props.SERIAL_NO {new_ref!r}", _NO_MOVED
        )
    refused = await refusal(scratch.send({"changeState": "update", "refId": new_ref, "props": {}}))
    if refused:
        return RENAME.fails(
            f"SERIAL_NO became the new refId, but an update by it failed: {refused}", _NO_MOVED
        )
    scratch.refs[RENAMED] = new_ref
    return RENAME.holds(
        "SERIAL_NO became the new refId, and an update by the new refId found the device",
        "`moved:` renames a key without recreating the entity or losing its history",
    )


async def device_removal(scratch: Scratch) -> CheckLine:
    refused = await refusal(scratch.send({"changeState": "remove", "refId": scratch.ref(REMOVED)}))
    if refused:
        return DEVICE_REMOVAL.fails(
            f"removing a device with a sensor was refused: {refused}",
            "a device removal fails with that message and apply exits 1: take the device's sensors out "
            "of the manifest and apply, then the device",
        )
    if (await scratch.read()).entity(scratch.ids[REMOVED]) is not None:
        return DEVICE_REMOVAL.fails("the removal was answered, but the device is still there", _NO_EFFECT)
    gone = {scratch.ids[sensor_of(REMOVED)], scratch.ids[REMOVED]}
    listed = await scratch.client.list_sensors(scratch.project_id)
    if any(sensor.get("id") in gone or sensor.get("device") in gone for sensor in listed):
        return DEVICE_REMOVAL.fails(
            "the device is gone, but GET /api/sensors/all still lists its sensor",
            "a device removal would leave its sensors behind, where no connection read shows them: do "
            "not remove devices with iotplan on this platform",
        )
    return DEVICE_REMOVAL.holds(
        "the device and its sensor are gone (the connection read, GET /api/sensors/all)",
        "removes a device with its sensors in one change, counting their observations for --allow-destroy",
    )


async def all_or_nothing(scratch: Scratch) -> CheckLine:
    valid, invalid = scratch.new_device(ATOMIC), scratch.new_device("invalid", with_template=False)
    refused = await refusal(scratch.send(valid, invalid))
    if not refused:
        return ALL_OR_NOTHING.untested(
            "a new device without INTEGRATION_ID was accepted (the reference documents an error), so no "
            "failing call could be made"
        )
    tried = "a call with a valid and an invalid new device (no INTEGRATION_ID) was refused"
    if (await scratch.read()).find(scratch.ref(ATOMIC), entity_name(ATOMIC)) is not None:
        return ALL_OR_NOTHING.fails(
            f"{tried} ({refused}), but the valid device was made",
            "a failed call may leave part of its changes: apply reads the connection back after a refused "
            "call and reports what the read shows made as applied, the rest as not applied (or outcome "
            "unknown); the next plan shows what is left",
        )
    return ALL_OR_NOTHING.holds(
        f"{tried} ({refused}); the valid device was not made",
        "finds a refused call changed nothing when it reads the connection back; the next plan makes it "
        "again",
    )


_UPDATES_FAIL = "updates fail with that message and apply exits 1"
_METRICS_FIXED = (
    "a change of a sensor's metrics does not take: apply's verifying read shows it and apply exits 1; "
    "change them another way (recreating the sensor destroys its history)"
)
# The update sent the maps, as apply sends them with every update of a generic sensor, and none stayed:
# not one change refused, but every update, a rename included, emptying what its history is read by.
_METRICS_ERASED = (
    "every update of a generic sensor erases its metrics and units here, a rename or a `moved` rename "
    "included (iotplan sends them with each update): what its observations mean is lost, and writing them "
    "back does not take; apply names each sensor so emptied and exits 1. Do not update generic sensors "
    "with iotplan on this platform; set lost metrics again in the platform's web app"
)
_NO_EFFECT = "the removal does not take: apply's verifying read shows it and apply exits 1"
_NO_MOVED = (
    "`moved:` renames do not take: apply stops after one, naming A1; keep the old keys (renaming a key "
    "without `moved:` removes and recreates the entity, destroying its history)"
)


def _same_location(location: Any) -> bool:
    try:
        return [float(value) for value in location["coordinates"]] == LOCATION["coordinates"]
    except (TypeError, KeyError, ValueError):
        return False
