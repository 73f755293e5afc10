"""What an integrate call the platform refused left behind: read back, not assumed.

Whether an integrate call is all or nothing is not documented: a platform may keep the entries
before the one it refused (the emulator's `integrate-partial`). So a call refused over one of its
entries, when it carried more than one change, is followed by one read of the connection, and each
of its changes is settled by what that read shows: made (applied), not made (not applied), or not to
be told from it (outcome unknown). A creation is made only where its refId reads as the call wrote
it: held by an entity unlike that, it is another writer's (found made). Without a read (a connection
the call itself was creating, refused other than 409, or a read that failed) none is claimed either
way: all are outcome unknown. A call refused because what it makes already exists (409) may have
been raced by another writer (there is no lock on the platform): it is read back whatever it carried
(a connection it was creating found first by its refId in the node list), and what the read shows
made is found made, not applied by this run; so is a call read back made whole, which the platform,
refusing it, did not make. Of a call of more than one change, what is found made may as well be its
own, kept before the entry refused: the read cannot tell, and says both (`Outcome.found_maybe_kept`).
A 409 names another writer where the read shows what it made; without a read, of a call carrying a
`moved` rename, only as a maybe: a 409 also refuses a rename onto a refId another entity holds,
which nobody made.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any, NamedTuple, Protocol

from iotplan.apply.bodies import IntegrateCall, entities_in
from iotplan.apply.outcome import Outcome, kept_or_another
from iotplan.clients.errors import no_such_connection
from iotplan.errors import AuthError, IotplanError, PlatformError, status_of
from iotplan.plan.fields import field_changes
from iotplan.plan.model import DESTROYING, Action, Change, Kind
from iotplan.plan.props import SECRET_FIELDS, live_fields, platform_props
from iotplan.wording import counted

# The rate limit refuses the request as a whole, before any entry is handled (401 and 403 are
# AuthErrors); another 4xx may name one entry of many, after those before it were made.
_RATE_LIMITED = 429
_ALREADY_EXISTS = 409
_NOT_FOUND = 404
_TOO_LARGE = 413


class Settled(NamedTuple):
    """What a refused call's read back said, and whether it showed every change of the call made:
    then another writer made them (the platform refused the call, so it did not make it all), and
    no fault of the call's own content is to be looked for (`cleared_by_null`)."""

    said: str
    all_made: bool = False


class ConnectionReader(Protocol):
    async def get_integration(self, project_id: str, node_id: str) -> dict[str, Any]: ...
    async def list_nodes(self, project_id: str) -> list[dict[str, Any]]: ...


def may_have_kept_part(error: IotplanError, changes: list[Change]) -> bool:
    """A refusal that may have come after some of the call's changes were made."""
    return len(changes) >= 2 and _refused_an_entry(error)


def _refused_an_entry(error: IotplanError) -> bool:
    """A 4xx that may name one entry of the call: not an AuthError (401, 403), not the rate limit,
    nor outcome unknown (a 5xx or a lost answer)."""
    if not isinstance(error, PlatformError) or isinstance(error, AuthError) or error.outcome_unknown:
        return False
    status = status_of(error)  # none: the request got no answer
    return status is not None and 400 <= status < 500 and status != _RATE_LIMITED


def already_exists(error: IotplanError) -> bool:
    """REST's 409: "If the node, device or sensor already exists, this will return an error". iotplan
    planned it absent, so another writer may have made it since (there is no lock on the platform),
    or the plan's read missed it."""
    return isinstance(error, PlatformError) and status_of(error) == _ALREADY_EXISTS


def not_found(error: IotplanError, changes: list[Change]) -> bool:
    """A 404 to a call removing or renaming an entity: another writer may have removed or renamed it
    since the plan (a concurrent apply sending the same call), which only a read back tells."""
    gone_or_moved = any(change.action in DESTROYING or _renames(change) for change in changes)
    return isinstance(error, PlatformError) and status_of(error) == _NOT_FOUND and gone_or_moved


def worth_reading_back(error: IotplanError, changes: list[Change]) -> bool:
    """A refusal after which one read of the connection tells more than the error: part of the call
    may be kept, or what it was to make may have been made by another writer."""
    return already_exists(error) or not_found(error, changes) or may_have_kept_part(error, changes)


async def settle_refused_call(
    client: ConnectionReader,
    outcome: Outcome,
    error: IotplanError,
    call: IntegrateCall,
    project_id: str,
    node_id: str | None,
) -> Settled:
    """Settle a refused call's changes by one read of the connection; the sentences its message adds."""
    changes = call.changes
    cause = _unread_cause(error, changes)
    try:
        if node_id is None and already_exists(error):
            node_id = await _holding_its_ref_id(client, project_id, call)
        if node_id is None:
            outcome.mark_unsure(changes)
            return Settled(
                cause
                + f"The call carried {counted(len(changes), 'change')} and was creating the connection, "
                "whose id its refusal does not name: what is made of it cannot be read back, so each may "
                "or may not be applied."
            )
        shown = _Shown(await client.get_integration(project_id, node_id), removing=bool(call.confirm_removed))
    except IotplanError as read_error:
        if not _removed_connection_gone(call, read_error):
            outcome.mark_unsure(changes)
            return Settled(
                cause + "Reading the connection back to see what the platform kept of the call's "
                f"{counted(len(changes), 'change')} failed ({read_error}), so each may or may not be applied."
            )
        shown = _Shown({}, removing=False, node_gone=True)
    return _settled(outcome, changes, shown, found=already_exists(error))


def _removed_connection_gone(call: IntegrateCall, read_error: IotplanError) -> bool:
    """A call removing the connection, whose read by the node's id is answered as an id the platform
    does not know (404, or the documented 422 for an unknown nodeId): the connection is gone, neither
    its id nor its refId standing. Of any other call, the failed read tells nothing."""
    removes = any(change.kind is Kind.NODE and change.action is Action.REMOVE for change in call.changes)
    return removes and isinstance(read_error, PlatformError) and no_such_connection(read_error)


async def _holding_its_ref_id(client: ConnectionReader, project_id: str, call: IntegrateCall) -> str | None:
    """The id of the one connection holding the refId of the connection a call refused 409 was
    creating (another writer made it first: the refusal made nothing), found in the node list; none
    when no connection or more than one holds it (which one the call met, the list cannot tell)."""
    ref_id = call.integration.get("refId")
    nodes = await client.list_nodes(project_id) if ref_id else []
    holding = [node for node in nodes if isinstance(node, dict) and _props(node).get("SERIAL_NO") == ref_id]
    return str(holding[0]["id"]) if len(holding) == 1 and holding[0].get("id") else None


def body_too_large(error: IotplanError, call: IntegrateCall) -> str:
    """Said of a call refused as too large a body (413): sent again it is refused the same way, so
    the way forward is smaller calls. Every call is split at the --entities-per-call in force (a
    replacement's removals too), so half of what this one carried is below that size as well; a call
    of one device and its sensor cannot be split, and what lets it through is said instead. Whether
    the platform or a proxy before it answered, iotplan cannot tell, so what the call made is settled
    as any refused call's is."""
    if not isinstance(error, PlatformError) or status_of(error) != _TOO_LARGE:
        return ""
    carried = entities_in(call.integration)
    refused = "The platform (or a proxy in front of it) refused the request body as too large"
    if _smallest(call.integration):
        what = counted(carried, "entity") if carried else "the connection alone"
        return (
            f"{refused}, and this call carries {what}: no smaller call can carry "
            "it (a sensor is sent with its device), so what it sends is more than the platform or the "
            "proxy takes: a larger body limit there, or shorter fields (notes, metrics) in the "
            "manifest, lets it through."
        )
    return (
        f"{refused}: rerun with --entities-per-call {carried // 2} (half of this call's "
        f"{counted(carried, 'entity')}); the same call sent again is refused the same way."
    )


def _smallest(integration: dict[str, Any]) -> bool:
    """A body no --entities-per-call makes smaller: one device at most, with one sensor at most."""
    devices = integration.get("devices") or []
    return len(devices) <= 1 and entities_in(integration) <= 2


def cleared_by_null(error: IotplanError, call: IntegrateCall, outcome: Outcome) -> str:
    """Said of a call refused over its content after it cleared props by sending null, as iotplan
    clears them (A2, undocumented): a platform that keeps such a prop refuses the same call on every
    run, the entity holding both the old value and the new (a sensor's custom and catalog metrics).
    Only of an entity the refusal left not made (not applied, nor found made) whose live props held
    what the null was sent for (a null for a map it never held clears nothing), and only where the
    platform's message names no other cause, or names one of those props: advice ending in "remove
    the entity" is not given for a cause the platform did not give."""
    if not _refused_an_entry(error) or _said_to_exist(error) or body_too_large(error, call):
        return ""
    made = {*outcome.applied, *outcome.found_made}
    cleared = sorted(
        {prop for change in call.changes if change.address not in made for prop in _cleared_by_null(change)}
    )
    if not cleared or _names_another_cause(str(error), cleared):
        return ""
    return (
        f" The call cleared {', '.join(cleared)} by sending null, which iotplan assumes clears a prop (A2 in "
        "docs/api-assumptions.md: the reference does not say). If `iotplan check-platform` fails on its A2 "
        "line, this platform keeps such a prop and refuses this call on every run: leave the field as it "
        "stands on the platform, or remove the entity and declare it anew (its observation history is lost)."
    )


def _cleared_by_null(change: Change) -> set[str]:
    """The metric maps an update sends as null (the only props iotplan sends so, `platform_props`)
    that the entity held live: a null for a map it never held clears nothing."""
    if change.action is not Action.UPDATE:
        return set()
    sent = platform_props({"metrics": (change.after or {}).get("metrics") or []}, str, clear_metrics=True)
    held = platform_props({"metrics": (change.before or {}).get("metrics") or []}, str, clear_metrics=False)
    return {prop for prop, value in sent.items() if value is None and held.get(prop) is not None}


# What the reference and the emulator's refusals name that is not a prop's value: a removal of an
# entity still holding others (`no-cascade`), a connection not found, a changeState, a template.
_OTHER_CAUSES = ("still has", "nodeid", "changestate", "integration_id")


def _names_another_cause(message: str, cleared: list[str]) -> bool:
    """Whether the platform's message names a cause other than the props cleared by null."""
    lowered = message.lower()
    if any(prop.lower() in lowered for prop in cleared):
        return False
    return any(cause in lowered for cause in _OTHER_CAUSES)


def _said_to_exist(error: IotplanError) -> bool:
    """A refusal over what already exists, not over the call's content: a 409 (A1+++), or another 4xx
    whose message says so (variant `duplicate-refid-400`: "A sensor with refId ... already exists")."""
    return already_exists(error) or (_refused_an_entry(error) and "already exists" in str(error).lower())


# Planned absent, so made since by another writer, or there all along and missed by the plan's read
# (a list read through pages while another tool removed entities leaves a gap): both are told.
ANOTHER_WRITER = (
    "It already exists: made by another writer (a concurrent apply?) or missed by the plan's read. "
)
MAYBE_ANOTHER_WRITER = (
    "It already exists, the platform answers: another writer may have made it (a concurrent apply?), or "
    "the plan's read missed it. "
)

# A THREAD's logger or sensor, read back as iotplan would have made it: the plan reads them in the REST
# lists (A16), which may not show an earlier apply's JSON-RPC create yet; a rerun plans it again until
# they do, so that is told too.
ANOTHER_WRITER_OR_UNLISTED = (
    "It already exists: made by another writer (a concurrent apply?) or by an earlier apply whose JSON-RPC "
    "write the REST lists the plan reads do not show yet (A16 in docs/api-assumptions.md). "
)


def _another_made(kept: bool) -> str:
    """Who made a call read back made whole after a refusal other than a 409 (not this call's work,
    yet no refId is said to exist): another writer, of a call of one change; of a call of more, what
    it refused, the rest maybe this call's own kept before it."""
    if not kept:
        return "another writer made what it was to make since the plan's read (a concurrent apply?)"
    return (
        "another writer made what it refused since the plan's read (a concurrent apply?), and each other "
        f"change is {kept_or_another('this call')}"
    )


def _unread_cause(error: IotplanError, changes: list[Change]) -> str:
    """Told without a read back: a 409 to a call carrying a `moved` rename may be that rename
    refused onto a refId another entity holds, which nobody made since the plan."""
    if not already_exists(error):
        return ""
    return MAYBE_ANOTHER_WRITER if any(_renames(change) for change in changes) else ANOTHER_WRITER


def _settled(outcome: Outcome, changes: list[Change], shown: _Shown, found: bool) -> Settled:
    """Each change marked as the read `shown` tells it, and what the message says of them. `found`:
    the call was refused as already existing (409). What the read shows made is applied, unless the
    call was found, or read back made whole (a 404 to a removal another writer made first, its same
    call landing first): found made, and of a call of more than one change maybe its own kept
    (`found_maybe_kept`). A creation whose refId an entity unlike it holds is not made, and that
    entity another writer's: found made; the call is then not made whole, and what else the read
    shows made is what a platform kept of it before the entry it refused."""
    seen = [(change, shown.made(change)) for change in changes]
    made = [change for change, was_made in seen if was_made is True]
    untold = [change for change, was_made in seen if was_made is None]
    taken = [change for change, was_made in seen if was_made is False and shown.taken(change)]
    whole = bool(made) and len(made) == len(changes)
    not_this_runs = found or whole
    (outcome.mark_found_made if not_this_runs else outcome.mark_applied)(made)
    # Found made as the call wrote it, a call of more than one change: maybe kept of it before its refusal.
    kept = not_this_runs and len(changes) > 1
    if kept:
        outcome.found_maybe_kept += [
            change.address for change in made if change.address in outcome.found_made
        ]
    outcome.mark_found_made(taken)  # another writer's entity stands at its refId: never this run's
    outcome.mark_unsure(untold)
    cause = ANOTHER_WRITER if found and (made or taken) else ""
    said = f"{cause}Read back, the connection shows {len(made)} of the call's "
    said += f"{counted(len(changes), 'change')} made"
    said += _whose_made(made, found, whole, kept)
    if taken:
        said += f"; {_taken_said(taken)}"
    if untold:
        said += f"; {len(untold)} cannot be told from the read: may or may not be applied"
    return Settled(said + ".", all_made=whole)


def _whose_made(made: list[Change], found: bool, whole: bool, kept: bool) -> str:
    """Whose the changes read back made are: this call's, kept by the platform before the entry it
    refused; else (refused as already existing, or read back made whole) found made, not this run's:
    another writer's, or of a call of more than one change (`kept`) maybe this call's own kept."""
    if not made:
        return ""
    if not (found or whole):
        return " (the platform kept part of the call)"
    not_counted = " (found made, not counted as applied by this run"
    if found:
        return f"{not_counted}: {kept_or_another('this call')})" if kept else f"{not_counted})"
    return f"{not_counted}): the platform refused the call, so {_another_made(kept)}"


def _taken_said(taken: list[Change]) -> str:
    """Creations not made as the call wrote them, their refIds held by entities unlike it: another
    writer's, found made, never this run's."""
    names = ", ".join(str(change.address) for change in taken)
    one = len(taken) == 1
    return (
        f"{names} {'is' if one else 'are'} another writer's: {'its refId is' if one else 'their refIds are'} "
        f"held by {'an entity' if one else 'entities'} unlike what the call wrote (found made, not counted "
        "as applied by this run)"
    )


class _Shown:
    """One read of a connection, asked whether a change is made in it."""

    def __init__(self, read: dict[str, Any], removing: bool, node_gone: bool = False) -> None:
        # `node_gone`: the read of the node was answered as an id the platform does not know.
        self.node_gone = node_gone
        # A replacement is carried twice: removed in a call of its own, then created again under
        # the same refId in the next. Read after the one, it is made when gone; after the other,
        # when there.
        self.removing = removing
        integration = read.get("integration") if isinstance(read, dict) else None
        integration = integration if isinstance(integration, dict) else {}
        node = integration.get("node")
        self.node = _props(node) if isinstance(node, dict) else None
        entities = [entity for entity in _devices_and_sensors(integration) if isinstance(entity, dict)]
        # A removal is made when its entity is gone, not only its refId: an earlier call of the apply
        # (a `moved` rename) may have given the entity another refId, its history whole.
        self.ids = {str(entity["id"]) for entity in entities if entity.get("id")}
        held = [props for props in map(_props, entities) if props.get("SERIAL_NO") is not None]
        self.by_serial = {str(props["SERIAL_NO"]): props for props in held}
        serials = Counter(str(props["SERIAL_NO"]) for props in held)
        self.held_twice = {serial for serial, holders in serials.items() if holders > 1}

    def made(self, change: Change) -> bool | None:
        """True: the read shows the change made; False: it shows it not made; None: it cannot tell."""
        if change.action is Action.REMOVE or (change.action is Action.REPLACE and self.removing):
            if change.kind is Kind.NODE:
                return self._node_removed()
            if change.live_ref_id is None:
                return None
            return change.live_ref_id not in self.by_serial and change.live_id not in self.ids
        if change.action is Action.CREATE and change.kind is Kind.NODE:  # found by its refId, or not told
            return True if self._node_holds(change.ref_id) else None
        if change.action in (Action.CREATE, Action.REPLACE):  # a replacement's creation again
            return self._created(change)
        if _renames(change):
            return self._renamed(change)
        now = self.node if change.kind is Kind.NODE else self._held_by_one(change.live_ref_id)
        return None if now is None else _fields_made(change, live_fields(change.kind, now), _written(change))

    def _node_removed(self) -> bool | None:
        """A connection's removal, read by its node's id: made when that id is unknown to the
        platform (neither it nor, with it, the refId stands), not made when the read answers the
        node, whatever refId it holds; a read answering no node cannot tell."""
        if self.node_gone:
            return True
        return None if self.node is None else False

    def _created(self, change: Change) -> bool | None:
        """Made when the one entity holding its refId reads as the call wrote it: its template and
        each field it sets, compared as the plan compares them. Not made when no entity holds it, or
        the one holding it reads otherwise: another writer's, made meanwhile with other fields, is
        neither this call's nor made as planned. Two holding it, which is the call's, the read
        cannot tell."""
        if not self._has(change.ref_id):
            return False
        holder = self._held_by_one(change.ref_id)
        return None if holder is None else _as_written(change, holder)

    def taken(self, change: Change) -> bool:
        """A creation not made, its refId held by an entity unlike what the call wrote: another
        writer's (a platform refuses a second of one refId), which the next plan compares."""
        creating = change.action is Action.CREATE or (change.action is Action.REPLACE and not self.removing)
        return (
            creating
            and change.kind is not Kind.NODE
            and self._has(change.ref_id)
            and self.made(change) is False
        )

    def _renamed(self, change: Change) -> bool | None:
        """Made when the new refId is there, the old one gone, and each other field the update
        writes reads as planned; not made when the old refId is there and each reads as it did.
        Both refIds there (another entity holds the new one) or neither, or fields at odds with
        the refId (another writer's, or a platform keeping part of an entry), the read cannot tell.
        A connection's refId is its node's: the read is of that node (by its id), never of a device."""
        holds = self._node_holds if change.kind is Kind.NODE else self._has
        new, old = holds(change.ref_id), holds(change.live_ref_id)
        if new == old:
            return None
        others = _written(change) - {"ref_id"}
        if not others:
            return new
        held = change.ref_id if new else change.live_ref_id
        holder = self.node if change.kind is Kind.NODE else self._held_by_one(held)
        if holder is None:
            return None
        return new if _fields_made(change, live_fields(change.kind, holder), others) == new else None

    def _node_holds(self, ref_id: str | None) -> bool:
        return ref_id is not None and self.node is not None and self.node.get("SERIAL_NO") == ref_id

    def _held_by_one(self, ref_id: str | None) -> dict[str, Any] | None:
        """The props of the entity holding `ref_id`; none when no entity does, or more than one (which
        one a call wrote, the read cannot tell)."""
        if ref_id is None or ref_id in self.held_twice:
            return None
        return self.by_serial.get(ref_id)

    def _has(self, ref_id: str | None) -> bool:
        return ref_id is not None and ref_id in self.by_serial


def _renames(change: Change) -> bool:
    """A `moved` rename: an update of the refId."""
    return any(field.path == "ref_id" for field in change.fields)


# Read masked (a token), or shown without its credentials (a URL): a change to one cannot be told.
_UNTOLD_FIELDS = SECRET_FIELDS | {"url"}


def _written(change: Change) -> set[str]:
    """The fields an update writes, by name: `metrics[1]` is a path in `metrics`, `location.lat`
    in `location`."""
    return {field.key for field in change.fields}


def _as_written(change: Change, props: dict[str, Any]) -> bool:
    """Whether an entity's props read as a creation writes them: its template (where the read shows
    one) and its fields, by the plan's rule (a token or a URL, shown masked, left out)."""
    template = props.get("INTEGRATION_ID")
    if template is not None and change.template is not None and template != change.template:
        return False
    written = {name: value for name, value in (change.after or {}).items() if name not in _UNTOLD_FIELDS}
    return not field_changes(live_fields(change.kind, props), written)


def _fields_made(change: Change, now: dict[str, Any], names: set[str]) -> bool | None:
    """An update is made when each field of `names` reads as planned, and not made when each reads
    as it did: a field read either way while another is not says neither."""
    if not names or names & _UNTOLD_FIELDS:
        return None
    after, before = change.after or {}, change.before or {}
    if all(now.get(name) == after.get(name) for name in names):
        return True
    if all(now.get(name) == before.get(name) for name in names):
        return False
    return None


def _devices_and_sensors(integration: dict[str, Any]) -> Iterator[Any]:
    for group in integration.get("devices") or []:
        if isinstance(group, dict):
            yield group.get("device")
            yield from group.get("sensors") or []


def _props(entity: Any) -> dict[str, Any]:
    props = entity.get("props") if isinstance(entity, dict) else None
    return props if isinstance(props, dict) else {}
