"""Plan changes of one connection → the integrate request bodies that make them.

Pure: no I/O. A connection's changes go in one call (split when very large); replacements
remove in calls of their own first (split alike), because the re-created entity keeps its refId
(apply reads each removal call back before it sends the next: execute.py).
Assumptions (docs/api-assumptions.md): an update sends every prop the manifest manages for the
entity and its refId as `props.SERIAL_NO`, so it is the same write whether the platform merges or
replaces props (A2); a device sent only to reach its sensors (unchanged, or continued in a later
call) is an `update` that sends what it has, its refId included, so it is that same write too
(A2+); and a `moved` rename sends the old refId with the new one as `props.SERIAL_NO` (A1). What an
update does not change it resends as the platform holds it, where the plan's read is handed in: a
LOCATION another tool stored with text coordinates or a key of its own, which the plan reads as the
declared numbers, keeps its form (as a THREAD's update does, A14).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter
from typing import Any

from iotplan.plan.address import Address
from iotplan.plan.impact import (
    ENTITIES_PER_CALL,
    DevicesSent,
    devices_sent,
    packed,
    removal_parts,
    sensor_parts,
)
from iotplan.plan.model import WRITING, Action, Change, HeldForm, Kind
from iotplan.plan.props import (
    FORMS_UNLIKE_REFERENCE,
    SECRET_FIELDS,
    form_unlike_reference,
    held_quoted,
    keys_removed,
    live_field,
    platform_props,
    props_of,
)
from iotplan.secrets import holds_masked_credential, refuse_masked_props, shown_live
from iotplan.wording import joined

log = logging.getLogger(__name__)

SecretResolver = Callable[[str], str]
# Each entity's props as the plan's read found them, by live id (commands/plan.py `PropsRead`).
HeldProps = Mapping[str, Mapping[str, Any]]
REF_ID_PROP = "SERIAL_NO"  # the prop an update sends an entity's refId in (A1, A2)


@dataclass
class IntegrateCall:
    """One integrate request for one connection; `node_id` is None until the connection exists."""

    integration: dict[str, Any]
    changes: list[Change] = field(default_factory=list)
    # The replacements whose removal this call carries: each must be read back gone before the
    # calls after it are sent, since the re-created entity takes the same refId.
    confirm_removed: list[Change] = field(default_factory=list)


def connection_calls(
    changes: list[Change],
    resolve: SecretResolver,
    entities_per_call: int = ENTITIES_PER_CALL,
    sent: DevicesSent | None = None,
    held: HeldProps | None = None,
) -> list[IntegrateCall]:
    """The calls that carry one connection's changes, in the order they must run, each with at most
    `entities_per_call` devices and sensors (a sensor goes under its device, so at least those two).
    `sent`: `devices_sent(changes)`, when the caller has it already; `held`: the props the plan read
    of the entities it updates, which an update resends as they stand where it does not change them
    (none handed: each as the manifest writes it)."""
    node = next((change for change in changes if change.kind is Kind.NODE), None)
    if node is not None and node.action is Action.REMOVE:
        return [IntegrateCall({"nodeId": node.live_id, "changeState": "remove"}, [node])]
    sent = devices_sent(changes) if sent is None else sent
    builder = _Builder(changes, resolve, entities_per_call, sent, held or {})
    calls = []
    for chunk in _chunks(builder.removals(), entities_per_call):
        removing = [change for _, carried in chunk for change in carried]
        calls.append(IntegrateCall(_with_node(node, [entry for entry, _ in chunk]), removing, removing))
    calls += builder.main_calls(node)
    return [call for call in calls if call.integration.get("devices") or call.integration.get("changeState")]


def entities_in(integration: dict[str, Any]) -> int:
    """The devices and sensors an integrate body carries: what a call's size is counted in."""
    return sum(_weight(entry) for entry in integration.get("devices") or [])


def _weight(entry: dict[str, Any]) -> int:
    """A device entry's entities: itself and the sensors under it."""
    return 1 + len(entry.get("sensors") or [])


def props_written(changes: Sequence[Change]) -> list[Change]:
    """The platform entities an apply writes props of: each it updates, and each device sent as it
    stands to reach its sensors (A2+; not a THREAD's, whose sensors JSON-RPC writes on their own).
    Apply's verifying read asks which props each lost (`update_prop_names`)."""
    updated = [change for change in changes if change.action is Action.UPDATE and change.kind in _ENTITIES]
    standing = [device for device in sent_as_they_stand(devices_sent(changes)) if not device.on_thread]
    return updated + standing


_ENTITIES = (Kind.NODE, Kind.DEVICE, Kind.SENSOR)  # not a gateway's setting (Kind.EDGE)
# Sets, asked of each entity a call carries: a tuple of members read through their class, or the
# `Action.writes` property, cost ten times as much.
_CREATING = frozenset({Action.CREATE, Action.REPLACE})


def sent_as_they_stand(sent: DevicesSent) -> list[Change]:
    """The devices sent only to reach their sensors (A2+): not written themselves, holding a sensor
    that is. `sent`: a connection's `devices_sent`."""
    return [device for device, _ in sent if not device.action.writes]


def _with_node(node: Change | None, devices: list[dict[str, Any]]) -> dict[str, Any]:
    return {"nodeId": _node_id(node), "devices": devices}


def _node_id(node: Change | None) -> str | None:
    """The live connection id; None when the connection is created by an earlier call."""
    return node.live_id if node else None


@dataclass
class _Builder:
    changes: list[Change]
    resolve: SecretResolver
    entities_per_call: int
    sent: DevicesSent
    held: HeldProps

    def main_calls(self, node: Change | None) -> list[IntegrateCall]:
        entries = list(self._device_entries())
        chunks = _chunks(entries, self.entities_per_call) or [[]]
        calls = []
        for index, chunk in enumerate(chunks):
            integration: dict[str, Any] = self._node_part(node) if index == 0 else {"nodeId": _node_id(node)}
            integration["devices"] = [entry for entry, _ in chunk]
            carried = [change for _, group in chunk for change in group]
            if index == 0 and node is not None and node.action is not Action.NOOP:
                carried.insert(0, node)
            calls.append(IntegrateCall(integration, carried))
        return calls

    def _node_part(self, node: Change | None) -> dict[str, Any]:
        if node is None or node.action is Action.NOOP:
            return {"nodeId": _node_id(node)}
        if node.action is Action.CREATE:
            props = self._props(node, creating=True)
            return {"changeState": "new", "refId": node.ref_id, "props": props}
        return {"nodeId": node.live_id, "changeState": "update", "props": self._props(node, creating=False)}

    def _device_entries(self) -> Iterator[tuple[dict[str, Any], list[Change]]]:
        """Devices that change or carry changing sensors; removals last."""
        for device, sensors in self.sent:
            if device.action is Action.REMOVE:
                yield self._removal(device), [device]
            else:
                yield from self._split(*self._device_entry(device, sensors), device)

    def _split(
        self, entry: dict[str, Any], carried: list[Change], device: Change
    ) -> Iterator[tuple[dict[str, Any], list[Change]]]:
        """A device's entry, split when it has more sensors than one call holds: the rest follow as
        updates of the device, in later calls, once the first has created (or renamed) it."""
        sensor_changes = [change for change in carried if change.kind is Kind.SENSOR]
        own = [change for change in carried if change.kind is not Kind.SENSOR]
        first, *rest = zip(
            sensor_parts(entry["sensors"], self.entities_per_call),
            sensor_parts(sensor_changes, self.entities_per_call),
            strict=True,
        )
        yield {**entry, "sensors": first[0]}, own + list(first[1])
        if rest:
            continued = self._continued(device)
            yield from (({**continued, "sensors": sensors}, list(changes)) for sensors, changes in rest)

    def _device_entry(self, device: Change, sensors: list[Change]) -> tuple[dict[str, Any], list[Change]]:
        """The device's entry, its written sensors under it (removals last), and the changes it carries."""
        ordered = _removals_last(sensors)
        entry = self._entity_entry(device)
        entry["sensors"] = [self._sensor_entry(sensor) for sensor in ordered]
        return entry, ([device] if device.action.writes else []) + ordered

    def _sensor_entry(self, sensor: Change) -> dict[str, Any]:
        if sensor.action is Action.REMOVE:
            return self._removal(sensor)
        return self._entity_entry(sensor)

    def _entity_entry(self, change: Change) -> dict[str, Any]:
        if change.action in _CREATING:
            return {"changeState": "new", "refId": change.ref_id, "props": self._props(change, creating=True)}
        if change.action not in WRITING:
            return self._as_it_stands(change)  # only carries its sensors' changes (A2+)
        return {
            "changeState": "update",
            "refId": change.live_ref_id,
            "props": self._props(change, creating=False),
        }

    def _as_it_stands(self, device: Change) -> dict[str, Any]:
        """An update that changes nothing of the device, sent to reach its sensors (A2+). It sends
        the fields the device has live and its refId, so a platform whose update replaces props
        keeps it whole and found (A2); the live fields, not the declared ones, so an update that
        --target holds back stays unmade. A live field plans show masked (a URL's password in its
        notes, plan/props.py) is left out: sent as shown, "(sensitive)" would replace the real text,
        where an update that merges (A2) keeps it."""
        fields = _live_unmasked(device)
        left_out = sorted(set(device.before or {}) - set(fields))
        if left_out:  # said, not guessed: whether the platform keeps them is its doing
            log.warning(
                "%s: sent as it stands to reach its sensors, without its %s, which plans show masked: a "
                "platform whose update merges props keeps them, one whose update replaces them (`iotplan "
                "check-platform`, A2) loses them",
                device.address,
                joined(left_out),
            )
        props = self._update_props(device, fields, device.live_ref_id)
        return {"changeState": "update", "refId": device.live_ref_id, "props": props}

    def _continued(self, device: Change) -> dict[str, Any]:
        """The device as the call before left it, sent again to carry the sensors that call had no
        room for: with every prop and its refId, as any update of it (A2+)."""
        if not device.action.writes:
            return self._as_it_stands(device)
        props = self._update_props(device, device.after or {}, device.ref_id)
        return {"changeState": "update", "refId": device.ref_id, "props": props}

    def _removal(self, change: Change) -> dict[str, Any]:
        # A saved plan shows a refId masked: only a fresh plan's, as the platform holds it, is sent.
        refuse_masked_props(str(change.address), {"refId": change.live_ref_id})
        return {"changeState": "remove", "refId": change.live_ref_id}

    def removals(self) -> list[tuple[dict[str, Any], list[Change]]]:
        """Each replacement's removal, as a device entry with the replacements it carries: a replaced
        device alone, replaced sensors under their device as it stands (its own update, a rename say,
        goes in the calls after these), as many at a time as a call has room for."""
        devices = {change.address: change for change in self.changes if change.kind is Kind.DEVICE}
        holders: dict[Address | None, dict[str, Any]] = {}  # each device as it stands, made once
        entries = []
        for part in removal_parts(self.changes, self.entities_per_call):
            if part[0].kind is Kind.DEVICE:
                entries.append(({**self._removal(part[0]), "sensors": []}, part))
                continue
            device = part[0].address.parent
            if device not in holders:
                assert device in devices, (
                    f"{part[0].address}: a replaced sensor's device has no change of its own"
                )
                holders[device] = self._as_it_stands(devices[device])
            entries.append(({**holders[device], "sensors": [self._removal(s) for s in part]}, part))
        return entries

    def _props(self, change: Change, *, creating: bool) -> dict[str, Any]:
        after = change.after or {}
        if creating:
            props = _sendable(change, platform_props(after, self.resolve, clear_metrics=False))
            if change.template and change.kind is not Kind.NODE:
                props["INTEGRATION_ID"] = change.template
            return props
        renamed = any(field.path == "ref_id" for field in change.fields)
        return self._update_props(change, after, change.ref_id if renamed else change.live_ref_id)

    def _update_props(self, change: Change, fields: dict[str, Any], serial: str | None) -> dict[str, Any]:
        # Every managed prop, not only those that differ, and the refId: a platform whose update
        # replaces the props instead of merging them (A2) keeps the entity whole and findable.
        props = _sendable(change, platform_props(fields, self.resolve, clear_metrics=True))
        props.update(unchanged_as_held(change, fields, self.held, props))
        if serial:
            props[REF_ID_PROP] = serial
        return props


def unchanged_as_held(
    change: Change, fields: Mapping[str, Any], held: HeldProps, declared: Mapping[str, Any]
) -> dict[str, Any]:
    """Of `declared`, the props `fields` are written to, those of the fields the plan shows unchanged
    that the platform holds in another form, as it holds them: written as the manifest declares
    them, a LOCATION another tool stored with text coordinates (`"46.1"`) or a key of its own (`crs`),
    which the plan reads as the declared numbers (no change), would be rewritten in iotplan's form,
    unshown, and another tool reading it so would find it changed; on a platform whose update
    replaces props (A2), its type too. A field held otherwise than the change reads it (a read older
    than the plan's) and a secret are sent as declared."""
    props = held.get(str(change.live_id)) if change.live_id else None
    if not props:
        return {}
    shown = {field.key for field in change.fields}
    kept: dict[str, Any] = {}
    for name, value in fields.items():
        if name in shown or name in SECRET_FIELDS:
            continue
        its = {prop: props[prop] for prop in props_of(name) if props.get(prop) is not None}
        if any(now != declared.get(prop) for prop, now in its.items()) and live_field(name, its) == value:
            kept.update(its)  # the common case, held as declared, costs one comparison a prop
    return kept


def held_form_refused(
    said: str, call: IntegrateCall, changes: Sequence[Change], held: HeldProps
) -> tuple[str, str]:
    """Where the platform refused a call naming a prop an update in it resent as the platform holds it,
    in another JSON form than the manifest's (text coordinates), why iotplan sent that form and the
    one step that lets the update through: a rerun sends it alike and is refused alike. Both empty
    for any other refusal. `said`: the platform's own message (clients/errors.py `platform_said`),
    never iotplan's words around it, whose capitalised words (a project id in the URL) it did not
    refuse. The held form is anyone's text: quoted masked, as views show it."""
    named = props_named(said)
    told = [
        _held_form(change, prop, now, written, form_unlike_reference(prop, now))
        for change in _entities_sent(call, changes)
        for prop, now, written in _resent_as_held(change, held)
        if prop in named
    ]
    if not told:
        return "", ""
    sent = "; ".join(
        f"{held.prop} of {held.address} as the platform holds it, {held_quoted(held.held)}" for held in told
    )
    step = _set_in_the_web_app(told)
    return held_form_why(f"{sent} (another writer's form)", "A2", step), step


def props_named(error: str) -> set[str]:
    """The prop names a refusal's text holds, whole words only: NAME is not in DISPLAY_NAME. In capitals
    anywhere; in any case only as a step of a JSON path (`location.coordinates[0]`, `props.location`),
    where a validator names a field: a lowercase word in prose ("the site location") names no prop. A
    URL or a file's name names none (`https://docs.example/errors/location.coordinates`, `location.json`)."""
    said = _URL_OR_FILE.sub(" ", error)
    in_paths = {word.upper() for path in _JSON_PATH.findall(said) for word in re.findall(r"[A-Za-z_]+", path)}
    return set(re.findall(r"[A-Z_]+", said)) | in_paths


# A JSON path as a validator names a field: words joined by `.`, or a word indexed (`devices[0]`).
_INDEXED = r"[A-Za-z_]+(?:\[\d*\])*"
_JSON_PATH = re.compile(rf"(?<![\w.])(?:{_INDEXED}(?:\.{_INDEXED})+|[A-Za-z_]+(?:\[\d*\])+)")
# A URL, a host's path, a Windows path, or a file's name by its type: each run up to a blank or a
# control character, raw or as a message escapes it (`\u0007`), which ends an OSC 8 link's URL before
# the text a terminal shows for it (`target: <OSC 8 ...http://e/ BEL>LOCATION<...>` names LOCATION).
# A file's name runs back over a path's characters only: over any, it swallowed compact text before
# it (`LOCATION,ELEVATION:invalid;see:errors.md` named no prop).
_NOT_ESCAPED = r"(?!\\u00[01][0-9a-fA-F]|\\u007[fF])"
_RUN = rf"(?:{_NOT_ESCAPED}[^\s\x00-\x1f\x7f])"
_PATH_RUN = rf"(?:{_NOT_ESCAPED}[\w.~%+@/\\-])"
_URL_OR_FILE = re.compile(
    rf"[A-Za-z][\w+.-]*://{_RUN}*"
    rf"|[\w-]+(?:\.[\w-]+)+/{_RUN}*"
    rf"|\b[A-Za-z]:\\{_RUN}*"
    rf"|{_PATH_RUN}*\.(?:json|ya?ml|j2|csv|txt|xml|html?|md|log)\b"
)


def held_form_why(sent: str, assumption: str, step: str) -> str:
    """Why iotplan sent `sent`, props as the platform holds them, in a form the platform then refused,
    and the `step` that lets the update through, since a rerun is refused alike: REST's
    (`held_form_refused`, assumption A2) and THREAD's (apply/thread.py, A14) in the same words."""
    return (
        f"iotplan sent {sent}, not as the manifest declares it: the plan reads both as one value, and an "
        "update resends what the plan shows unchanged as it stands, the form another tool may read it in "
        f"(docs/api-assumptions.md {assumption}). This platform refuses that form, so running apply again "
        f"is refused the same way: {step}"
    )


def held_form_notes(changes: Sequence[Change], held: HeldProps) -> dict[Address, tuple[HeldForm, ...]]:
    """What a plan notes, by the address of the line that makes the write, where an update would
    resend a prop as the platform holds it in a form the reference does not give (text coordinates, a
    key of its own: plan/props.py `form_unlike_reference`): a platform checking the reference's types
    or keys refuses that write (`held_form_refused` then), so the plan says it up front, with the
    step (`held_forms_noted` words it). An update's note goes on its own line; a device sent as it
    stands (A2+), which has none, on its first written sensor's."""
    notes: dict[Address, list[HeldForm]] = {}
    for change in props_written(changes):
        unlike = [
            _held_form(change, prop, now, written, form)
            for prop, now, written in _resent_as_held(change, held)
            if (form := form_unlike_reference(prop, now))
        ]
        if unlike:
            where = change.address if change.action.writes else _first_written_sensor(change, changes)
            notes.setdefault(where, []).extend(unlike)
    return {address: tuple(forms) for address, forms in notes.items()}


def held_forms_noted(change: Change, forms: tuple[HeldForm, ...]) -> Change:
    """`change` carrying `forms` (`held_form_notes`), its reason ending with the note worded from them."""
    return dataclasses.replace(
        change,
        reason=f"{change.reason}; {held_forms_worded(change.address, forms, _assumption(change))}",
        held_forms=forms,
    )


def held_forms_worded(line: Address, forms: Sequence[HeldForm], assumption: str = "A2") -> str:
    """The note a line at `line` ends with, worded from its `forms` alone, one per entity in their
    order: how the platform holds each prop (the value quoted as `forms` holds it, masked), that the
    write resends it so, as `assumption` says (`_assumption`), and the step. An entity other than the
    line's own is its device, sent as it stands to carry it."""
    notes = []
    for address, group in groupby(forms, key=attrgetter("address")):
        its = list(group)
        whose = "" if address == line else f"its device {address} is sent as it stands to carry it: "
        held_so = "; ".join(
            f"{_HOLDS} {held.prop} of {address} {_UNLIKE} ({held.form}: {held_quoted(held.held)})"
            for held in its
        )
        notes.append(f"{whose}{held_so}{_resent(assumption)}{_set_in_the_web_app(its, ahead=True)}")
    return "; ".join(notes)


def _assumption(change: Change) -> str:
    """The assumption saying an update resends what the plan shows unchanged as held: REST
    integrate's (A2), or JSON-RPC update*'s for a THREAD's entity (A14)."""
    return "A14" if change.on_thread else "A2"


_HOLDS = "the platform holds"
_UNLIKE = "in a form the reference does not give"


def _resent(assumption: str) -> str:
    return (
        ", and this write resends it so (an update resends what the plan shows unchanged as the platform "
        f"holds it, docs/api-assumptions.md {assumption}): a platform refusing that form refuses the "
        "write; to let it through, "
    )


# A note cites A2, or A14 on a THREAD entity (`_assumption`); one saved before HELD_FORMS_SINCE, A2 on either.
_RESENT = re.escape(_resent("A2")).replace("A2", "A(?:2|14)")
_WEB_APP = " in the platform's web app, then apply again"
# A plan saved before HELD_FORMS_SINCE records no `held_forms`: its notes, worded as `held_forms_worded`
# words them, are read back from its reasons' text, the held values and the step's props aside (anyone's
# text); a later plan's text is only held to its data (render/json_plan.py).
_HELD_ONE = rf"{_HOLDS} [A-Z_]+ of \S+ {_UNLIKE} \((?:{'|'.join(FORMS_UNLIKE_REFERENCE)}): .*?\)"
_HELD_NOTE = (
    rf"(?:its device \S+ is sent as it stands to carry it: )?{_HELD_ONE}(?:; {_HELD_ONE})*"
    rf"{_RESENT}set .*?{re.escape(_WEB_APP)}"
)
_HELD_NOTES = re.compile(rf"; (?P<notes>{_HELD_NOTE}(?:; {_HELD_NOTE})*)$")
_HELD_NAMED = re.compile(
    rf"{_HOLDS} (?P<prop>[A-Z_]+) of (?P<address>\S+) {_UNLIKE} \((?P<form>.*?)\)"
    rf"(?=; {_HOLDS} |{_RESENT})"  # the held value quoted whole, up to the note's next words
)


def held_notes_unlike_their_data(change: Change) -> str | None:
    """How a saved line's note of props resent as held differs from its own `held_forms` (a plan
    saved since HELD_FORMS_SINCE), or None where they agree: a form of an entity the line does not
    send (neither its own nor, a sensor's, its device; or on a removal or a line writing nothing), one
    prop of one entity noted twice, a note's text other than the words its data makes
    (`held_forms_worded`), or such a note with no data. Each is the file's edit: no plan is written so,
    whatever the platform did since."""
    if not change.held_forms:  # nearly every line, of 100,000 and more read: only a note's text to look for
        return _NOTE_UNLIKE_DATA if held_form_noted(change.reason)[1] else None
    may_name = held_note_may_name(change)
    foreign = [held.address for held in change.held_forms if held.address not in may_name]
    if foreign:
        return f"its held_forms names {foreign[0]}, which its line does not send"
    seen: set[tuple[Address, str]] = set()
    for held in change.held_forms:  # a plan notes each prop of each entity once
        if (held.address, held.prop) in seen:
            return f"its held_forms names {held.prop} of {held.address} twice"
        seen.add((held.address, held.prop))
    note = held_note(change)
    if not change.reason.endswith(note) or held_form_noted(change.reason.removesuffix(note))[1]:
        return _NOTE_UNLIKE_DATA
    return None


_NOTE_UNLIKE_DATA = (
    "its note's text says how the platform holds what it resends otherwise than its held_forms"
)


def held_note(change: Change) -> str:
    """The note a line's `held_forms` end its reason with (`held_forms_noted`), or "" where it has none."""
    if not change.held_forms:
        return ""
    return f"; {held_forms_worded(change.address, change.held_forms, _assumption(change))}"


def held_note_may_name(change: Change) -> set[Address | None]:
    """The entities a line's held-form note may name, as `held_form_notes` places them: its own and, a
    sensor's, its device sent as it stands; none on a line that resends nothing (a removal, a no-op)."""
    if not change.action.writes or change.action.destroys:
        return set()
    return {change.address, change.address.parent} if change.kind is Kind.SENSOR else {change.address}


def held_form_noted(reason: str) -> tuple[str, str]:
    """A line's reason split in two: what it says but for the notes `held_forms_worded` ends it with,
    and those notes ("" where it has none), as a plan saved before HELD_FORMS_SINCE is read. They tell
    how the platform holds a prop when the plan was made, which it may hold otherwise by the time a
    saved plan is applied (apply/edited.py); only notes worded as iotplan words them are split off, so
    any other word edited stays in the first."""
    if _UNLIKE not in reason:  # nearly every line: no pattern run
        return reason, ""
    noted = _HELD_NOTES.search(reason)
    if noted is None:
        return reason, ""
    return reason[: noted.start()], noted["notes"]


def held_forms_named(notes: str) -> list[tuple[str, str]]:
    """The entities and props notes by `held_forms_worded` say the platform holds in a form the
    reference does not give, in their order: (address, prop), as a plan saved before HELD_FORMS_SINCE
    is read (the form quoted aside, which a note's text alone cannot prove: apply/edited.py)."""
    return list(dict.fromkeys((held["address"], held["prop"]) for held in _HELD_NAMED.finditer(notes)))


def _first_written_sensor(device: Change, changes: Sequence[Change]) -> Address:
    """The line a device sent as it stands is noted on: the first sensor under it the plan writes,
    which makes it sent (`devices_sent`); its own, were there none."""
    written = (
        change.address
        for change in changes
        if change.kind is Kind.SENSOR and change.action in WRITING and change.address.parent == device.address
    )
    return next(written, device.address)


def _resent_as_held(change: Change, held: HeldProps) -> list[tuple[str, Any, Any]]:
    """The props an update of `change` resends as the platform holds them in another JSON form than
    the one it would write them in (`unchanged_as_held`): each with the held value and that one."""
    fields = (change.after or {}) if change.action.writes else _live_unmasked(change)
    written = platform_props(fields, _names_only, clear_metrics=True)
    return [
        (prop, now, written.get(prop))
        for prop, now in unchanged_as_held(change, fields, held, written).items()
        if json_form(now) != json_form(written.get(prop))
    ]


def _held_form(change: Change, prop: str, now: Any, written: Any, form: str) -> HeldForm:
    """A prop `change`'s update resends as held (`now`), in `form`, with the value the one step that
    lets it through sets (`written`, as the update would write it: the manifest's, or for a device sent
    as it stands, the value it holds now), both masked as views show them."""
    return HeldForm(
        change.address,
        prop,
        form,
        shown_live(json_form(now)),
        shown_live(json_form(written)),
        _held_back(change, prop),
    )


def _held_back(change: Change, prop: str) -> bool:
    """Whether `change` is a device sent as it stands whose own update of `prop` --target or --exclude
    held back: the step then sets the value it holds, not the change the user chose to leave unmade."""
    if change.action.writes:  # an update's step sets what the manifest declares: no live read
        return False
    declared, live = change.after or {}, _live_unmasked(change)
    return any(declared.get(name) != live.get(name) for name in _fields_of(prop, live))


def _set_in_the_web_app(forms: Sequence[HeldForm], ahead: bool = False) -> str:
    """The one step that lets such an update through: each prop set by hand in the reference's form.
    As the manifest declares it where that is the value the update sends; for a device sent as it
    stands whose own update `--target` or `--exclude` held back, the value it holds, in that form, so
    the step is not the change the user chose to leave unmade. `ahead`: a plan's note, before any
    platform refused the write (`_removing_keys`)."""
    return f"set {', '.join(_set_as(held, ahead) for held in forms)}{_WEB_APP}"


def _set_as(held: HeldForm, ahead: bool) -> str:
    removing = _removing_keys(held, ahead)
    if not held.held_back:
        return f"{held.prop} of {held.address} as the manifest declares it{removing}"
    return (
        f"{held.prop} of {held.address} to {held.declared}{removing}, the value it holds now in the "
        "reference's form (the manifest's, which this apply holds back, stays unmade)"
    )


def _removing_keys(held: HeldForm, ahead: bool) -> str:
    """The keys of its own a held value has that setting it in the reference's form removes, in words
    (` (removing its key crs)`), or "": read from the held value alone, as a saved plan holds it, so a
    note is worded from its data (`held_forms_worded`). A value masked past reading as JSON names none.
    Another tool may read the key, and a removal is not undone: `ahead` of a refusal (the plan's note),
    where the platform may well take the key back as the default one does, the write keeps it, and the
    removal is the way past a refusal only."""
    try:
        removing = keys_removed(held.prop, json.loads(held.held))
    except ValueError:
        return ""
    if not removing or not ahead:
        return f" ({removing})" if removing else ""
    kept = removing.removeprefix("removing ")
    return (
        f" ({removing} only where the platform refuses the write: a platform that takes it back keeps "
        f"{kept} through this write, for the tool that stored it)"
    )


def _fields_of(prop: str, fields: Mapping[str, Any]) -> list[str]:
    return [name for name in fields if prop in props_of(name)]


def _entities_sent(call: IntegrateCall, changes: Sequence[Change]) -> list[Change]:
    """The entities a call writes props of: its updates, and the devices sent as they stand to reach
    its sensors (A2+)."""
    carried = {change.address for change in call.changes}
    parents = {change.address.parent for change in call.changes if change.kind is Kind.SENSOR}
    return [
        change
        for change in changes
        if (change.address in carried and change.action is Action.UPDATE)
        or (change.address in parents and change.kind is Kind.DEVICE and not change.action.writes)
    ]


def json_form(value: Any) -> str:
    """A prop as JSON writes it (`5`, `5.0`, `true`, `"46.1"`, a map's keys sorted): what tells two
    values Python holds equal apart (`5 == 5.0 == True`)."""
    return json.dumps(value, sort_keys=True, default=str)


def update_prop_names(change: Change) -> set[str]:
    """The props the last update of `change` sends, by name, as `_Builder._update_props` builds them:
    its declared fields', or, a device sent only to reach its sensors (A2+), its live unmasked ones',
    and its refId. Apply's verifying read asks which props it read before went unsent. Built with no
    secret looked up: only names are asked, and a plan holds a secret masked (no reference)."""
    fields = (change.after or {}) if change.action.writes else _live_unmasked(change)
    return {*platform_props(fields, _names_only, clear_metrics=True), REF_ID_PROP}


def _live_unmasked(device: Change) -> dict[str, Any]:
    """The fields a device has live, but for one plans show masked: what `_as_it_stands` sends."""
    return {name: value for name, value in (device.before or {}).items() if not _masked(value)}


def _names_only(reference: str) -> str:
    return reference


def _sendable(change: Change, props: dict[str, Any]) -> dict[str, Any]:
    """`props`, unless one holds a masked credential: the calls are all built before the first is
    sent (execute.py), so a refusal here sends nothing of the connection."""
    refuse_masked_props(str(change.address), props)
    return props


def _removals_last(changes: list[Change]) -> list[Change]:
    return sorted(changes, key=lambda change: change.action is Action.REMOVE)


def _chunks(
    entries: list[tuple[dict[str, Any], list[Change]]], limit: int
) -> list[list[tuple[dict[str, Any], list[Change]]]]:
    return packed(entries, lambda pair: _weight(pair[0]), limit)


def _masked(value: Any) -> bool:
    """A live value as plans show it, not as the platform holds it."""
    return isinstance(value, str) and holds_masked_credential(value)
