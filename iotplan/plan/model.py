"""The plan is a value: ordered Changes with their field diffs, serialisable, doing no I/O."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import cached_property
from operator import attrgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from iotplan.live.model import Observations, Uncounted
from iotplan.manifest.source import via_alias
from iotplan.plan.address import Address
from iotplan.plan.coverage import Coverage
from iotplan.records import record

if TYPE_CHECKING:
    from iotplan.plan.catalog import CatalogNote
    from iotplan.plan.desired import DesiredEntity

# 1.1 adds each change's `cause`; 1.2 the iotplan version and the shard a plan covers; 1.3
# `holding` per removal; 1.4 an in-sync sensor's count, and `observations: null` where no count
# was read (0 before); 1.5 `target_rpc_endpoint`, which the target check rests on, and
# `secret_digest` on each write that sets a token; 1.6 `read_at`, when the read of the platform
# began; 1.7 `copies_taken` on a removal that takes a copy of a declared entity; 1.8
# `catalog_notes`, the names the catalog no longer lists that live entities hold, kept; 1.9
# `looks_renamed_to` on a removal that looks like a key renamed without `moved`; 1.10 a replacement's
# `holding` lists the sensors it makes again that hold data; 1.11 `holding_shown`, on a replacement,
# where the plan creates again each of those it shows at another address than `holding` names it by:
# an object keyed by the `holding` entry, only those that differ, so a reader looks each up. `holding`
# keeps the address its live refId gives (one sensor, whatever the manifest calls it), which the
# staleness check compares: by the planned address, a sensor another writer made there since the
# review would pass as the one reviewed. For JSON readers only: nothing weighs it. 1.12
# `named_alike_elsewhere`, on a shard's removal hinted as a rename, the connections named alike another
# shard removes, whose count it could not read (the text plan's doubt). 1.13 `loggers_cut_off`, on a
# port setting that cuts off the loggers on its port, those its line's note names: the note's text is
# what the review read (an edit of it is the file's), the list what the platform held (a logger put on
# the port since is the platform's); and `loggers_sharing_port`, on a THREAD logger whose line notes its
# port is shared, and `histories_elsewhere`, on a new THREAD logger or sensor whose line notes where a box
# or a namesake's history is, what those notes name, held alike. 1.14 `loggers_in_doubt`, on such a port
# setting, each of its `loggers_cut_off` its note says it may cut off, with the doubt the note words: read
# back as data, where a 1.13 plan's are read from its note. 1.15 adds no key: its fingerprints leave
# out a `user:pw@host`'s password without a scheme, which a 1.14 plan's hashed (apply/stale.py
# FINGERPRINTS_SINCE). 1.16 `pinned_connections`, the connections pinned by `id:` among those the plan
# updates: a merge weighs the shards' trades of names or locations as one run does, leaving them out (an
# older plan's none: its merge refuses such a trade, as it did). 1.17 `held_forms`, on a write whose line
# notes it resends a prop as the platform holds it in a form the reference does not give (text
# coordinates): what the note says, as data, worded into the note from it; a saved plan's apply compares
# the data, where a 1.16 plan's notes are read from their text. 1.18 `counted_through_rpc`, on a removal
# or data-model change whose count (its own, or one of what it takes) JSON-RPC was asked for: the
# estimate of an apply's requests counts the recount's JSON-RPC read by it, and no authenticate where
# the plan's read opened the session; a 1.17 plan's is inferred from its counts, as before (one off
# where REST gives devices and sensors no count). A 1.0 plan still reads.
FORMAT_VERSION = "1.18"
# The plan format that records `held_forms` (above).
HELD_FORMS_SINCE = "1.17"
# The plan format that records `counted_through_rpc` (above).
COUNTED_THROUGH_RPC_SINCE = "1.18"
THREAD_PREFIX = "/fn/"  # the ids of THREAD connections and everything under them


def format_known(version: str, written: str) -> bool:
    """Whether a document in format `version` is one an iotplan writing `written` reads in full:
    what a newer minor version added would be dropped by this one without a word."""
    try:
        return tuple(map(int, version.split("."))) <= tuple(map(int, written.split(".")))
    except ValueError:  # not numbers: no format this iotplan knows
        return False


class Kind(StrEnum):
    """What a change is about: a platform entity, or one setting of a THREAD gateway."""

    NODE = "node"
    DEVICE = "device"
    SENSOR = "sensor"
    EDGE = "edge"


# A platform entity's kind by its address's depth: connection, device, sensor.
KIND_AT_DEPTH = (Kind.NODE, Kind.DEVICE, Kind.SENSOR)


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    REPLACE = "replace"  # a template change: remove, then create (destroys history)
    REMOVE = "remove"
    NOOP = "no-op"
    UNMANAGED = "unmanaged"  # live, not declared, not ours: reported, never touched
    DUPLICATE = "duplicate"  # a second live entity with one refId, that cannot safely go: reported
    # A gateway that is unreachable or asleep, or a THREAD logger on a port it did not confirm (with
    # its sensors): tried again next run.
    PENDING = "pending"
    REFUSED = "refused"  # a gateway whose serial does not match its connection: never written

    @property
    def writes(self) -> bool:
        return self in WRITING

    @property
    def destroys(self) -> bool:
        # A set lookup: the members read through their class and compared as texts cost 0.2 µs, and
        # a plan asks it of each change several times (its totals, its counts' doubts).
        return self in DESTROYING


# The actions that write (`Action.writes`), as a set: asked of each change of every unit and of a
# plan's estimate (111,000 creations asked it 430,000 times), where the property cost ten times as much.
WRITING = frozenset({Action.CREATE, Action.UPDATE, Action.REPLACE, Action.REMOVE})
DESTROYING = frozenset({Action.REMOVE, Action.REPLACE})
# A gateway pending or refused (or a THREAD logger held): no unit runs for it, and its settings
# were not compared.
WAITING = frozenset({Action.PENDING, Action.REFUSED})


class Cause(StrEnum):
    """Why a change exists (Terraform's ResourceInstanceChangeActionReason): what views and the
    drift report decide on. `Change.reason` is the sentence a person reads."""

    IN_SYNC = "in-sync"
    DIFFERS = "differs"
    MOVED = "moved"
    NOT_ON_PLATFORM = "not-on-platform"
    WITH_PARENT = "with-parent"  # created because its parent is created or replaced
    TEMPLATE_CHANGED = "template-changed"
    NOT_IN_MANIFEST = "not-in-manifest"  # owned by the stack, no longer declared
    UNMANAGED = "unmanaged"
    NOT_REMOVABLE = "not-removable"  # a THREAD's device or sensor left the manifest: no API removes it
    PRUNED = "pruned"  # unmanaged, removed by --prune-unmanaged
    UNVERIFIABLE = (
        "unverifiable"  # a gateway setting that cannot be read back; a token whose reference is unset
    )
    FORCED_WRITE = "forced-write"  # an unverifiable setting written by --force-write-only
    GATEWAY_ASLEEP = "gateway-asleep"
    GATEWAY_UNREACHABLE = "gateway-unreachable"
    GATEWAY_MISMATCH = "gateway-mismatch"
    GATEWAY_UNREADABLE = "gateway-unreadable"  # it answered, but not as its API documents
    PORT_UNCONFIRMED = "port-unconfirmed"  # a THREAD logger (its sensors with it) held: port not confirmed
    DUPLICATE = "duplicate"  # an extra live copy of an entity (one refId, two entities)
    UNSPECIFIED = "unspecified"  # read from a 1.0 plan, which did not record it


@dataclass(frozen=True)
class PlanOptions:
    """What shapes a plan besides the manifest; saved with it, so `apply plan.json` plans the same way."""

    prune_unmanaged: bool = False
    targets: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    force_write_only: bool = False
    destroy: bool = False  # --destroy: plan the removal of everything the stack owns
    # An apply's verifying plan only, never saved: the --target patterns that named what the apply
    # removes. One matching nothing once that is gone names no typo: the removal is done.
    removed_targets: tuple[str, ...] = ()
    # An apply's plan of a saved plan only, never saved: made with the saved plan's options, which that
    # apply refuses to change (cli `_refuse_reshaping`), so a refusal's step is a plan made again.
    reviewed: bool = False


def key_of(path: str) -> str:
    """The manifest key a field path sits under: `metrics` of `metrics[0].unit`, `location` of
    `location.lat`."""
    return path.split(".", 1)[0].split("[", 1)[0]


@dataclass(frozen=True)
class FieldChange:
    """One field that differs, named as the manifest names it (`name`, `location.lat`)."""

    path: str
    before: Any
    after: Any
    sensitive: bool = False

    @property
    def key(self) -> str:
        """The manifest key it sits under (`key_of`)."""
        return key_of(self.path)

    @property
    def rereads_history(self) -> bool:
        """Whether this field changes how the history already recorded reads: an API sensor's
        metrics and units, a THREAD entity's channel, zero date (a "metric parameter" in the
        vendor's reference) or mode (guarded alike by --allow-data-model-change)."""
        return self.path.startswith("metrics") or self.path in _HISTORY_FIELDS


_HISTORY_FIELDS = frozenset({"mux_index", "zero_date", "mode"})


class HeldForm(NamedTuple):
    """A prop a write resends as the platform holds it, in a form the reference does not give, as its
    line's note says it (apply/bodies.py `held_form_notes`; `held_forms_worded` words the note): the
    entity (`address`, the line's own or, a sensor's, its device sent as it stands), the prop, how its
    form is unlike the reference's (`form`, plan/props.py `FORMS_UNLIKE_REFERENCE`), the value held,
    and what the note's step sets it to in the reference's form (`declared`): as the manifest declares
    it, or, `held_back` (a device sent as it stands whose own update --target or --exclude held
    back), the value it holds now. The values as JSON writes them (apply/bodies.py `json_form`),
    masked as views show them: the held one is anyone's text."""

    address: Address
    prop: str
    form: str
    held: str
    declared: str
    held_back: bool = False


@record  # a plan holds one per entity, 100,000 and more
class Change:
    """What happens to one entity, and why."""

    address: Address
    kind: Kind
    action: Action
    project_id: str
    connection: str  # the address of the connection that carries this change
    reason: str  # for people; `cause` is what code decides on
    cause: Cause
    ref_id: str | None = None  # the refId the entity has (or gets) on the platform
    live_id: str | None = None
    live_ref_id: str | None = None  # differs from ref_id when `moved` renames it
    template: str | None = None
    before: dict[str, Any] | None = None  # manifest-shaped; secrets as references, never values
    after: dict[str, Any] | None = None
    fields: tuple[FieldChange, ...] = ()
    # What the entity and its descendants hold, as far as counted: a removal destroys it, a
    # data-model change reinterprets it. A count not reported is unknown, treated as holding data.
    observations: int = 0
    observations_unknown: bool = False
    # False: not counted at all (an in-sync device or connection, a duplicate), so views say so
    # (the JSON plan's null) rather than 0, which reads as "no history".
    counted: bool = True
    fingerprint: str | None = None  # of the live entity, to detect a stale saved plan
    touches_data_model: bool = False  # metrics of an existing sensor change (assumption A8)
    cuts_off: bool = False  # a gateway setting that can leave the gateway unreachable
    # Live entities destroyed with this change that the plan does not list on their own: the
    # devices and sensors of a removed connection, the sensors of a removed device, the
    # undeclared sensors of a replaced one.
    collateral: tuple[Address, ...] = ()
    # The sensors among the collateral that held data when planned (or whose count was unknown),
    # and a replaced device's recreated ones (their history goes with it; since format 1.10): a saved
    # removal is stale when another one holds data by the time it is applied. None: not recorded (a
    # plan saved before iotplan recorded it).
    holding: tuple[Address, ...] | None = ()
    # Of a replacement's `holding`, each the plan creates again at another address (a pinned refId's
    # declared key, a `moved` sensor's new one), with that address: (as `holding` names it, as the plan
    # shows it; since format 1.11). For readers of the plan JSON, who otherwise cannot match the two:
    # the staleness check never reads it (apply/stale.py compares `holding`, by refId's address).
    holding_shown: tuple[tuple[Address, Address], ...] = ()
    # Among the collateral, the stack's entities that carry a declared one's refId, each with the
    # declared entity it copies (a web-app copy, listed nowhere else in the plan): (copy, declared).
    copies_taken: tuple[tuple[Address, Address], ...] = ()
    # Of a removal holding history: the creation beside it that looks like the same entity under a
    # new key, renamed without `moved` (plan/renames.py). A hint to the reviewer; nothing rests on it.
    looks_renamed_to: Address | None = None
    # Of such a hint in one shard's plan (--shard): the connections named alike that another shard
    # removes, whose count the connection list does not give. One run hints the pair where they hold
    # nothing; the reviewer checks which is the rename (plan/renames.py). Saved since format 1.12, for
    # the JSON's readers and `show`; a merge hints over the whole, with every count, and drops it.
    named_alike_elsewhere: tuple[Address, ...] = ()
    # Of a port setting that cuts off the loggers on its port, those its note names, as planned
    # (plan/edge.py `with_loggers_cut_off`; saved since format 1.13): the note a saved plan's apply
    # holds its text to, and the loggers the platform's port fed when reviewed (apply/stale.py).
    loggers_cut_off: tuple[Address, ...] = ()
    # Of those, each its note says it may cut off, with why, as the note words it (plan/thread.py
    # `move_doubt`), in the notes' order: (logger, doubt); saved since format 1.14. What a saved plan's
    # apply holds a note's doubts to, as `loggers_cut_off` its loggers (plan/edge.py `loggers_noted`).
    loggers_in_doubt: tuple[tuple[Address, str], ...] = ()
    # Of a write whose line notes that it resends a prop as the platform holds it in a form the reference
    # does not give, what the note says (saved since format 1.17): the note is worded from these, and a
    # saved plan's apply compares them with a plan made now's (apply/edited.py `held_forms_changed`).
    held_forms: tuple[HeldForm, ...] = ()
    # Of a THREAD logger whose line notes that other loggers share its port (plan/thread.py
    # `_sharing`), those the note names, in its order (saved since format 1.13): the note a saved
    # plan's apply holds its text to, and the loggers on the port when reviewed (apply/stale.py).
    loggers_sharing_port: tuple[Address, ...] = ()
    # Of a new THREAD logger or sensor whose line notes where its box or a namesake's history is
    # (plan/thread.py `_left_behind`), the loggers and sensors those notes name, by id or address as
    # the notes print them (saved since format 1.13): one named now that the review's did not is
    # a note the platform's change made; anything else about the notes' text is the file's.
    histories_elsewhere: tuple[str, ...] = ()
    # Those notes as worded on its line, the box's (`box_notes`, which drift lists) and the
    # namesake's: read from here, never from the line, whose ids another writer may spell as a note.
    # Not saved, as `recreated`: a saved plan's are the text of its reason.
    box_notes: tuple[str, ...] = ()
    namesake_notes: tuple[str, ...] = ()
    # The live sensors of a replaced device that the manifest declares, by the address their refId
    # gives them (a `moved` sensor's old name): they go with it and are created again, so they are
    # not collateral. With it, all the device held when reviewed: the re-count once confirmed takes
    # nothing else as reviewed (apply/recount.py). Not saved: an apply holds a plan made again.
    recreated: tuple[Address, ...] = ()
    # Of those, each the plan shows at another address (a pinned refId's `#` and short id, a `moved`
    # sensor's old name): (the address its refId gives, the one the plan creates it at). A refusal
    # names them as the plan shows them (apply/stale.py `as_shown`). Not saved, as `recreated`.
    recreated_shown: tuple[tuple[Address, Address], ...] = ()
    # A THREAD node's CREATION_DATE as the plan's REST read answered it: apply holds it against the
    # node JSON-RPC answers before writing (apply/thread_target.py). Not saved, as `recreated`.
    live_created: str | None = None
    # Of the token this write sets (a creation's, a changed one): salted, never the value
    # (secrets.secret_digest). A saved plan is applied only with the token it was reviewed with.
    # None: none set, one too short to record, or a plan saved before iotplan recorded it (1.4).
    secret_digest: str | None = None
    # Among `holding`, the sensors held for a count unknown, not one above 0: a plan made again
    # before writing tells those that cannot be counted now from those that hold data now
    # (apply/stale.py `counts_unknown_now`). Not saved, as `recreated`.
    uncounted: tuple[Address, ...] = ()
    # Why the counts it takes that are unknown are (live/counts.py `why_uncounted_under`), each cause
    # once, None for one the read does not know: decided where the count is read, for a refusal to
    # advise what helps (apply/stale.py `uncounted_said`). Not saved, as `recreated`.
    uncounted_why: tuple[Uncounted | None, ...] = ()
    # Of a device's copy (Action.DUPLICATE): how many of its sensors carry the stack's prefix as the
    # read found them (plan/prefixed.py `Prefixed`), None where not counted or where its SIZE counts
    # sensors the read did not find (any may carry it): an apply whose fresh read shows the copy
    # names those sensors only where one may (commands/apply.py `_copies_hold_prefixed`). Not
    # saved, as `recreated`.
    prefixed_sensors: int | None = None
    # Of an in-sync THREAD logger on a port read or declared off (plan/edge.py `noting_unpowered_port`),
    # left not checked with that note as its reason: it may get no readings, so no view calls its plan
    # "No changes" or hides its drift entry. Not saved: its JSON cause stays `unverifiable`, and a
    # saved plan's is read back from the note it saved (render/json_plan.py).
    on_dead_port: bool = False
    # Of a removal or data-model change, whether the plan asked JSON-RPC for a count it weighs (its
    # own, or one of a device or sensor it takes): REST gave none, or a 0 it doubts. The apply's
    # recount asks JSON-RPC for those again, and the plan's read opened the session a THREAD's writes
    # go on: the estimate counts by it (plan/impact.py). Saved since format 1.18, where true.
    counted_through_rpc: bool = False

    @property
    def depth(self) -> int:
        return self.address.depth

    @property
    def on_thread(self) -> bool:
        """A THREAD's own platform entity, device or sensor: written through JSON-RPC, found by the
        id (under `/fn/`) iotplan gives it, which it has even before it exists."""
        # apply/thread.py `is_thread_connection` asks this inline, a copy: keep the two alike.
        return self.kind is not Kind.EDGE and (self.live_id or "").startswith(THREAD_PREFIX)

    @property
    def held(self) -> Observations:
        """What it holds, as counted (`observations`, `observations_unknown`)."""
        return Observations(self.observations, self.observations_unknown)

    @property
    def holds_data(self) -> bool:
        return self.observations > 0 or self.observations_unknown

    @property
    def destroys_data(self) -> bool:
        """It removes history: a count above zero, or one that could not be read."""
        return self.holds_data and self.action.destroys  # held data first: it rules out most

    @property
    def rereads_data(self) -> bool:
        """It changes the metrics or units that the history it holds is read with."""
        return self.action is Action.UPDATE and self.touches_data_model and self.holds_data

    @property
    def needs_a_count(self) -> bool:
        """Its count is unknown where a guard weighs it: what a removal destroys, what a data-model
        change rereads (JSON-RPC may settle it: commands/plan.py)."""
        return self.observations_unknown and (self.action.destroys or self.rereads_data)


# The type checker takes an `InSync` for the `Change` it stands for (it answers every attribute alike);
# at run time it is a class of its own, 9 slots where a Change has 37.
if TYPE_CHECKING:
    _ChangeAlike = Change
else:
    _ChangeAlike = object


class InSync(_ChangeAlike):
    """The Change of a declared sensor found in sync (plan/compare.py `compare_found`), held in 64
    bytes instead of a Change's 328: a no-op plan of 100,000 sensors holds one each (30 MiB as
    Changes). It answers every attribute a Change has with the value that Change would hold: what is
    its own in its slots, what the desired entity it is about holds (whose refId the live one
    carries, `live_ref_id`) from that entity, what every in-sync sensor says alike from its class. It
    equals that Change, `dataclasses.replace` of it gives that Change with what it replaces, and
    `as_change` gives that Change for a reader of its class (`Plan.changes` hold both)."""

    # The entity's five fields read through it, not copied into slots of their own: 40 bytes less
    # a sensor (3.8 MiB of a no-op plan's peak at 100,000).
    __slots__ = ("count", "entity", "live_id", "template")
    entity: DesiredEntity
    count: int | None  # the sensor's observations, None where the read could not count them

    kind = Kind.SENSOR
    action = Action.NOOP
    reason = "in sync"
    cause = Cause.IN_SYNC
    fields: tuple[FieldChange, ...] = ()
    counted = True
    fingerprint = None
    touches_data_model = cuts_off = False
    collateral: tuple[Address, ...] = ()
    holding: tuple[Address, ...] | None = ()
    holding_shown: tuple[tuple[Address, Address], ...] = ()
    copies_taken: tuple[tuple[Address, Address], ...] = ()
    looks_renamed_to = None
    named_alike_elsewhere: tuple[Address, ...] = ()
    loggers_cut_off: tuple[Address, ...] = ()
    loggers_in_doubt: tuple[tuple[Address, str], ...] = ()
    held_forms: tuple[HeldForm, ...] = ()
    loggers_sharing_port: tuple[Address, ...] = ()
    histories_elsewhere: tuple[str, ...] = ()
    box_notes: tuple[str, ...] = ()
    namesake_notes: tuple[str, ...] = ()
    recreated: tuple[Address, ...] = ()
    recreated_shown: tuple[tuple[Address, Address], ...] = ()
    live_created = None
    secret_digest = None
    uncounted: tuple[Address, ...] = ()
    uncounted_why: tuple[Uncounted | None, ...] = ()
    prefixed_sensors = None
    on_dead_port = False
    counted_through_rpc = False
    depth, on_thread, holds_data = Change.depth, Change.on_thread, Change.holds_data
    destroys_data, rereads_data, needs_a_count = (
        Change.destroys_data,
        Change.rereads_data,
        Change.needs_a_count,
    )
    # Read-only, as a Change's fields are; C getters, as quick to read as slots nearly.
    address = property(attrgetter("entity.address"))
    # One refId for both: the fast path finds a sensor in sync only where its live refId is the declared one.
    ref_id = live_ref_id = property(attrgetter("entity.ref_id"))
    after = before = property(attrgetter("entity.fields"))  # one dict for both, as an in-sync Change
    project_id = property(attrgetter("entity.project_id"))
    connection = property(attrgetter("entity.connection"))

    @property
    def observations(self) -> int:
        return self.count or 0

    @property
    def observations_unknown(self) -> bool:
        return self.count is None

    # To `dataclasses` it is the Change it stands for (`fields`, `asdict`), and `replace` makes that
    # Change with what it replaces: it calls the class with every field by name (`__new__`).
    __dataclass_fields__ = Change.__dataclass_fields__
    __dataclass_params__ = Change.__dataclass_params__  # type: ignore[attr-defined]

    def __new__(  # type: ignore[misc]  # a Change where `dataclasses.replace` makes one
        cls,
        entity: DesiredEntity | None = None,
        live_id: str | None = None,
        template: str | None = None,
        count: int | None = None,
        /,
        **fields: Any,
    ) -> InSync | Change:
        if fields:
            return Change(**fields)
        made = object.__new__(cls)
        if entity is not None:  # None: a copy (`copy.copy`), its slots set after
            # Set once, here: read-only to the type checker as a Change's fields are.
            made.entity, made.live_id, made.template, made.count = entity, live_id, template, count  # type: ignore[misc]
        return made

    @classmethod
    def of(cls, entity: DesiredEntity, live_id: str, template: str | None, count: int | None) -> InSync:
        """`InSync(entity, live_id, template, count)`, made without `__new__`'s call through the
        class (its `**fields` made a dict each time): a no-op plan makes one per sensor, 100,000
        (tests/plan/test_in_sync_made_as_its_class_makes_it.py holds the two alike)."""
        made = _NEW(cls)
        made.entity, made.live_id, made.template, made.count = entity, live_id, template, count  # type: ignore[misc]
        return made  # type: ignore[no-any-return]

    def as_change(self) -> Change:
        return Change(
            self.address,  # address
            Kind.SENSOR,  # kind
            Action.NOOP,  # action
            self.project_id,  # project_id
            self.connection,  # connection
            "in sync",  # reason
            Cause.IN_SYNC,  # cause
            self.ref_id,  # ref_id
            self.live_id,  # live_id
            self.ref_id,  # live_ref_id
            self.template,  # template
            self.after,  # before
            self.after,  # after
            (),  # fields
            self.observations,  # observations
            self.observations_unknown,  # observations_unknown
            True,  # counted
        )

    def __eq__(self, other: object) -> bool:
        return self.as_change() == other

    __hash__ = None  # type: ignore[assignment]  # as a Change's

    def __repr__(self) -> str:
        return repr(self.as_change())


_NEW = object.__new__


def as_change(change: Change) -> Change:
    """The change as a Change of its own class: an `InSync` made the one it stands for, where a
    reader of its class needs it."""
    return change.as_change() if change.__class__ is InSync else change  # type: ignore[attr-defined]


def thread_loggers(changes: Iterable[Change]) -> frozenset[Address]:
    """The THREAD loggers among `changes`, declared or kept (on the platform, not declared), by
    address: which a port setting's cut-off note names are loggers of its THREAD (`Plan.thread_loggers`)."""
    device = Kind.DEVICE  # read once: a fleet's 111,100 changes are each asked, most a sensor's
    return frozenset(c.address for c in [c for c in changes if c.kind is device] if c.on_thread)


def widest_first(changes: Iterable[Change]) -> list[Change]:
    """Connections, then devices, then sensors, those holding history (or an unknown count) first
    within each, then by address: the order removals are listed in where a list may be cut short.
    A plan puts connection removals last, so they were the first cut, though each takes everything
    under it; what a cut leaves to "N more, holding 42 observations" is never the one removal that
    holds them; and one run and a merge of its shards (whose changes come shard by shard) list
    them alike."""
    return sorted(changes, key=lambda change: (change.depth, not change.holds_data, change.address.parts))


@dataclass(frozen=True)
class Declared:
    """Where the manifest writes what a refusal is about, as `validate` tells a problem's place: the
    file (a template's, or `NAME[rendered]` where its render cannot be mapped back), the line and
    column, and for a template the site(s) rendered there, as `validate` names them (`site dam-a`);
    where an alias repeats what the anchor writes there, the alias's line (`via_alias_line`)."""

    file: str
    line: int
    column: int
    site: str | None = None
    via_alias_line: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def notes(self) -> str:
        """What `validate` says after a problem's message: the alias's line, then the site."""
        alias = "" if self.via_alias_line is None else via_alias(self.via_alias_line)
        return alias + (f" ({self.site})" if self.site else "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "site": self.site,
            "via_alias_line": self.via_alias_line,
        }


@dataclass(frozen=True)
class Refusal:
    """One reason no safe plan exists, and the entity it concerns (None: none the differ names): a
    command that writes nothing reports it with that entity (commands/drift.py)."""

    address: Address | None
    text: str  # the line a person reads, the address it concerns first
    # Entities beside `address` it is about (the sensors on a THREAD logger's shared channel): a
    # selection holding one of them is affected by it, though it holds no write (plan/select.py).
    about_also: tuple[Address, ...] = ()
    # What its advice has the user edit, where that is not its entity's mapping: the `moved` entry
    # of this index, or this field of its entity (`ref_id`). Told there (`declared`), never picked
    # out of its text, which may name an entry only as context.
    edits_moved_entry: int | None = None
    edits_field: str | None = None
    # The live entities (project id, live id) whose observation counts its words rest on: REST's 0s
    # under them are held against JSON-RPC before it is told (commands/plan.py `_doubted_in_refused`),
    # as they are under a plan's removals, which may leave them out (a --target).
    weighs: tuple[tuple[str, str], ...] = ()
    # Where the manifest writes that, else its entity: found once it is made
    # (commands/refusal_places.py), a file read again only then. None where it is not written
    # there (a live entity alone, a manifest read from stdin).
    declared: Declared | None = None
    # About its entity's own write alone (one by a refId two live entities carry): a selection that
    # leaves that write out is not affected by it, though it selects a write above or beneath.
    its_write_alone: bool = False
    # The live ids of a device that lost its SERIAL_NO and of its sensors carrying the refIds of the
    # declared device's (plan/copies.py `_lost_its_serial_no`): with the SERIAL_NO set back they are
    # this entity again, not orphans, so drift tells them to see it, never what a removal destroys.
    lost_serial_no: tuple[str, ...] = ()
    # Of a creation refused for a refId a live device or sensor carries already (A1++): that one's
    # live id. Under --shard, the shard reading its connection cannot tell whether this one's original
    # is live and calls it a copy; `merge` drops that DUPLICATE by this id (plan/merge.py).
    carried_by: str | None = None
    # Of one whose carrier is a sensor under the device a `moved` rename was left half done to: that
    # device, whose removal it is about too (in `about_also`), which neither way forward makes.
    half_moved_device: Address | None = None
    # Of such a one: each of the stack's sensors under that device, as (live id, address
    # its refId gives, observations known, count unknown). Those no declared sensor's refused creation
    # is carried by, either way forward removes unless declared: drift counts what they hold.
    beside_carrier: tuple[tuple[str, Address, int, bool], ...] = ()
    # And how many sensors that device's SIZE counts beyond those read (`unread_sensors`): told apart
    # from a read sensor given no count, which an unknown count alone cannot be.
    unread_beside_carrier: int = 0
    # Of a removal of the stack's orphan refused for what it takes: that orphan's live id. Its address
    # may be another's too (two devices whose refIds end alike under a connection the stack does not
    # declare), so what drops this refusal for that orphan (a `moved` entry's, plan/diff.py) asks this.
    removal_of: str | None = None
    # Of a `moved` rename refused as both its old and its new entity stand (plan/moved_onto.py): the
    # old one's live id. The plan lists it as a removal, which neither way forward makes (the stray
    # goes or is given another SERIAL_NO, then it is renamed; or, the move made, it holds nothing):
    # drift tells its entry to see the entry, never what a removal destroys.
    moved_from: str | None = None

    def __str__(self) -> str:
        """As `validate` tells a problem where it is known: `file:line:col: address: message`, then
        ` (via the alias at line N)` and ` (site ...)` where they apply."""
        if self.declared is None:
            return self.text
        return f"{self.declared}: {self.text}{self.declared.notes()}"

    def addresses(self) -> tuple[Address, ...]:
        """The entities it is about: its address, and those beside it."""
        return (self.address, *self.about_also) if self.address is not None else self.about_also


def refused_addresses(refusals: Iterable[Refusal]) -> list[Address]:
    """Every entity `refusals` are about: a --target or --exclude naming one matches something, the
    refusal, though no change is there (plan/select.py `select_changes`)."""
    return [address for refusal in refusals for address in refusal.addresses()]


def lost_serial_nos(refusals: Iterable[Refusal]) -> dict[str, Address]:
    """The live devices refused as having lost or changed their SERIAL_NO, and their sensors, by
    live id, each with the declared device whose refusal says to set it back
    (`Refusal.lost_serial_no`): drift points their entries there, and a creation of a refId one of
    them now carries points there too."""
    return {
        live_id: refusal.address
        for refusal in refusals
        if refusal.address is not None
        for live_id in refusal.lost_serial_no
    }


@dataclass(frozen=True)
class Summary:
    add: int = 0
    change: int = 0
    destroy: int = 0
    replace: int = 0
    unmanaged: int = 0
    duplicate: int = 0
    unchanged: int = 0
    pending: int = 0
    refused: int = 0
    collateral: int = 0  # destroyed with a removed or replaced entity, not counted above

    @property
    def has_changes(self) -> bool:
        return bool(self.add or self.change or self.destroy or self.replace)

    @property
    def gateways_waiting(self) -> bool:
        """A gateway could not be read (pending) or was refused, a `WAITING` change (counted): its
        settings were not compared."""
        return bool(self.pending or self.refused)

    @property
    def converged(self) -> bool:
        """Of a verifying plan: nothing left to write, and no gateway whose settings it could not
        compare."""
        return not self.has_changes and not self.gateways_waiting

    def line(self) -> str:
        """The pinned summary line: an interface, scripts grep for it. Its counts are not grouped
        (`1200 to change`, as Terraform's): a pattern such as `(\\d+) to add` reads them as they are."""
        text = f"Plan: {self.add} to add, {self.change} to change, {self.destroy} to destroy"
        if self.replace:
            text += f", {self.replace} to replace"
        if self.collateral:
            text += f" ({self.collateral} more destroyed with them)"
        for count, label in (
            (self.unmanaged, "unmanaged"),
            (self.duplicate, "duplicate"),
            (self.pending, "pending"),
            (self.refused, "refused"),
        ):
            if count:
                text += f", {count} {label}"
        return text + "."


@dataclass(frozen=True)
class ManifestSource:
    """Which manifest a plan was made from, so a saved plan can be checked against it."""

    path: str
    digest: str
    vars_file: str | None = None
    sites_file: str | None = None
    variables: tuple[tuple[str, str], ...] = ()  # --var KEY=VALUE, so apply renders it the same way


@dataclass(frozen=True)
class SavedFile:
    """Where an apply read a saved plan, and the digest of it shown to be compared with its review's."""

    path: str
    digest: str
    # Reads it again: the plan it holds now if still the one of `digest`, else None (edited, replaced
    # or gone since). The apply stage reads no file: the command that read it hands its reader in
    # (commands/apply.py `as_reviewed`); none handed, nothing is read.
    read_again: Callable[[], Plan | None] = field(default=lambda: None, compare=False, repr=False)


@dataclass(frozen=True)
class Plan:
    target: str
    stack: str
    manifest: ManifestSource
    changes: tuple[Change, ...] = ()
    format_version: str = FORMAT_VERSION
    options: PlanOptions = field(default_factory=PlanOptions)
    # Which platform the plan was made against, without secrets: a saved plan applies only there.
    target_identity: str = ""
    # Its JSON-RPC WebSocket, a real platform's (format 1.5): "" in-process, or a plan made before.
    target_rpc_endpoint: str = ""
    made_by: str = ""  # the iotplan version that made it: shards merge only from one version
    shard: Coverage | None = None  # made with --shard, or merged from shards: which it covers
    # When its read of the platform began (UTC): what changed there before it, the plan holds; what
    # changed after, it may not. None: not recorded (a plan saved before format 1.6).
    read_at: datetime | None = None
    # Merged from shards read more than a few minutes apart: when the latest's read began, as a drift
    # report's (plan/drift.py). Not saved in JSON.
    read_until: datetime | None = None
    # The names the catalog no longer lists that live entities hold, kept as they stand (format 1.8).
    catalog_notes: tuple[CatalogNote, ...] = ()
    # The connections pinned by `id:` among those it updates, which take part in no trade of names or
    # locations (plan/traded_names.py): what a merge of shards' plans, holding no manifest, weighs
    # their joined changes' trades by (format 1.16; none in an older plan, whose merge refuses them).
    pinned_connections: tuple[Address, ...] = ()
    # (project id, node id, CREATION_DATE) of the THREAD nodes the read listed, declared or not: what
    # vouches for a JSON-RPC endpoint where a unit's own node has no date to compare
    # (apply/thread_target.py). Not saved: an apply plans again.
    thread_witnesses: tuple[tuple[str, str, str], ...] = ()
    # Every THREAD logger the plan declares or read, whatever its selection keeps (`thread_loggers`):
    # those a port setting's cut-off note may name, to which an apply holds a saved note's names
    # (apply/stale.py `_loggers_made_up`). Not saved: an apply plans again, and a saved plan's are
    # taken from its changes as it is trimmed to its writes (commands/apply.py `as_reviewed`).
    thread_loggers: frozenset[Address] = frozenset()
    # The gateways a saved plan left pending, with the THREAD loggers it held for their ports: what
    # its apply takes as planned when such a gateway answers now (apply/woken.py). Not saved: kept
    # from a saved plan's changes as it is trimmed to its writes (commands/apply.py `as_reviewed`).
    waiting_when_planned: tuple[Change, ...] = ()
    # Each (logger address, channel) a THREAD sensor the plan read or declares is on, before the plan or
    # after, whatever its selection keeps (plan/thread.py `channels_taken`): what a refused swap's step
    # through a free channel must avoid (apply/thread.py `_free_channel`). Not saved: an apply plans again.
    thread_channels: frozenset[tuple[str, int]] = frozenset()
    # The file a saved plan was read from, with the digest its apply showed (`as_reviewed`): read again
    # only to word a refusal (apply/stale.py `_read_otherwise_since`). Not saved; None in a plan made now.
    file: SavedFile | None = field(default=None, compare=False, repr=False)

    @cached_property  # asked for by every view and the exit code
    def summary(self) -> Summary:
        counts = self._counts
        return Summary(
            add=counts[Action.CREATE],
            change=counts[Action.UPDATE],
            destroy=counts[Action.REMOVE],
            replace=counts[Action.REPLACE],
            unmanaged=counts[Action.UNMANAGED],
            duplicate=counts[Action.DUPLICATE],
            unchanged=counts[Action.NOOP],
            pending=counts[Action.PENDING],
            refused=counts[Action.REFUSED],
            collateral=sum(len(change.collateral) for change in self.destroying),
        )

    @cached_property
    def destroying(self) -> tuple[Change, ...]:
        """Its removals and replacements, in its order, found in one pass for its totals, the counts it
        doubts and the lists it reads again; none, unread, where the counts of its actions show no
        removal or replacement (a no-op plan)."""
        counts = self._counts
        if not (counts[Action.REMOVE] or counts[Action.REPLACE]):
            return ()
        # `Action.destroys`, read without its call per change.
        return tuple(change for change in self.changes if change.action in DESTROYING)

    @cached_property
    def _counts(self) -> Counter[Action]:
        """How many changes of each action it holds: one count of 100,000 changes, for all to read."""
        return Counter(change.action for change in self.changes)

    @property
    def partial(self) -> bool:
        """Made under --target or --exclude: changes outside the selection are neither shown nor made."""
        return bool(self.options.targets or self.options.excludes)

    @cached_property  # an apply asks it of its plan and of its verifying plan several times
    def writes(self) -> tuple[Change, ...]:
        return tuple(change for change in self.changes if change.action in WRITING)

    @property
    def holds_creations(self) -> bool:
        """A THREAD logger (its sensors with it) held, not created, its port not confirmed: pending,
        yet missing from the platform as a creation's entity is, so the plan has not converged."""
        return any(change.cause is Cause.PORT_UNCONFIRMED for change in self.changes)

    @property
    def differs(self) -> bool:
        """What `plan --detailed-exitcode` exits 2 for: changes to make, or creations held."""
        return self.summary.has_changes or self.holds_creations
