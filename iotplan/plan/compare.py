"""One entity's Change: compared, created, removed or unmanaged. Pure; `diff.py` walks the tree."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial
from operator import call
from typing import Any

from iotplan.live import LiveEntity, Observations
from iotplan.live.model import OWN_PROPS, Props, counted, values_of
from iotplan.manifest.models import DEFAULT_DEVICE_TEMPLATE, GENERIC_SENSOR
from iotplan.plan.address import Address
from iotplan.plan.desired import DesiredEntity, walk
from iotplan.plan.fields import field_changes
from iotplan.plan.model import Action, Cause, Change, FieldChange, InSync, Kind
from iotplan.plan.ownership import unmanaged_reason
from iotplan.plan.props import PROPS_READ, SENSITIVE, live_fields, written_as_declared, written_values
from iotplan.secrets import (
    SECRET_PROP_NAME,
    names_a_credential,
    shown_reference,
    text_names_a_credential,
    without_schemeless_userinfo,
    without_url_credentials,
)
from iotplan.wording import quoted_serial

# What a created entity is when an adopted one (`ref_id`) left its template unsaid.
DEFAULT_TEMPLATES = {Kind.NODE: None, Kind.DEVICE: DEFAULT_DEVICE_TEMPLATE, Kind.SENSOR: GENERIC_SENSOR}
# Props that data arriving changes: a saved plan must not go stale because a sensor reported.
VOLATILE_PROPS = frozenset({"OBSERVATION_COUNT", "LAST_COMM", "LAST_OBSERVATION", "ACCESSIBLE"})
# The client's one list of props the platform owns: it sets each itself (its dates, counts, status and
# groups, the project, connection and template it records an entity under), an update keeps each (A2),
# and no manifest declares one. The emulator's lists (iotplan/sim) are its own, kept apart on purpose.
PLATFORM_PROPS = VOLATILE_PROPS | {
    "CREATION_DATE",
    "LAST_MODIFIED_DATE",
    "LAST_MODIFIED_BY",
    "PROJECT_ID",
    "NODE_ID",
    "INTEGRATION_ID",
    "SIZE",
    "DEVICE_GROUP",
    "SENSOR_GROUP",
}
# Resolves a secret reference to its value, or None when it cannot be resolved at plan time.
SecretResolver = Callable[[str], str | None]


def fingerprint(entity: LiveEntity) -> str:
    """Identifies what an entity looked like, ignoring what data arriving changes. A saved plan
    carries it: an unsalted hash of a live token or a URL's password would let anyone holding the
    plan test guesses at it, so secrets are left out (a changed token is a field the plan compares).

    What is hashed is the JSON of `[id, stable props without secrets]`, keys sorted. It is written
    here from each prop's part, each dumped once per distinct value: a fleet's entities share most
    of theirs (dates, parents, metric maps), and dumping them again was half of a sweeping plan.
    JSON writes a value inside a list or map as it writes it alone, so the text is the same
    (tests/plan/test_fingerprint_from_parts.py holds it to the whole dump)."""
    props = entity.props
    layout = _layout(tuple(props))
    if layout is None:  # a key that is no text: dumped whole, as JSON sorts and writes such keys
        stable = {key: value for key, value in props.items() if key not in VOLATILE_PROPS}
        return _digest(_ENCODER.encode([entity.id, _without_secrets(stable)]))
    keys, heads, dumpers = layout
    values = values_of(props, keys)
    body = ", ".join(map(str.__add__, heads, map(call, dumpers, values)))
    return _digest(f"[{_dumped_as_is(entity.id)}, {{{body}}}]")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# `json.dumps(..., sort_keys=True, default=str)`, made once: the call makes an encoder each time.
_ENCODER = json.JSONEncoder(sort_keys=True, default=str)
_DUMPED_TEXT = json.encoder.encode_basestring_ascii  # what _ENCODER writes for a text, anywhere


def _layout(keys: tuple[Any, ...]) -> _Layout | None:
    """The props a fingerprint holds, sorted, each with its dumped key (`"NAME": `) and how its
    value is dumped; None where a key is no text. Made once per key order: a read's entities of one
    kind share theirs."""
    held = _LAYOUTS.get(keys)
    if held is None and keys not in _LAYOUTS:
        held = _layout_of(keys)
        if len(_LAYOUTS) >= _PARTS_MAX:
            _LAYOUTS.clear()
        _LAYOUTS[keys] = held
    return held


def _layout_of(keys: tuple[Any, ...]) -> _Layout | None:
    if any(key.__class__ is not str for key in keys):
        return None
    kept = tuple(sorted(key for key in keys if key not in VOLATILE_PROPS and not _text_named_secret(key)))
    heads = tuple(f"{_DUMPED_TEXT(key)}: " for key in kept)
    return kept, heads, tuple(_dumped_own if key in OWN_PROPS else _dumped_part for key in kept)


_Layout = tuple[tuple[str, ...], tuple[str, ...], tuple[Callable[[Any], str], ...]]


def _dumped_own(value: Any) -> str:
    return _DUMPED_TEXT(_text_without_secrets(value)) if value.__class__ is str else _dumped_part(value)


def _dumped_part(value: Any) -> str:
    """A prop's value as the fingerprint's JSON writes it, secrets left out (`_without_secrets`):
    a text or a map of texts dumped once per distinct value, found again by the value itself (a
    map by its items, texts only: maps holding 1 and True are equal, and dumped apart)."""
    kind = value.__class__
    if kind is str:
        part = _PARTS.get(value)
        return _remembered(value, _DUMPED_TEXT(_text_without_secrets(value))) if part is None else part
    if kind is dict and _texts_only(value):
        items = tuple(value.items())
        part = _PARTS.get(items)
        return (
            _remembered(items, _dumped_as_is(_without_secrets(value, names_a_credential)))
            if part is None
            else part
        )
    if kind is int:
        return repr(value)  # as JSON writes an int (a bool's class is its own)
    return _dumped_as_is(_without_secrets(value, names_a_credential))


def _remembered(value: str | tuple[tuple[str, str], ...], part: str) -> str:
    if len(_PARTS) >= _PARTS_MAX:
        _PARTS.clear()
    _PARTS[value] = part
    return part


def _texts_only(value: dict[Any, Any]) -> bool:
    # A loop: all() of a generator costs twice as much, and a sensor has two maps.
    for key, held in value.items():  # noqa: SIM110
        if key.__class__ is not str or held.__class__ is not str:
            return False
    return True


def _dumped_as_is(value: Any) -> str:
    return _DUMPED_TEXT(value) if value.__class__ is str else _ENCODER.encode(value)


_LAYOUTS: dict[tuple[Any, ...], _Layout | None] = {}
_PARTS: dict[str | tuple[tuple[str, str], ...], str] = {}
_PARTS_MAX = 10_000


def _named_secret(key: Any) -> bool:
    return _text_named_secret(key) if type(key) is str else bool(SECRET_PROP_NAME.search(str(key)))


@lru_cache(maxsize=4096)
def _text_named_secret(key: str) -> bool:
    """Once per name: every entity of a fleet repeats the same dozen prop names."""
    return bool(SECRET_PROP_NAME.search(key))


def _without_secrets(value: Any, secret_key: Callable[[Any], bool] = _named_secret) -> Any:
    """`value` with every key named like a credential left out, every URL's credentials (and a
    `user:pw@host`'s without a scheme) masked and every text naming a credential (`...;Password=...;`,
    `Basic ...`) hidden, at any depth: a password
    under `{"db": {"password": ...}}` or in a connection string is as easily tested against an
    unsalted hash as one in a prop of its own. What `import` hides, a fingerprint leaves out: a prop
    is named as props are (SECRET_PROP_NAME), a key inside one as `import` reads it (`jwt`, `sig`)."""
    if isinstance(value, str):
        return _text_without_secrets(value)
    if isinstance(value, dict):
        return {
            key: _without_secrets(held, names_a_credential)
            for key, held in value.items()
            if not secret_key(key)
        }
    if isinstance(value, list | tuple):
        return [_without_secrets(held, names_a_credential) for held in value]
    return value


def _text_without_secrets(text: str) -> str:
    """`text` as views show a live one (render/secrets.py `unless_hidden`): "(sensitive)" where it
    names a credential, else its URLs' passwords and each `user:pw@` before a host without a
    `scheme://` masked. One detector for both: a password a plan hides must not be testable
    against its fingerprint."""
    masked = without_url_credentials(text)
    return SENSITIVE if text_names_a_credential(masked) else without_schemeless_userinfo(masked)


@dataclass(frozen=True)
class LiveSide:
    """Where a live entity sits: what a Change about it must say besides the entity itself."""

    kind: Kind
    address: Address
    project_id: str
    observations: Observations  # its own and its descendants'


def compare(
    entity: DesiredEntity, live: LiveEntity, held: Callable[[], Observations], secret: SecretResolver
) -> Change:
    """A declared entity that exists: in sync, updated, or replaced when its template changed.

    `held` counts what it holds only when a change needs the figure (and for an in-sync sensor,
    whose count is one lookup). Most devices and sensors found live come through `compare_found`,
    which tells those in sync from one read and hands the others here or to `_compared`.
    """
    live_ref_id, live_template = live.ref_id, live.template
    if entity.template and live_template and entity.template != live_template:
        return _replaced(entity, live, held)
    moved = _renamed(entity, live_ref_id)
    if not moved and written_as_declared(entity.kind, entity.fields, live.props):
        return _in_sync(entity, live, live_ref_id, held)  # most are, told without reading their fields
    return _compared(entity, live, live_ref_id, moved, held, secret)


def compare_found(
    entity: DesiredEntity,
    live: LiveEntity,
    held_by: Callable[[LiveEntity, bool], Observations],
    secret: SecretResolver,
) -> Change:
    """`compare` of a declared device or sensor found live, `held_by` its connection's
    (LiveConnection.held_by). Its props are read in one step, which tells most of a fleet's in sync
    without the dozen calls `compare` makes to tell the same; where they show its fields written
    otherwise, they are compared at once, not read again (tests/plan/test_compare_found.py holds it
    to `compare`). An in-sync sensor's count is read with its props (live/model.py `counted`), not
    through `held_by`: the two agree while `held_by` counts a sensor by `Observations.of_sensor`.
    An in-sync sensor's change is an `InSync`, equal to the Change `compare` makes."""
    kind, props = entity.kind, live.props
    # A read's own props answer at once: `values_of`'s call and its test of their class saved.
    read = (
        props.values_of(_READ_AT_ONCE[kind])
        if props.__class__ is Props
        else values_of(props, _READ_AT_ONCE[kind])
    )
    live_ref_id, live_template, template = read[-4], read[-3], entity.template
    if (
        live_ref_id != entity.ref_id
        or live_ref_id.__class__ is not str  # `LiveEntity.ref_id` reads it with str()
        or (template and live_template and template != live_template)
    ):
        return compare(entity, live, partial(held_by, live, kind is _DEVICE), secret)  # moved, replaced
    written = written_values(kind, entity.fields)
    if written is None or read[:-4] != written:  # `written_as_declared`'s answer, from the one read
        return _compared(entity, live, live_ref_id, False, partial(held_by, live, kind is _DEVICE), secret)
    if kind is not _SENSOR:  # a device's count is not asked (`_held_in_sync`)
        return _in_sync_change(entity, live, live_ref_id, template or live_template, 0, False, False)
    # What `held_by` holds a sensor to (`Observations.of_sensor`), from the one read: 0.4 µs less.
    # Held as an `InSync`, a fifth of a Change's bytes: most of a fleet is one.
    return InSync.of(entity, live.id, template or live_template, counted(read[-2], read[-1]))


# The props `compare_found` reads at once of each kind: those its fields are read from
# (`PROPS_READ`, in order), then its refId and template, then a sensor's count (`count_of`'s two).
_READ_AT_ONCE = {
    kind: (*props, "SERIAL_NO", "INTEGRATION_ID", "OBSERVATION_COUNT", "LAST_OBSERVATION")
    for kind, props in PROPS_READ.items()
}


def _compared(
    entity: DesiredEntity,
    live: LiveEntity,
    live_ref_id: str | None,
    moved: bool,
    held: Callable[[], Observations],
    secret: SecretResolver,
) -> Change:
    """A declared entity found live, neither replaced nor told in sync by its props as written: its
    fields are read and compared."""
    before = live_fields(entity.kind, live.props)
    if before == entity.fields and not moved:  # in sync in fields `written_as_declared` cannot tell
        return _in_sync(entity, live, live_ref_id, held)
    fields = tuple(_field_changes(entity, live, before, secret, moved))
    if fields:
        return _updated(entity, live, live_ref_id, before, fields, moved, held)
    known, unknown, counted = _held_in_sync(entity, held)
    common = _common(entity, live, before, live_ref_id) | {
        "observations": known,
        "observations_unknown": unknown,
        "counted": counted,
    }
    unset = _unset_secret(entity, secret)
    if unset:  # silence is not agreement: `plan` and `apply` refuse it, `drift` says not checked
        said = shown_reference(unset)  # a saved plan's, never validated, may hold a token as the name
        reason = f"auth_token {said} is not set (or empty): the platform's token was not compared"
        return Change(**common, action=Action.NOOP, cause=Cause.UNVERIFIABLE, reason=reason)
    return Change(**common, action=Action.NOOP, cause=Cause.IN_SYNC, reason="in sync")


def _updated(
    entity: DesiredEntity,
    live: LiveEntity,
    live_ref_id: str | None,
    before: dict[str, Any],
    fields: tuple[FieldChange, ...],
    moved: bool,
    held: Callable[[], Observations],
) -> Change:
    """An update, moved or differing. Only what a change writes is fingerprinted: a saved plan is
    checked against those alone, and hashing every in-sync entity of a large fleet costs a second.
    What it holds is held, not destroyed: a data-model change reinterprets it."""
    observations = held()
    # In Change's field order, as its positions (`_in_sync`): a sweeping change (every sensor's
    # unit) builds 100,000 (tests/plan/test_update_built_in_place.py holds it to its keywords).
    return Change(
        entity.address,  # address
        entity.kind,  # kind
        _UPDATE,  # action
        entity.project_id,  # project_id
        entity.connection,  # connection
        f"moved from {old_address(live_ref_id)}" if moved else "differs from the manifest",  # reason
        _MOVED if moved else _DIFFERS,  # cause
        entity.ref_id,  # ref_id
        live.id,  # live_id
        live_ref_id,  # live_ref_id
        entity.template or live.template,  # template
        before,  # before
        entity.fields,  # after
        fields,  # fields
        observations.known,  # observations
        observations.unknown,  # observations_unknown
        True,  # counted
        fingerprint(live),  # fingerprint
        any(change.rereads_history for change in fields),  # touches_data_model
    )


# Read once: an enum member read through its class costs a lookup each time (60 ns in 3.11).
_UPDATE, _MOVED, _DIFFERS = Action.UPDATE, Cause.MOVED, Cause.DIFFERS
_NOOP, _IN_SYNC, _SENSOR, _DEVICE = Action.NOOP, Cause.IN_SYNC, Kind.SENSOR, Kind.DEVICE


def _common(
    entity: DesiredEntity, live: LiveEntity, before: dict[str, Any], live_ref_id: str | None
) -> dict[str, Any]:
    """What every change about a declared entity found live says, whatever its action."""
    return {
        "address": entity.address,
        "kind": entity.kind,
        "project_id": entity.project_id,
        "connection": entity.connection,
        "ref_id": entity.ref_id,
        "live_id": live.id,
        "live_ref_id": live_ref_id,
        "template": entity.template or live.template,
        "before": before,
        "after": entity.fields,
    }


def _in_sync(
    entity: DesiredEntity, live: LiveEntity, live_ref_id: str | None, held: Callable[[], Observations]
) -> Change:
    """Most are: nothing compared field by field, and the one dict serves as both `before` and
    `after` (20 MB less per 100,000). A declared token (a reference) never equals the masked live
    one: its entity is compared in `compare`, by resolving the reference."""
    known, unknown, counted = _held_in_sync(entity, held)
    return _in_sync_change(
        entity, live, live_ref_id, entity.template or live.template, known, unknown, counted
    )


def _in_sync_change(
    entity: DesiredEntity,
    live: LiveEntity,
    live_ref_id: str | None,
    template: str | None,
    known: int,
    unknown: bool,
    counted: bool,
) -> Change:
    # In Change's field order, as its positions: a fleet builds 100,000, and 16 keywords cost as
    # much again as the record (tests/plan/test_in_sync_fast_path.py holds it to its keywords).
    return Change(
        entity.address,  # address
        entity.kind,  # kind
        _NOOP,  # action
        entity.project_id,  # project_id
        entity.connection,  # connection
        "in sync",  # reason
        _IN_SYNC,  # cause
        entity.ref_id,  # ref_id
        live.id,  # live_id
        live_ref_id,  # live_ref_id
        template,  # template
        entity.fields,  # before
        entity.fields,  # after
        (),  # fields
        known,  # observations
        unknown,  # observations_unknown
        counted,  # counted
    )


def _replaced(entity: DesiredEntity, live: LiveEntity, held: Callable[[], Observations]) -> Change:
    """A template change: the entity is removed and created again, with what it holds."""
    observations = held()
    return Change(
        **_common(entity, live, live_fields(entity.kind, live.props), live.ref_id),
        action=Action.REPLACE,
        cause=Cause.TEMPLATE_CHANGED,
        fields=(FieldChange("template", live.template, entity.template),),
        reason=_replaced_reason(entity, live),
        observations=observations.known,
        observations_unknown=observations.unknown,
        fingerprint=fingerprint(live),
    )


def _replaced_reason(entity: DesiredEntity, live: LiveEntity) -> str:
    """A template change replaces the entity: a `moved` entry that led here is named, or the plan
    would read as if the rename kept the history that the replacement destroys."""
    reason = f"template {live.template} → {entity.template} cannot be updated in place"
    if not _renamed(entity, live.ref_id):
        return reason
    moved = f"moved from {old_address(live.ref_id)}, but `moved` cannot keep history across a template change"
    return f"{reason}; {moved}"


def old_address(live_ref_id: str | None) -> str:
    """The address a `moved` entity's live refId still names (the refId without its stack)."""
    return (live_ref_id or "").split(":", 1)[-1]


def _held_in_sync(entity: DesiredEntity, held: Callable[[], Observations]) -> tuple[int, bool, bool]:
    """What an in-sync entity holds, for the views (a JSON plan's 0 read as "no history"): its
    observations known, whether some are unknown, and whether it was counted. A sensor's count is
    its own, one lookup; a device's or connection's is a sum over its sensors, which for every
    in-sync one cost 1 s of a 100,000-sensor diff (benchmarks/README.md): not counted (its sensors
    carry theirs)."""
    if entity.kind is not _SENSOR:
        return 0, False, False
    observations = held()
    return observations.known, observations.unknown, True


def _field_changes(
    entity: DesiredEntity, live: LiveEntity, before: dict[str, Any], secret: SecretResolver, renamed: bool
) -> list[FieldChange]:
    fields = entity.fields
    public = {n: v for n, v in fields.items() if n != "auth_token"} if "auth_token" in fields else fields
    changes = field_changes(before, public)
    if renamed:
        changes.insert(0, FieldChange("ref_id", live.ref_id, entity.ref_id))
    return changes + _secret_changes(entity, live, secret)


def _renamed(entity: DesiredEntity, live_ref_id: str | None) -> bool:
    """Whether the write renames the entity's refId (`moved`). A connection adopted by its id keeps
    the SERIAL_NO it has: it is found by id, so its serial is never rewritten nor called moved."""
    return live_ref_id != entity.ref_id and not entity.pinned_id


def _unset_secret(entity: DesiredEntity, secret: SecretResolver) -> str | None:
    """The token reference that does not resolve now, if the entity declares one."""
    reference = entity.fields.get("auth_token")
    return str(reference) if reference is not None and secret(reference) is None else None


def _secret_changes(entity: DesiredEntity, live: LiveEntity, secret: SecretResolver) -> list[FieldChange]:
    """A token is compared when its reference resolves now; one the platform lacks is added."""
    reference = entity.fields.get("auth_token")
    if reference is None:
        return []
    wanted = secret(reference)
    current = live.props.get("AUTH_TOKEN")
    if wanted is None or wanted == current:
        return []
    before = None if current is None else SENSITIVE
    return [FieldChange("auth_token", before, reference, sensitive=True)]


def creations(entity: DesiredEntity, cause: Cause, reason: str) -> list[Change]:
    """The entity and everything under it, parents first."""
    return [
        Change(
            address=each.address,
            kind=each.kind,
            action=Action.CREATE,
            cause=cause if each is entity else Cause.WITH_PARENT,
            project_id=each.project_id,
            connection=each.connection,
            reason=reason if each is entity else f"created with {entity.address}",
            ref_id=each.ref_id,
            template=each.template or DEFAULT_TEMPLATES[each.kind],
            after=each.fields,
        )
        for each in walk([entity])
    ]


def removal(side: LiveSide, live: LiveEntity, cause: Cause, reason: str) -> Change:
    return Change(
        address=side.address,
        kind=side.kind,
        action=Action.REMOVE,
        cause=cause,
        project_id=side.project_id,
        connection=side.address.connection,
        reason=reason,
        ref_id=live.ref_id,
        live_id=live.id,
        live_ref_id=live.ref_id,
        template=live.template,
        before=live_fields(side.kind, live.props),
        observations=side.observations.known,
        observations_unknown=side.observations.unknown,
        fingerprint=fingerprint(live),
    )


def unmanaged(side: LiveSide, live: LiveEntity, stack: str) -> Change:
    return Change(
        address=side.address,
        kind=side.kind,
        action=Action.UNMANAGED,
        cause=Cause.UNMANAGED,
        project_id=side.project_id,
        connection=side.address.connection,
        reason=unmanaged_reason(stack, live.ref_id, side.address.depth),
        live_id=live.id,
        live_ref_id=live.ref_id,
        template=live.template,
        before=live_fields(side.kind, live.props),
        observations=side.observations.known,
        observations_unknown=side.observations.unknown,
        fingerprint=fingerprint(live),
    )


def duplicate(entity: DesiredEntity, extra: LiveEntity, kept: LiveEntity | None, reason: str = "") -> Change:
    """An extra copy of a device or sensor: reported, never touched (integrate would not know which).
    `reason`: why, where more is known than a second one carrying the refId (`copy_in_another_case`)."""
    address = Address(f"{entity.address}#{extra.short_id}")
    return Change(
        address=address,
        kind=entity.kind,
        action=Action.DUPLICATE,
        cause=Cause.DUPLICATE,
        project_id=entity.project_id,
        connection=entity.connection,
        reason=reason
        or f"a second {entity.kind} with refId {quoted_serial(extra.ref_id)} (kept: "
        f"{kept.id if kept else '?'}); remove one in the platform's web app",
        ref_id=extra.ref_id,
        live_id=extra.id,
        live_ref_id=extra.ref_id,
        template=extra.template,
        before=live_fields(entity.kind, extra.props),
        counted=False,  # only whether it holds data was weighed (plan/copies.py), not how much
        fingerprint=fingerprint(extra),
    )
