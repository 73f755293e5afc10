"""The end of `iotplan check-platform`: the scratch connection goes, and how it goes is the probe of
A4's cascade. When the connection does not go, it is taken apart from the bottom up, and when
even that fails the outcome says so with its id.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from iotplan.clients.errors import no_such_connection
from iotplan.commands.scratch import (
    SCRATCH_NAME,
    Scratch,
    is_scratch,
    not_checked_because,
    platform_message,
    props,
    refusal,
)
from iotplan.errors import IotplanError, PlatformError
from iotplan.render.check_report import CONNECTION_REMOVAL, CheckLine, ScratchOutcome
from iotplan.wording import counted

Step = Callable[[str], None]  # progress, for stderr


# --- the end: the scratch connection goes (the A4 cascade) ------------------------------------
async def remove_scratch(scratch: Scratch, lines: dict[str, CheckLine], on_step: Step) -> ScratchOutcome:
    try:
        if not await _found_created(scratch):
            return _none_found(scratch)
        on_step(f"Removing scratch connection {scratch.node_id}")
        if await _gone_before_its_removal(scratch):
            return _removed_by_another(scratch, lines)
        line, gone = await _connection_removal(scratch)
        lines[CONNECTION_REMOVAL.key] = line
        gone = gone or await _remove_bottom_up(scratch)
    except IotplanError as error:
        why = platform_message(error)
        lines.setdefault(CONNECTION_REMOVAL.key, CONNECTION_REMOVAL.untested(f"could not tell: {why}"))
        return _outcome(scratch, False, _left_behind(scratch, why))
    if gone:
        return _removed(scratch)
    tried = "removing it answered an error that may pass" if line.transient else line.saw
    why = f"{tried}; removing what is under it first did not help"
    return _outcome(scratch, False, _left_behind(scratch, why))


async def finish_removal(scratch: Scratch, lines: dict[str, CheckLine], on_step: Step) -> ScratchOutcome:
    """After Ctrl-C cut remove_scratch short: the scratch connection still goes. What was sent
    before the cut is unknown, so this removal probes nothing: A4's line, unless it was made, is
    untested."""
    cut = CONNECTION_REMOVAL.untested(
        "not tried to the end: interrupted while the scratch connection was removed"
    )
    lines.setdefault(CONNECTION_REMOVAL.key, cut)
    try:
        if not await _found_created(scratch):
            return _none_found(scratch)
        on_step(f"Interrupted: finishing the removal of scratch connection {scratch.node_id}")
        gone = await _gone(scratch) or await _remove_bottom_up(scratch)
    except IotplanError as error:
        return _outcome(scratch, False, _left_behind(scratch, platform_message(error)))
    if gone:
        return _removed(scratch)
    return _outcome(scratch, False, _left_behind(scratch, "interrupted, and removing it again did not take"))


async def _found_created(scratch: Scratch) -> bool:
    """Whether a scratch connection exists to remove: one created, or one whose create failed or
    was interrupted but that was made all the same."""
    if scratch.node_id is None and scratch.create_sent:
        found = await created_anyway(scratch)
        scratch.node_id = found.node_id if found else None
    return scratch.node_id is not None


def _none_found(scratch: Scratch) -> ScratchOutcome:
    """No connection of this run is listed: none was made only if none was sent or the create was
    refused; a create whose outcome is unknown may have made one a later list shows."""
    if not scratch.create_sent or scratch.create_refused:
        return _outcome(scratch, True, _NONE_CREATED)
    return _outcome(scratch, False, may_have_been_made(scratch))


def may_have_been_made(scratch: Scratch) -> str:
    alike = scratch_named_since(scratch)
    since = (
        f" {', '.join(alike)} {'is' if len(alike) == 1 else 'are'} named so and listed only since it was "
        "sent (another check running at the same time may have made it): look there first."
        if alike
        else ""
    )
    return (
        "The scratch connection's create got no answer iotplan could read, and no connection with its "
        f"refId {scratch.ref_id}, nor device with a refId starting {scratch.ref_id}/, is listed: it MAY "
        f"have been made all the same (lists may show it later).{since} Look in the iTwin IoT web app for "
        f"a connection named {SCRATCH_NAME!r} with refId {scratch.ref_id} (SERIAL_NO), and remove it if "
        "it is there."
    )


def _outcome(scratch: Scratch, removed: bool, message: str) -> ScratchOutcome:
    return ScratchOutcome(scratch.ref_id, SCRATCH_NAME, scratch.node_id, removed, message)


def _removed(scratch: Scratch) -> ScratchOutcome:
    return _outcome(scratch, True, f"Scratch connection {scratch.node_id} ({SCRATCH_NAME!r}) removed.")


async def _gone_before_its_removal(scratch: Scratch) -> bool:
    """Whether the scratch connection no longer reads before check-platform removes it: something
    else removed it. Any answer but "no such connection" leaves it to the removal to find out."""
    try:
        return not await _still_reads(scratch)
    except IotplanError:
        return False


def _removed_by_another(scratch: Scratch, lines: dict[str, CheckLine]) -> ScratchOutcome:
    why = "not tried: the scratch connection was gone before its removal (something else removed it)"
    lines[CONNECTION_REMOVAL.key] = CONNECTION_REMOVAL.untested(why)
    return _outcome(
        scratch,
        True,
        f"Scratch connection {scratch.node_id} ({SCRATCH_NAME!r}) was gone before check-platform removed it: "
        "something else removed it during the check (a person, another tool), "
        "so the probes that read it after may be wrong. Run check-platform again.",
    )


_NONE_CREATED = "No scratch connection was created, so none was left behind."


@dataclass(frozen=True)
class Found:
    node_id: str
    how: str  # how it was found, for the report: "with its refId", ...


async def created_anyway(scratch: Scratch) -> Found | None:
    """A create that failed or was interrupted may have been made all the same: find it by its
    refId, else by its devices' refIds (a platform may not keep a connection's, A4)."""
    client, project = scratch.client, scratch.project_id
    nodes = await client.list_nodes(project)
    scratch.listed_since = [node for node in nodes if is_scratch(node)]
    for node in nodes:
        if scratch.ref_id in (props(node).get("SERIAL_NO"), props(node).get("EXTERNAL_ID")):
            return Found(str(node.get("id")), "with its refId")
    node_ids = [str(node.get("id")) for node in nodes]
    for device in await client.list_devices(project):
        if str(props(device).get("SERIAL_NO")).startswith(f"{scratch.ref_id}/"):
            parent = props(device).get("NODE_ID") or next((n for n in node_ids if _under(device, n)), None)
            if isinstance(parent, str) and parent:
                return Found(parent, "with its devices' refIds (not its own)")
    return None


def scratch_named_since(scratch: Scratch) -> list[str]:
    """The ids of scratch connections listed after this run's create that were not listed before
    it: maybe this run's, whose refIds the platform did not keep, maybe a check beside it."""
    if scratch.earlier is None:  # unread before the create: none can be told new
        return []
    before = {str(node.get("id")) for node in scratch.earlier}
    return [str(node.get("id")) for node in scratch.listed_since if str(node.get("id")) not in before]


async def _connection_removal(scratch: Scratch) -> tuple[CheckLine, bool]:
    """The A4 cascade, and whether the connection itself went."""
    failed: IotplanError | None = None  # an error that may pass: the removal observed nothing
    try:
        refused = await refusal(scratch.integrate({"nodeId": scratch.node_id, "changeState": "remove"}))
    except IotplanError as error:
        refused, failed = platform_message(error), error
    try:
        left = await _left_under(scratch)
    except IotplanError as error:  # the lists cannot be read (paging, say): the connection still can
        gone = not await _still_reads(scratch)
        saw = f"the lists could not be read ({platform_message(error)}); the connection "
        return CONNECTION_REMOVAL.untested(saw + ("no longer reads" if gone else "still reads")), gone
    gone = not left.startswith("the connection")
    if failed is not None and left:  # the bottom-up removal after it still takes the scratch away
        return CONNECTION_REMOVAL.not_checked(not_checked_because(failed)), gone
    if refused and not left:
        saw = f"removing the connection answered {refused}, yet it went, with everything under it"
        return CONNECTION_REMOVAL.fails(
            saw, "apply would report a removal it made as failed, and exit 1"
        ), gone
    if refused or left:
        saw = (
            f"removing it answered {refused}"
            if refused
            else f"the removal was answered, but {left} still listed"
        )
        return CONNECTION_REMOVAL.fails(saw, f"a connection removal fails or does not take; {_BY_HAND}"), gone
    saw = "the connection, and the devices and sensors under it, are gone from every list"
    return CONNECTION_REMOVAL.holds(
        saw, "removes a connection with everything under it, guarded by --allow-destroy"
    ), gone


async def _gone(scratch: Scratch) -> bool:
    try:
        return not (await _left_under(scratch)).startswith("the connection")
    except IotplanError:
        return not await _still_reads(scratch)


async def _still_reads(scratch: Scratch) -> bool:
    """Whether the connection still reads by its id. Only an answer that it does not exist says
    it went; any other (a refused credential, a 429 or 5xx, no answer) leaves that unknown, and
    the removal's outcome names the connection as left behind."""
    try:
        await scratch.read()
    except PlatformError as error:
        if not no_such_connection(error):
            raise _Unconfirmed(
                f"whether it went could not be read back: {platform_message(error)}"
            ) from error
        return False
    return True


class _Unconfirmed(IotplanError):
    """The connection's read answered neither the connection nor its absence."""


async def _left_under(scratch: Scratch) -> str:
    """What the lists still show of the scratch connection: '' when nothing."""
    client, project, node_id = scratch.client, scratch.project_id, str(scratch.node_id)
    listed = any(node.get("id") == node_id for node in await client.list_nodes(project))
    shown = ["the connection"] if listed else []
    for kind, lister in (("device", client.list_devices), ("sensor", client.list_sensors)):
        below = [e for e in await lister(project) if props(e).get("NODE_ID") == node_id or _under(e, node_id)]
        shown += [counted(len(below), kind)] if below else []
    return f"{', '.join(shown)} {'are' if len(shown) > 1 else 'is'}" if shown else ""


def _under(entity: dict[str, Any], node_id: str) -> bool:
    return str(entity.get("id", "")).startswith(node_id + "/")


async def _remove_bottom_up(scratch: Scratch) -> bool:
    """Sensors, then devices, then the connection: for a platform that removes only what is empty.
    A step may fail; whether the connection went is read afterwards."""
    refs = {entity_id: scratch.ref(role) for role, entity_id in scratch.ids.items()}

    def removal(entity: dict[str, Any]) -> dict[str, Any]:
        return {
            "changeState": "remove",
            "refId": refs.get(str(entity.get("id"))) or props(entity).get("SERIAL_NO"),
        }

    def emptied(device: dict[str, Any], sensors: list[dict[str, Any]]) -> dict[str, Any]:
        own = [removal(sensor) for sensor in sensors if sensor.get("device") == device.get("id")]
        return {**removal(device), "changeState": "update", "props": {}, "sensors": own}

    with contextlib.suppress(IotplanError):
        left = await scratch.read()
        await scratch.send(*(emptied(device, left.sensors) for device in left.devices))
        await scratch.send(*map(removal, left.devices))
    with contextlib.suppress(IotplanError):
        await scratch.integrate({"nodeId": scratch.node_id, "changeState": "remove"})
    return await _gone(scratch)


_BY_HAND = "remove such connections in the iTwin IoT web app"


def _left_behind(scratch: Scratch, why: str) -> str:
    node_id = scratch.node_id or "(its id is unknown: look for its name)"
    left = (
        f"The scratch connection {node_id} ({SCRATCH_NAME!r}, refId {scratch.ref_id}) could NOT be "
        f"removed: {why}. Remove it yourself in the iTwin IoT web app"
    )
    if scratch.node_id is None:  # an integrate removal needs the id: it would name none
        return f"{left}, if it is there."
    call = json.dumps({"integration": {"nodeId": scratch.node_id, "changeState": "remove"}})
    return f"{left}, or with the integrate call {call}."
