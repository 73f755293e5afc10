"""The plan as a versioned JSON document (`format_version`), and back, for `apply plan.json`.

Key order is fixed here (not sorted) so that two saved plans diff top down: identity first, then
what happens, then the evidence.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from enum import Enum
from itertools import compress
from operator import attrgetter, itemgetter
from typing import Any, Generic, TypeVar

import orjson

from iotplan import __version__, exact_json
from iotplan.apply.bodies import held_notes_unlike_their_data
from iotplan.apply.stale import COPIES_TAKEN_SINCE, HOLDING_SINCE
from iotplan.plan.address import Address
from iotplan.plan.catalog import CatalogNote
from iotplan.plan.coverage import Coverage, Shard, ranges
from iotplan.plan.edge import (  # what port settings' notes name
    LOGGERS_CUT_OFF_SINCE,
    LOGGERS_IN_DOUBT_SINCE,
    dead_port_read_back,
    notes_unlike_their_data,
)
from iotplan.plan.impact import impact_of
from iotplan.plan.model import (
    COUNTED_THROUGH_RPC_SINCE,
    FORMAT_VERSION,
    HELD_FORMS_SINCE,
    Action,
    Cause,
    Change,
    FieldChange,
    HeldForm,
    InSync,
    Kind,
    ManifestSource,
    Plan,
    PlanOptions,
    format_known,
)
from iotplan.plan.props import FORMS_UNLIKE_REFERENCE, SECRET_FIELDS, shown_id, shown_ref_id, shown_serial
from iotplan.plan.traded_names import PINNED_CONNECTIONS_SINCE
from iotplan.render import strict_json
from iotplan.render.secrets import (
    PLAIN_TYPES,
    fields_for_files,
    for_files,
    hidden_in_views,
    read_back,
    unless_hidden,
)
from iotplan.secrets import (
    MASKED,
    PLAIN_IDENTITY,
    SECRET_DIGEST,
    could_be_a_credential,
    credential_named_withheld,
    holds_a_bare_token,
    mask_known,
    masks_none,
)
from iotplan.wording import json_kind

SUPPORTED_MAJOR = "1"
# The format from which a plan records its token digests and its JSON-RPC endpoint (the apply's
# checks of its tokens and of its target), and writes both keys whatever their values.
TARGET_CHECKS_SINCE = "1.5"
READ_AT_SINCE = "1.6"  # the format from which a plan says when its read of the platform began
CATALOG_NOTES_SINCE = "1.8"  # and the names the catalog no longer lists that live entities hold
LOOKS_RENAMED_SINCE = "1.9"  # and, on a removal, the creation it looks renamed to without `moved`
HOLDING_SHOWN_SINCE = "1.11"  # and, on a replacement, where it creates again what `holding` names
NAMED_ALIKE_SINCE = "1.12"  # and, on a shard's hinted removal, the look-alikes another shard removes
# The formats from which every plan holds the counts its reader says again from its changes: a
# `summary` every one, its `impact` from 1.2 (1.1 lists it, but the builds that first wrote 1.1 wrote none).
_COUNTS_SINCE = {"summary": "1.0", "impact": "1.2"}
E = TypeVar("E", bound=Enum)
T = TypeVar("T")
# Terraform's action lists, so tools that read Terraform plans recognise ours.
TERRAFORM_ACTIONS = {
    Action.CREATE: ["create"],
    Action.UPDATE: ["update"],
    Action.REPLACE: ["delete", "create"],
    Action.REMOVE: ["delete"],
    Action.NOOP: ["no-op"],
    Action.UNMANAGED: ["unmanaged"],
    Action.DUPLICATE: ["duplicate"],
    Action.PENDING: ["pending"],
    Action.REFUSED: ["refused"],
}


def plan_digest(plan: Plan) -> str:
    """`sha256:...` of the plan's JSON: the same for the saved file and every view of it, so an
    approval of a pull-request comment can be tied to the plan.json that apply is given."""
    return digest_of(plan_json_chunks(plan))


def digest_of(chunks: Iterable[bytes]) -> str:
    """`plan_digest` of the plan whose JSON `chunks` are, made already."""
    digested = Digested(chunks)
    for _ in digested:
        pass
    assert digested.digest is not None  # set once every chunk was read
    return digested.digest


class Digested:
    """A plan's JSON chunks as they are written, digested on the way (`sha256:` and the hex of the bytes,
    tests/cli/test_the_saved_line_names_the_digest_apply_prints.py): a saved file's digest without its
    JSON made again (1.1 s of 100,000 changes) nor held (85 MB)."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = chunks
        self.digest: str | None = None  # once every chunk was written

    def __iter__(self) -> Iterator[bytes]:
        made = hashlib.sha256()
        for chunk in self._chunks:
            made.update(chunk)
            yield chunk
        self.digest = f"sha256:{made.hexdigest()}"


def plan_to_json(plan: Plan) -> str:
    return b"".join(plan_json_chunks(plan)).decode()


def plan_json_chunks(plan: Plan) -> Iterator[bytes]:
    """Indented at the top, one change per line: readable, diffable line by line, and fast, and
    read back a line at a time (`plan_from_lines`, which knows this layout).

    (An indented dump runs json's pure-Python encoder; a plan of 100,000 entities took seconds.)
    In chunks, so that 70 MB of JSON can be written as it is made.
    """
    head = plan_to_dict(plan, changes=False)
    yield json.dumps(head, indent=2, ensure_ascii=False)[:-2].encode()
    yield from one_per_line("changes", map(one_line, _change_dicts(plan.changes)))
    yield b"\n}\n"


def one_per_line(name: str, lines: Iterable[bytes]) -> Iterator[bytes]:
    """The list `name` after the head it follows: `[`, one item a line, and `]` on a line of its
    own; `[]` when there is none. What `read_head` and `items_a_line` read back."""
    lines = iter(lines)
    first = next(lines, None)
    if first is None:
        yield f',\n  "{name}": []'.encode()
        return
    yield f',\n  "{name}": [\n    '.encode() + first
    # Some 64 KB of lines at a time, each after the separator the one before it ends: a chunk a line
    # was a write a line, 111,100 calls through the CLI's writer to send a no-op plan. Each line is
    # copied in as it comes: held until its chunk is full, each of orjson's lines held a 4 KB buffer.
    chunk = bytearray()
    for line in lines:
        chunk += _BETWEEN_ITEMS
        chunk += line
        if len(chunk) >= _CHUNK_SIZE:
            yield bytes(chunk)
            chunk.clear()
    if chunk:
        yield bytes(chunk)
    yield b"\n  ]"


_BETWEEN_ITEMS = b",\n    "
_CHUNK_SIZE = 64 * 1024


def one_line(item: dict[str, Any]) -> bytes:
    return exact_json.dumps(item, option=orjson.OPT_NON_STR_KEYS)  # 5× the json module's speed


def plan_to_dict(plan: Plan, *, changes: bool = True) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format_version": plan.format_version,
        "iotplan_version": plan.made_by,
        "target": plan.target,
        "target_identity": plan.target_identity,
        # Not in a plan of an older format (merged or shown again): its reader takes one there as an edit.
        **(
            {"target_rpc_endpoint": plan.target_rpc_endpoint or None}
            if format_known(TARGET_CHECKS_SINCE, plan.format_version)
            else {}
        ),
        **read_at_to_dict(plan.read_at, plan.format_version, READ_AT_SINCE),
        "stack": plan.stack,
        "manifest": _manifest_to_dict(plan.manifest),
        "shard": coverage_to_dict(plan.shard),
        "summary": asdict(plan.summary),
        "options": _options_to_dict(plan.options),
        "partial": plan.partial,
        "impact": asdict(impact_of(plan)),
        **_catalog_notes_to_dict(plan),
        **_pinned_connections_to_dict(plan),
    }
    if changes:
        document["changes"] = [_change_to_dict(change) for change in plan.changes]
    return document


def _change_dicts(changes: Sequence[Change]) -> Iterator[dict[str, Any]]:
    """`_change_to_dict` of each change. Those in sync that `_shown_whole_when_unmasked` takes are
    asked a block at a time whether any of their texts holds a secret of this run's (one search,
    where each value, refId and id was searched on its own); where none does, each is written by
    `_unmasked_in_sync_to_dict`, which shows them as they are. Writing a no-op plan of 111,100
    entities: 0.69 → 0.48 s of CPU (tests/render/test_in_sync_written_unmasked.py holds both alike)."""
    shapes: dict[tuple[Any, ...], dict[str, Any]] = {}
    read: dict[bytes, bool] = {}  # a list or map's JSON: whether views show it as it is
    for start in range(0, len(changes), _BLOCK):
        block = changes[start : start + _BLOCK]
        whole = [_shown_whole_when_unmasked(change, read) for change in block]
        taken = list(compress(block, whole))
        ref_ids = list(map(shown_ref_id, map(_REF_ID, taken)))  # searched, then written: shown once
        others = [change for change, shown in zip(block, whole, strict=True) if not shown]
        checked = bool(others) and _hold_no_secret(others, [shown_ref_id(change.ref_id) for change in others])
        if taken and _hold_no_secret(taken, ref_ids):
            shown_ref_ids = iter(ref_ids)
            for change, shown in zip(block, whole, strict=True):
                yield (
                    _unmasked_in_sync_to_dict(change, next(shown_ref_ids), shapes)
                    if shown
                    else _change_to_dict(change, checked)
                )
        else:
            for change, shown in zip(block, whole, strict=True):
                yield _change_to_dict(change, checked and not shown)


_BLOCK = 1000  # changes asked at once: one search of some 160 KB of text
_REF_ID = attrgetter("ref_id")


def _shown_whole_when_unmasked(change: Change, read: dict[bytes, bool]) -> bool:
    """In sync (one dict for `before` and `after`), no field a secret by its name, no value that
    views mask or hide (`_shown_as_they_are`: declared text alike), and an id plain (`plain_identity`
    but for the run's secrets, which `_hold_no_secret` asks a block at a time): what
    `_change_to_dict` shows as it is, when no text of it holds a secret of the run's."""
    values, live_id = change.after, change.live_id
    return (
        change.before is values
        and (
            live_id is None
            or (PLAIN_IDENTITY.fullmatch(live_id) is not None and not holds_a_bare_token(live_id))
        )
        and (values is None or (SECRET_FIELDS.isdisjoint(values) and _shown_as_they_are(values, read)))
    )


def _shown_as_they_are(values: dict[str, Any], read: dict[bytes, bool]) -> bool:
    """Whether views show each of `values` as it is, asked as `unless_hidden` asks it but for the
    run's secrets (`_hold_no_secret`): a manifest's text may name a credential (`Logger key: LG-42`)
    or hold a `user:pw@host`, which views hide as they hide it live. A list or map is asked once of
    each JSON text, in `read`: a fleet's sensors share a few metric lists."""
    for name, value in values.items():
        if value.__class__ is str:
            if unless_hidden(value, checked=True, field=name) != value:
                return False
        elif value.__class__ not in PLAIN_TYPES and not _container_shown_as_it_is(name, value, read):
            return False
    return True


def _container_shown_as_it_is(name: str, value: Any, read: dict[bytes, bool]) -> bool:
    """Asked once of each JSON text: a list or map is one field's alone (a metric list's JSON is no
    location's nor a setting's), so its field is asked with it."""
    try:
        text = orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)
    except TypeError:  # an integer past 64 bits: `_change_to_dict` asks it
        return False
    shown = read.get(text)
    if shown is None:
        shown = read[text] = not hidden_in_views(value, checked=True, field=name)
    return shown


def _hold_no_secret(changes: Sequence[Change], ref_ids: Sequence[str | None]) -> bool:
    """Whether no text `_change_to_dict` masks or hides holds a secret of the run's, of any of
    `changes` in sync, `ref_ids` their refIds as shown (`shown_ref_id`): their reasons, those refIds,
    ids, and values (a list or map read as its JSON, `hidden_in_views`) in one JSON text, read whole
    by `masks_none`, which finds what it looks for in a text in any text holding it (a run of a
    secret's characters, a start of one, a `%` escape). Each is in it as it is while no character of
    it is escaped: no backslash."""
    try:
        texts = orjson.dumps(
            [
                (change.reason, ref_id, change.live_id, change.after, *_apart(change))
                for change, ref_id in zip(changes, ref_ids, strict=True)
            ],
            option=orjson.OPT_NON_STR_KEYS,
        )
    except TypeError:  # an integer past 64 bits: each text asked on its own, by `_change_to_dict`
        return False
    return b"\\" not in texts and masks_none([texts.decode()])


def _apart(change: Change) -> tuple[Any, ...]:
    """What else of a change not in sync `_change_to_dict` asks: its live values and each field's two
    (none of a change in sync, whose `before` is its `after`)."""
    if change.before is change.after and not change.fields:
        return ()
    return change.before, [(field.before, field.after) for field in change.fields]


def _unmasked_in_sync_to_dict(
    change: Change, ref_id: str | None, shapes: dict[tuple[Any, ...], dict[str, Any]]
) -> dict[str, Any]:
    """`_change_to_dict(change)` of a change `_shown_whole_when_unmasked` takes, none of whose texts
    holds a secret of this run's, `ref_id` its refId as shown (`shown_ref_id`): each shown as it is,
    the values as the plan holds them. One of a shape met before (`_shape`: one for nearly every
    change of a no-op plan) is written as the first of that shape, in `shapes`, with its own values
    put in: a fifth less time than writing it whole."""
    shape = _shape(change)
    first = None if shape is None else shapes.get(shape)
    if first is None:
        written = _with_shown(change, change.reason, ref_id, change.live_id, change.after, change.after)
        if shape is not None:
            shapes[shape] = written
        return written
    return _with_own_values(first, change, ref_id)


def _shape(change: Change) -> tuple[Any, ...] | None:
    """What `_with_shown` writes of a change shown as it is besides `_with_own_values`: what happens
    to it and why. None for one with fields, which may hold values no tuple hashes: written whole.
    An `InSync`'s is one of two (`_IN_SYNC_SHAPES`), by whether its count is unknown."""
    if change.__class__ is InSync:
        return _IN_SYNC_SHAPES[change.observations_unknown]
    return _shape_of(change)


def _shape_of(change: Change) -> tuple[Any, ...] | None:
    if change.fields:
        return None
    return (
        change.action,
        change.reason,
        change.cause,
        change.observations_unknown,
        change.fingerprint,
        change.secret_digest,
        change.touches_data_model,
        change.cuts_off,
        change.collateral,
        change.holding,
        change.holding_shown,
        change.copies_taken,
        change.looks_renamed_to,
        change.named_alike_elsewhere,
        change.loggers_cut_off,
        change.loggers_in_doubt,
        change.held_forms,
        change.loggers_sharing_port,
        change.histories_elsewhere,
        change.counted_through_rpc,
    )


def _in_sync_shape(unknown: bool) -> tuple[Any, ...] | None:
    """`_shape_of` an `InSync` whose count is unknown or not: all else it reads, its class holds."""
    held = InSync()
    held.count = None if unknown else 0  # type: ignore[attr-defined]
    return _shape_of(held)


# Read once, not of each of 100,000: a class's attribute read through an instance costs twice a slot.
_IN_SYNC_SHAPES = (_in_sync_shape(False), _in_sync_shape(True))


def _with_own_values(first: dict[str, Any], change: Change, ref_id: str | None) -> dict[str, Any]:
    """`first`, written of a change of the same shape, with what `change` writes of its own as
    `_with_shown` writes it: its identity, its values and its count of observations. Its keys stay
    in their order, each stored in its place: an update from a dict of them took as long again."""
    written = first.copy()
    written["address"] = change.address
    written["kind"] = change.kind
    written["project_id"] = change.project_id
    written["connection"] = change.connection
    written["ref_id"] = ref_id
    written["live_id"] = change.live_id
    live_ref_id = change.live_ref_id
    written["live_ref_id"] = ref_id if live_ref_id == change.ref_id else shown_serial(live_ref_id)
    written["template"] = change.template
    written["before"] = written["after"] = change.after
    written["observations"] = _observations(change)
    return written


def change_as_saved(change: Change) -> dict[str, Any]:
    """The change as a saved plan writes it: the one form a saved change read back and its fresh
    self are compared in (apply/edited.py `edited_parts`), each text masked and shown alike."""
    return _change_to_dict(change)


def _change_to_dict(change: Change, checked: bool = False) -> dict[str, Any]:
    """`checked`: none of the change's texts holds a secret of this run's (`_hold_no_secret`, asked
    of a block at once), so none is asked again on its own: a sweeping update's 100,000 asked each
    of eight texts. Its live texts are still read for what names a credential (`hidden_in_views`)."""
    # An entity in sync holds one dict for both (plan/compare.py): the manifest's values, which the
    # live ones equal, shown as the manifest's are. A no-op plan of 100,000 sensors asks each once.
    in_sync = change.before is change.after
    before = fields_for_files(change.before, checked=checked)
    after = before if in_sync else fields_for_files(change.after, checked=checked)
    ref_id = _shown_change_ref_id(change, checked)
    reason = change.reason if checked else mask_known(change.reason)
    return _with_shown(change, reason, ref_id, shown_id(change.live_id), before, after, checked)


def _with_shown(
    change: Change,
    reason: str,
    ref_id: str | None,
    live_id: str | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    checked: bool = False,
) -> dict[str, Any]:
    """The change as a saved plan holds it, given its texts and values as views may show them;
    `checked` as `_change_to_dict`."""
    return {
        "address": change.address,
        "kind": change.kind,
        "actions": TERRAFORM_ACTIONS[change.action],
        "action": str(change.action),
        "reason": reason,
        "cause": str(change.cause),
        "project_id": change.project_id,
        "connection": change.connection,
        # Shown as plans show them: another tool may have put a URL's password in a live refId. An
        # apply writes by the refIds of the plan it makes afresh (commands/apply.py), never by these;
        # it finds a saved write's entity by its address and fingerprint, which holds its id.
        "ref_id": ref_id,
        "live_id": live_id,
        "live_ref_id": ref_id if change.live_ref_id == change.ref_id else shown_serial(change.live_ref_id),
        "template": change.template,
        "before": before,
        "after": after,
        "fields": [_field_to_dict(field, checked) for field in change.fields],
        "observations": _observations(change),
        "observations_unknown": change.observations_unknown,
        "fingerprint": change.fingerprint,
        **(
            {"secret_digest": change.secret_digest} if change.secret_digest else {}
        ),  # 1.5, on a token's write
        "touches_data_model": change.touches_data_model,
        "cuts_off": change.cuts_off,
        "collateral": list(change.collateral),
        "holding": None if change.holding is None else list(change.holding),
        **_holding_shown_to_dict(change.holding_shown),  # 1.11, on a replacement
        **_copies_taken_to_dict(change.copies_taken),  # 1.7, on a removal taking a copy
        # 1.9, on a removal that looks like a rename without `moved`
        **({"looks_renamed_to": change.looks_renamed_to} if change.looks_renamed_to else {}),
        # 1.12, on a shard's such removal, where another shard removes a connection named alike
        **_named_alike_to_dict(change.named_alike_elsewhere),
        # 1.13, on a port setting that cuts off the loggers on its port
        **({"loggers_cut_off": list(change.loggers_cut_off)} if change.loggers_cut_off else {}),
        # 1.14, on such a setting whose note says it may cut off some of them, and why
        **({"loggers_in_doubt": dict(change.loggers_in_doubt)} if change.loggers_in_doubt else {}),
        **_held_forms_to_list(change.held_forms),  # 1.17, on a write resending a prop as held
        # 1.13, on a THREAD logger sharing its port, and on a new one or its sensor noted so
        **(
            {"loggers_sharing_port": list(change.loggers_sharing_port)} if change.loggers_sharing_port else {}
        ),
        **({"histories_elsewhere": list(change.histories_elsewhere)} if change.histories_elsewhere else {}),
        # 1.18, on a removal or data-model change whose count JSON-RPC was asked for
        **({"counted_through_rpc": True} if change.counted_through_rpc else {}),
    }


def _held_forms_to_list(forms: tuple[HeldForm, ...]) -> dict[str, Any]:
    """A write's `held_forms`, each value masked as its reason is (`mask_known`), which the note in
    it quotes: read back, the note is held to the words these make
    (`_refuse_held_notes_unlike_their_data`)."""
    if not forms:
        return {}
    return {
        "held_forms": [
            {
                "address": held.address,
                "prop": held.prop,
                "form": held.form,
                "held": mask_known(held.held),
                "declared": mask_known(held.declared),
                "held_back": held.held_back,
            }
            for held in forms
        ]
    }


def _named_alike_to_dict(alike: tuple[Address, ...]) -> dict[str, Any]:
    return {"named_alike_elsewhere": list(alike)} if alike else {}


def _holding_shown_to_dict(shown: tuple[tuple[Address, Address], ...]) -> dict[str, Any]:
    """Where a replacement creates again each sensor of its `holding` that the plan shows at another
    address, keyed by the address `holding` names it by: one object a reader looks each entry up
    in, as `{"dam-a/weather/#AAD636": "dam-a/weather/battery"}`. For the reader only: `holding` is
    what a saved plan's staleness check compares (apply/stale.py), by the address each sensor's
    live refId gives, and nothing reads this back into a decision."""
    return {"holding_shown": dict(shown)} if shown else {}


def _copies_taken_to_dict(copies: tuple[tuple[Address, Address], ...]) -> dict[str, Any]:
    """The copies of declared entities among a removal's collateral, each with the declared one."""
    if not copies:
        return {}
    return {"copies_taken": [{"address": copy, "copy_of": declared} for copy, declared in copies]}


def _shown_change_ref_id(change: Change, checked: bool) -> str | None:
    """A change's refId as its saved form shows it. A pruned entity's is another tool's, which may
    hold any credential (`Bearer ...`, `other:ghp_...`): shown as its reason shows it (`shown_serial`),
    not by the manifest's rule, which masks a URL's credentials alone."""
    if change.cause is Cause.PRUNED:
        return shown_serial(change.ref_id)
    return shown_ref_id(change.ref_id) if checked else _shown_ref_id(change.ref_id)


def _shown_ref_id(ref_id: str | None) -> str | None:
    """The refId the manifest gives (shown as it holds it: refused there if it held a URL's
    credential), with any secret of this run's masked. A live one equal to it shows alike; another
    (an unmanaged entity's, a renamed one's) by the whole rule (`shown_serial`), asked of a few."""
    shown = shown_ref_id(ref_id)
    return None if shown is None else mask_known(shown)


def _observations(change: Change) -> int | None:
    """The count, or null where none was read: not counted (`counted`), or not reported by the
    platform (`observations_unknown`). A 0 there read as "no history" (format 1.4)."""
    if not change.counted or (change.observations_unknown and not change.observations):
        return None
    return change.observations


def _field_to_dict(field: FieldChange, checked: bool = False) -> dict[str, Any]:
    return {
        "path": field.path,
        "before": for_files(field.path, field.before, field.sensitive, checked=checked),
        "after": for_files(field.path, field.after, field.sensitive, checked=checked),
        "sensitive": field.sensitive,
    }


def _manifest_to_dict(source: ManifestSource) -> dict[str, Any]:
    """`variables` (--var) only when given: plans without them read as they always did."""
    data = asdict(source)
    if not source.variables:
        del data["variables"]
    else:
        data["variables"] = dict(variables_as_saved(source.variables))
    return data


def variables_as_saved(variables: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """--var values as a saved plan records them: one the template was not given (a credential-named
    `api_key`, withheld: manifest/template_credentials.py) "(sensitive)", as a saved plan is a file
    passed around for review; its apply renders without it, as the plan did. Every other as given, so
    the apply renders what was reviewed: none holds a credential-named value, as the run stops before
    (refuse_a_secret_held_elsewhere). A plan saved before with the credential in clear compares alike."""
    return tuple((key, MASKED if _withheld(key, value) else value) for key, value in variables)


def _withheld(name: str, value: str) -> bool:
    return credential_named_withheld(name) and could_be_a_credential(value)


def _manifest_from_dict(data: dict[str, Any]) -> ManifestSource:
    # Its paths are opened by the apply: a number there failed deep in a file read.
    if not isinstance(data.get("path"), str) or not isinstance(data.get("digest"), str):
        raise ValueError("its manifest's path and digest are not text")
    for name in ("vars_file", "sites_file"):
        _text_or_null(f"its manifest's {name}", data.get(name))
    variables = tuple((str(key), str(value)) for key, value in (data.get("variables") or {}).items())
    return ManifestSource(**{**data, "variables": variables})


def _text(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{name} is {json_kind(value)}, where a plan holds text")
    return value


def _text_or_null(name: str, value: Any) -> Any:
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{name} is {json_kind(value)}, where a plan holds text or null")
    return value


def _object_or_null(name: str, value: Any) -> Any:
    if value is not None and not isinstance(value, dict):
        raise ValueError(f"{name} is {json_kind(value)}, where a plan holds an object or null")
    return value


def refuse_newer(data: dict[str, Any], written: str, document: str = "plan") -> None:
    """A document in a newer minor format is refused, not read in part: what that format added (a
    field a guard rests on, say) would be dropped without a word, and the plan applied without it.
    One saying this iotplan made it was edited, or made by a newer build saying the same version (a
    landing that moved the format without moving the version): told to use the iotplan that made
    it, its reader would be sent to the one running."""
    version = str(data.get("format_version", ""))
    if format_known(version, written):
        return
    made_by = data.get("iotplan_version") or "a newer iotplan"
    if made_by == __version__:
        raise ValueError(
            f"format_version {version}, but iotplan {made_by}, which it says made it, writes "
            f"{written}: the {document} file was edited (make the {document} again), or made by a newer "
            "iotplan of this version number (upgrade to read it)"
        )
    raise ValueError(
        f"format_version {version} is newer than this iotplan reads in full ({written}): "
        f"use the iotplan that made it ({made_by})"
    )


def plan_from_dict(data: dict[str, Any]) -> Plan:
    """A saved plan back as a Plan; ValueError or KeyError when it is not one this version reads."""
    version = str(data.get("format_version", ""))
    if version.split(".")[0] != SUPPORTED_MAJOR:
        raise ValueError(f"plan format_version {version!r}: this iotplan reads {SUPPORTED_MAJOR}.x")
    refuse_newer(data, FORMAT_VERSION)
    _refuse_relabelled(data, version)
    shard = coverage_from_dict(data.get("shard"))
    if not isinstance(data["changes"], list | Iterator):  # an iterator: read a line at a time
        raise ValueError(f"its changes are {json_kind(data['changes'])}, where a plan holds a list")
    changes = _changes_from_list(data["changes"])
    _refuse_newer_keys(data, changes, version)
    _refuse_unrecorded_holding(changes, version)
    _refuse_notes_unlike_their_data(changes, version)
    _refuse_held_notes_unlike_their_data(changes, version)
    _refuse_unsharded_connections(shard, changes)
    plan = Plan(
        target=data["target"],
        stack=data["stack"],
        manifest=_manifest_from_dict(data["manifest"]),
        changes=changes,
        format_version=version,
        options=_options_from_dict(data.get("options") or {}),
        target_identity=str(data.get("target_identity") or ""),
        target_rpc_endpoint=str(data.get("target_rpc_endpoint") or ""),
        made_by=str(data.get("iotplan_version") or ""),
        shard=shard,
        read_at=read_at_from_text(_text_or_null("its read_at", data.get("read_at"))),
        catalog_notes=catalog_notes_from_list(data.get("catalog_notes")),
        pinned_connections=_pinned_connections_from_list(data, version, changes),
    )
    _refuse_other_counts("summary", data.get("summary"), asdict(plan.summary), version)
    _refuse_other_impact(data.get("impact"), plan, version)
    return plan


def _refuse_other_counts(name: str, said: Any, counted: dict[str, Any], version: str) -> None:
    """A plan's summary and impact are said again from its changes: a file whose own say otherwise
    was edited (summary.destroy 0 beside a removal), and a CI gate reading `jq .summary.destroy`
    would pass what the apply destroys. One left out is passed over only in a plan of a format
    that never wrote it (`_COUNTS_SINCE`); deleted from any other, it is the file's doing."""
    if said is None:
        if format_known(_COUNTS_SINCE[name], version):
            raise ValueError(
                f"it holds no {name}, which plans of format {version} hold: the plan file was edited or cut"
            )
        return
    if not isinstance(said, dict):
        raise ValueError(f"its {name} is {json_kind(said)}, where a plan holds an object")
    for key, value in said.items():
        if key not in counted or type(value) is not type(counted[key]) or value != counted[key]:
            raise ValueError(
                f"its {name} says {key} {value!r}, its changes {counted.get(key)!r}: the plan file was edited"
            )


class CountedOtherwise(ValueError):
    """A plan whose impact says a figure this iotplan counts otherwise from its changes, every
    figure otherwise in its place. The impact is an estimate whose rules a build may change (one
    counted a read the apply makes that an earlier one left out), so a plan saved by another build
    says it so as well as a file edited does: both are said. `plan` is the plan read, which `show`
    shows with this iotplan's count; `apply` and `merge` refuse it, as a CI gate may have passed it
    on the figure its file says."""

    def __init__(self, said: str, plan: Plan) -> None:
        made_by = plan.made_by or "an unnamed iotplan"
        another = ", another build of this version maybe" if made_by == __version__ else ""
        super().__init__(
            f"{said}, as this iotplan ({__version__}) counts them: it was counted by another iotplan's "
            f"rules (it says iotplan {made_by} made it{another}) or the plan file was edited; plan again "
            "with this iotplan"
        )
        self.plan = plan


def _refuse_other_impact(said: Any, plan: Plan, version: str) -> None:
    """`_refuse_other_counts` of the impact; CountedOtherwise where only its figures differ."""
    counted = asdict(impact_of(plan))
    try:
        _refuse_other_counts("impact", said, counted, version)
    except ValueError:
        other = _figure_counted_otherwise(said, counted)
        if other is None:
            raise
        raise CountedOtherwise(other, plan) from None


def _figure_counted_otherwise(said: Any, counted: dict[str, Any]) -> str | None:
    """The first figure of an impact that this iotplan counts otherwise, where every one it says is
    a figure it counts, of its type; None where one is not (a key or a type no iotplan wrote)."""
    if not isinstance(said, dict):
        return None
    if any(key not in counted or type(value) is not type(counted[key]) for key, value in said.items()):
        return None
    key, value = next((key, value) for key, value in said.items() if value != counted[key])
    return f"its impact says {key} {value!r}, its changes {counted[key]!r}"


def _catalog_notes_to_dict(plan: Plan) -> dict[str, list[dict[str, Any]]]:
    """The names the catalog no longer lists that live entities hold, kept (plan/catalog.py), as the
    text says them on stderr. None in a plan saved before 1.8, shown or merged again: it is
    written back as it was saved."""
    if not format_known(CATALOG_NOTES_SINCE, plan.format_version):
        return {}
    return {"catalog_notes": [catalog_note_to_dict(note) for note in plan.catalog_notes]}


def _pinned_connections_to_dict(plan: Plan) -> dict[str, list[str]]:
    """The connections pinned by `id:` among those it updates (`[]` for none). None in a plan saved
    before 1.16, shown or merged again: it is written back as it was saved."""
    if not format_known(PINNED_CONNECTIONS_SINCE, plan.format_version):
        return {}
    return {"pinned_connections": list(map(str, plan.pinned_connections))}


def _pinned_connections_from_list(
    data: dict[str, Any], version: str, changes: tuple[Change, ...]
) -> tuple[Address, ...]:
    """The saved `pinned_connections`, each a connection the plan updates, once: one naming another would
    have a merge leave a trade of names or locations unrefused that one run refuses, and one listed
    twice or `null` is written by no iotplan (the file's edit)."""
    value = data.get("pinned_connections")
    if value is None and "pinned_connections" in data and format_known(PINNED_CONNECTIONS_SINCE, version):
        raise ValueError(
            "its pinned_connections are null, where iotplan writes a list: the plan file was edited"
        )
    pinned = _addresses_or_none("its pinned_connections", value)
    if not pinned:  # nearly every plan
        return ()
    twice = next((address for address, times in Counter(pinned).items() if times > 1), None)
    if twice is not None:
        raise ValueError(f"its pinned_connections name {twice} twice: the plan file was edited")
    updated = {c.address for c in changes if c.kind is Kind.NODE and c.action is Action.UPDATE}
    stray = next((address for address in pinned if address not in updated), None)
    if stray is not None:
        raise ValueError(
            f"its pinned_connections name {stray}, a connection it does not update: the plan file was edited"
        )
    return pinned


def catalog_note_to_dict(note: CatalogNote) -> dict[str, Any]:
    """The note as JSON: its name, declared and live, masked as views show any text (and as its
    message quotes it), so that a metric named with a `user:pw@host` is not written in clear."""
    return {
        "kind": note.kind,
        "field": list(note.field),
        "name": unless_hidden(note.name),
        "held_by": note.held_by,
        "first": note.first,
        "message": str(note),
    }


def catalog_notes_from_list(items: Any) -> tuple[CatalogNote, ...]:
    """The notes as iotplan writes them (`message` is said again from the rest), or none (before 1.8)."""
    if items is None:
        return ()
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise ValueError("its catalog_notes are not a list of objects, as iotplan writes them")
    return tuple(map(_catalog_note_from_dict, items))


def _catalog_note_from_dict(item: dict[str, Any]) -> CatalogNote:
    field = item.get("field")
    if not isinstance(field, list) or not field or not all(type(part) in (str, int) for part in field):
        raise ValueError("a catalog note's field is not a path as iotplan writes one")
    held_by = item.get("held_by")
    if type(held_by) is not int or held_by < 1:
        raise ValueError("a catalog note's held_by is not a count of entities (a whole number, 1 or more)")
    return CatalogNote(
        kind=_member(Kind, item.get("kind")),
        field=tuple(field),
        name=_text("a catalog note's name", item.get("name")),
        held_by=held_by,
        first=Address(_text("a catalog note's first", item.get("first"))),
    )


def read_at_to_dict(read_at: datetime | None, version: str, since: str) -> dict[str, str | None]:
    """`read_at` as ISO 8601 in UTC, to the second (`2026-12-05T07:30:12Z`); null where not recorded.
    Left out of a document in a format before `since` that has none (one merged or shown again),
    so that it is written back as it was saved."""
    if read_at is None and not format_known(since, version):
        return {}
    return {"read_at": None if read_at is None else read_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}


def read_at_from_text(value: str | None) -> datetime | None:
    """When the document's read of the platform began, or None where it does not say (older than
    the format that records it, or null): a time without its offset is no time iotplan writes."""
    if value is None:
        return None
    try:
        read_at = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("its read_at is not a time as iotplan writes one (ISO 8601, in UTC)") from None
    if read_at.tzinfo is None:
        raise ValueError("its read_at has no offset from UTC, which iotplan writes (`Z`)")
    return read_at.astimezone(UTC)


def _refuse_relabelled(data: dict[str, Any], version: str) -> None:
    """A plan whose `format_version` is older than its writer wrote, and older than the checks of
    a saved plan's apply: they rest on its format (a 1.4 plan records no token, nor the JSON-RPC it
    was made through), so a file relabelled older would skip them. From 1.5, the keys those checks
    read are written always (their values may be null), and one missing is a damaged plan too."""
    made_by = data.get("iotplan_version")
    # Only older than the checks: a 1.5 plan of an earlier build of this version holds every key they
    # read, and is read as it was saved. A key newer than its format is refused (`_refuse_newer_keys`).
    if made_by == __version__ and not format_known(TARGET_CHECKS_SINCE, version):
        raise ValueError(
            f"format_version {version}, but iotplan {made_by}, which it says made it, writes "
            f"{FORMAT_VERSION}: the plan file was edited: plan again"
        )
    if not format_known(TARGET_CHECKS_SINCE, version):
        if "target_rpc_endpoint" in data:
            raise ValueError(
                f"format_version {version}, but it holds target_rpc_endpoint, which plans hold since "
                f"{TARGET_CHECKS_SINCE}: the plan file was edited"
            )
        return
    missing = [key for key in ("target_identity", "target_rpc_endpoint") if key not in data]
    if missing:
        raise ValueError(
            f"format_version {version}, but {' and '.join(missing)} missing, which the apply checks its "
            "target by: the plan file was edited or cut"
        )
    if not isinstance(data["target_identity"], str):
        raise ValueError(
            f"its target_identity is {json_kind(data['target_identity'])}, where a plan holds text"
        )
    _text_or_null("its target_rpc_endpoint", data["target_rpc_endpoint"])


@dataclass(frozen=True)
class NewerKey(Generic[T]):
    """A key a minor format added (`since`), and whether an item of a document holds it (`holds`):
    a value no older format wrote, not a default an older document written back again carries."""

    key: str
    since: str
    holds: Callable[[T], bool]


def refuse_newer_keys(
    document: str, version: str, newer: Iterable[NewerKey[T]], items: Iterable[tuple[str, T]]
) -> None:
    """A key in a `document` (a plan, a drift report) that says it is older than the format that
    added it: a newer one relabelled by hand (as a runner reading only the older format invites),
    or written so by a newer build, which would be read as what no older one is. `items` are each
    item to look in, with the words naming it (`it` for the document's head)."""
    unknown = [each for each in newer if not format_known(each.since, version)]
    for where, item in items if unknown else ():
        held = next((each for each in unknown if each.holds(item)), None)
        if held is not None:
            raise ValueError(
                f"format_version {version}, but {where} holds {held.key}, which {document}s hold since "
                f"{held.since}: the {document} file was edited"
            )


_NEWER_IN_A_PLAN: tuple[NewerKey[dict[str, Any]], ...] = (
    NewerKey("read_at", READ_AT_SINCE, lambda data: "read_at" in data),
    NewerKey("catalog_notes", CATALOG_NOTES_SINCE, lambda data: bool(data.get("catalog_notes"))),
    NewerKey(
        "pinned_connections", PINNED_CONNECTIONS_SINCE, lambda data: bool(data.get("pinned_connections"))
    ),
)
_NEWER_IN_A_CHANGE: tuple[NewerKey[Change], ...] = (
    NewerKey("a secret_digest", TARGET_CHECKS_SINCE, lambda change: change.secret_digest is not None),
    NewerKey("copies_taken", COPIES_TAKEN_SINCE, lambda change: bool(change.copies_taken)),
    NewerKey("looks_renamed_to", LOOKS_RENAMED_SINCE, lambda change: change.looks_renamed_to is not None),
    NewerKey("holding_shown", HOLDING_SHOWN_SINCE, lambda change: bool(change.holding_shown)),
    NewerKey("named_alike_elsewhere", NAMED_ALIKE_SINCE, lambda change: bool(change.named_alike_elsewhere)),
    NewerKey("loggers_cut_off", LOGGERS_CUT_OFF_SINCE, lambda change: bool(change.loggers_cut_off)),
    NewerKey("loggers_in_doubt", LOGGERS_IN_DOUBT_SINCE, lambda change: bool(change.loggers_in_doubt)),
    NewerKey("held_forms", HELD_FORMS_SINCE, lambda change: bool(change.held_forms)),
    NewerKey("loggers_sharing_port", LOGGERS_CUT_OFF_SINCE, lambda change: bool(change.loggers_sharing_port)),
    NewerKey("histories_elsewhere", LOGGERS_CUT_OFF_SINCE, lambda change: bool(change.histories_elsewhere)),
    NewerKey("counted_through_rpc", COUNTED_THROUGH_RPC_SINCE, lambda change: change.counted_through_rpc),
)


def _refuse_newer_keys(data: dict[str, Any], changes: tuple[Change, ...], version: str) -> None:
    """A token's digest, the copies a removal takes, the creation it looks renamed to, where a
    replacement creates again what it holds, or the read time, in a plan older than the format that
    records them."""
    refuse_newer_keys("plan", version, _NEWER_IN_A_CHANGE, ((str(c.address), c) for c in changes))
    refuse_newer_keys("plan", version, _NEWER_IN_A_PLAN, [("it", data)])


def _refuse_unrecorded_holding(changes: tuple[Change, ...], version: str) -> None:
    """A removal or replacement without `holding` in a plan of a format that records it on each:
    read as not recorded, as in an older plan, data that started since on a sensor it takes is
    weighed by the count alone (apply/stale.py `takes_more`). It was cut from the file."""
    if not format_known(HOLDING_SINCE, version):
        return
    for change in changes:
        if change.holding is None and change.action.destroys:
            raise ValueError(
                f"format_version {version}, but {change.address} has no holding (the sensors it takes "
                f"that held data when reviewed), which plans record on each removal since {HOLDING_SINCE}: "
                "the plan file was edited or cut"
            )


def _refuse_notes_unlike_their_data(changes: tuple[Change, ...], version: str) -> None:
    """A port setting whose cut-off note's text and its own `loggers_cut_off` and `loggers_in_doubt`
    disagree, or whose doubt no plan words (plan/edge.py `notes_unlike_their_data`): no plan is
    written so, and an apply weighing the data against a fresh read would blame the platform."""
    for change in changes:
        if change.kind is Kind.EDGE or change.loggers_cut_off:
            unlike = notes_unlike_their_data(change, version)
            if unlike is not None:
                raise ValueError(f"{change.address}: {unlike}: the plan file was edited or cut: plan again")


def _refuse_held_notes_unlike_their_data(changes: tuple[Change, ...], version: str) -> None:
    """A write whose note of props resent as the platform holds them and its own `held_forms`
    disagree (apply/bodies.py `held_notes_unlike_their_data`): no plan is written so, and an apply
    comparing the data with a fresh plan's would blame the platform. A plan saved before they were
    recorded has its notes read from their text (apply/edited.py)."""
    if not format_known(HELD_FORMS_SINCE, version):
        return
    for change in changes:
        unlike = held_notes_unlike_their_data(change)
        if unlike is not None:
            raise ValueError(f"{change.address}: {unlike}: the plan file was edited or cut: plan again")


def _refuse_unsharded_connections(shard: Coverage | None, changes: tuple[Change, ...]) -> None:
    """A merged plan applies shard by shard, by the shard its `connections` give each change's
    connection: one it does not give, or gives a shard the plan does not cover, has none."""
    if shard is None or len(shard.covered) == 1:
        return
    for change in changes:
        if shard.connections.get(change.connection) not in shard.covered:
            raise ValueError(f"its shard gives no shard it covers to the connection of {change.address}")


class NotLaidOutHere(Exception):
    """The text is not a plan or drift report laid out as iotplan writes it: read it whole instead
    (one reformatted by hand or by a tool, or no JSON at all, whose error then says where)."""


# The lines `plan_json_chunks` writes around the changes, which `plan_from_lines` reads by.
HEAD_OPEN, CHANGES_OPEN, CHANGES_EMPTY = b"{\n", b'  "changes": [\n', b'  "changes": []\n'
LIST_CLOSE, DOCUMENT_CLOSE = b"  ]\n", b"}\n"  # of the document's last list, and of the document
PLAN_OPENINGS = (CHANGES_OPEN, CHANGES_EMPTY)


def plan_from_lines(lines: Iterator[bytes]) -> Plan:
    """A plan read line by line as `plan_json_chunks` lays it out: the head, then one change a
    line, each decoded and made a Change before the next is read. Read whole, the decoded document
    of a merged plan of 1,000,000 changes held 3.4 GB before a single Change was made.

    `lines` are a file's, in binary. The answer is the Plan `plan_from_dict(json.loads(text))`
    gives, or NotLaidOutHere: at the first line out of place, and at anything `plan_from_dict`
    refuses, which the whole read then words, so that both readers always answer alike. A line is
    decoded by orjson (exact_json): 2.5× the json module's speed on a line, where on a whole plan
    it was slower.
    """
    return plan_after_head(*read_head(lines, PLAN_OPENINGS), lines)


def plan_after_head(document: dict[str, Any], opening: bytes, lines: Iterator[bytes]) -> Plan:
    """The plan whose head `read_head` read, its changes still to come from `lines`."""
    if "kind" in document:  # a plan has none: a drift report's head, which the whole read words
        raise NotLaidOutHere
    return made_with_last_list(document, "changes", opening == CHANGES_EMPTY, lines, plan_from_dict)


def made_with_last_list(
    document: dict[str, Any],
    name: str,
    empty: bool,
    lines: Iterator[bytes],
    make: Callable[[dict[str, Any]], T],
) -> T:
    """`make(document)`, the document's last list (`name`, opened already) read from `lines` an item
    at a time as `make` takes them, then the document's close; NotLaidOutHere for what `make`
    refuses, which the whole read then words."""
    document[name] = iter(()) if empty else items_a_line(lines, LIST_CLOSE, ends_document=True)
    try:
        made = make(document)
    except (ValueError, KeyError, TypeError, AttributeError):
        raise NotLaidOutHere from None
    if empty:
        close_document(lines)
    return made


def read_head(lines: Iterator[bytes], openings: tuple[bytes, ...]) -> tuple[dict[str, Any], bytes]:
    """The head decoded (the lines before the first list, the comma that ends the last one
    dropped), and the line that opens that list, one of `openings`. A head that does not open the
    document, or whose last line has no comma (a key after the list, a comma missing), is not the
    writer's."""
    head: list[bytes] = []
    for line in lines:
        if line in openings:
            if head[:1] != [HEAD_OPEN] or not head[-1].endswith(b",\n"):
                raise NotLaidOutHere
            return decoded_line(b"".join([*head[:-1], head[-1][:-2]]) + b"\n}"), line
        head.append(line)
    raise NotLaidOutHere


def items_a_line(lines: Iterator[bytes], closing: bytes, *, ends_document: bool) -> Iterator[Any]:
    """One decoded item a line (`    {...},`; the last without the comma), then the `closing` line;
    and when the list is the document's last, its close and nothing after it."""
    for line in lines:
        if not line.startswith(b"    {"):
            raise NotLaidOutHere
        last = not line.endswith(b",\n")
        yield decoded_line(line[4:-1] if last else line[4:-2], within=2)  # the document's, its list's
        if last:
            if next(lines, None) != closing:
                raise NotLaidOutHere
            if ends_document:
                close_document(lines)
            return
    raise NotLaidOutHere


def close_document(lines: Iterator[bytes]) -> None:
    if next(lines, None) != DOCUMENT_CLOSE or next(lines, None) is not None:
        raise NotLaidOutHere


def decoded_line(text: bytes, within: int = 0) -> Any:
    """A line decoded, `within` levels down its document; NotLaidOutHere for any the whole read
    refuses (render/strict_json.py), or words."""
    try:  # strictly UTF-8: the json module reads a surrogate's bytes, which a file's read refuses
        return strict_json.loads_line(text, within)
    except ValueError:  # not UTF-8, not JSON, or JSON iotplan never writes
        raise NotLaidOutHere from None


def coverage_to_dict(coverage: Coverage | None) -> dict[str, Any] | None:
    """Which shards a plan or report covers (format 1.2); null for one made without --shard."""
    if coverage is None:
        return None
    document: dict[str, Any] = {"count": coverage.count, "covered": list(coverage.covered)}
    if len(coverage.covered) > 1:  # one shard's plan is all that shard's; a merged one says which is which
        by_shard: dict[str, list[str]] = {}
        for connection, index in coverage.connections.items():
            by_shard.setdefault(str(index), []).append(connection)
        document["connections"] = by_shard
    document["unmatched"] = list(coverage.unmatched)
    return document


def coverage_from_dict(data: dict[str, Any] | None) -> Coverage | None:
    if data is None:
        return None
    count = _whole("its shard's count", data["count"])
    covered = tuple(_whole("a shard it covers", index) for index in data["covered"])
    if not covered:
        raise ValueError("its shard covers none")
    for index in covered:  # each one --shard would take: the apply plans it as one
        try:
            Shard(index, count)
        except ValueError:
            raise ValueError(f"its shard {index}/{count} is none iotplan splits into") from None
    _refuse_merged_in_part(count, covered)
    connections = {
        connection: index
        for key, listed in (data.get("connections") or {}).items()
        for index in [_covered_key(key, covered)]
        for connection in _texts(f"its shard {key}'s connections", listed)
    }
    return Coverage(
        count=count,
        covered=covered,
        connections=connections,
        unmatched=tuple(data.get("unmatched") or ()),
    )


def _refuse_merged_in_part(count: int, covered: tuple[int, ...]) -> None:
    """A merged document (more than one shard) lacking a shard: `merge` makes none (every shard's
    plan or report is needed), so one is an edit, whose apply would write the shards it names and
    say nothing of those cut, as if the whole had been reviewed."""
    if len(covered) > 1 and sorted(covered) != list(range(1, count + 1)):
        raise ValueError(
            f"its shard covers shards {ranges(covered)} of {count}, but a merged one covers every "
            "shard (iotplan merge refuses one missing): the file was edited"
        )


def _covered_key(key: str, covered: tuple[int, ...]) -> int:
    """A key of the shard's connections: one of the shards it covers, as JSON writes a number key ("3")."""
    if not (key.isascii() and key.isdigit() and int(key) in covered):
        raise ValueError(f"its shard's connections name shard {key!r}, which it does not cover")
    return int(key)


def _texts(name: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(each, str) for each in value):
        raise ValueError(f"{name} are {json_kind(value)}, where iotplan writes a list of text")
    return value


def _whole(name: str, value: Any) -> int:
    """A whole number as iotplan writes one: 2.5, "2" or true is no shard (int() would read them)."""
    if type(value) is not int:
        raise ValueError(f"{name} is {json_kind(value)}, where iotplan writes a whole number")
    return value


def _options_to_dict(options: PlanOptions) -> dict[str, Any]:
    return {
        "prune_unmanaged": options.prune_unmanaged,
        "targets": list(options.targets),
        "excludes": list(options.excludes),
        "force_write_only": options.force_write_only,
        **({"destroy": True} if options.destroy else {}),  # plans without it read as they always did
    }


def _options_from_dict(saved: dict[str, Any]) -> PlanOptions:
    return PlanOptions(
        prune_unmanaged=bool(saved.get("prune_unmanaged", False)),
        targets=tuple(saved.get("targets", ())),
        excludes=tuple(saved.get("excludes", ())),
        force_write_only=bool(saved.get("force_write_only", False)),
        destroy=bool(saved.get("destroy", False)),
    )


def _member(enum: type[E], value: Any) -> E:
    """`enum(value)` without the Enum machinery on the way (a merge reads a million of them):
    found by value, else by the call itself, which raises the usual ValueError."""
    try:
        return enum._value2member_map_[value]  # type: ignore[return-value]
    except (KeyError, TypeError):  # not a value of it, or not even hashable: the call says which
        return enum(value)


class _Repeats(dict[Any, Any]):
    """Values the changes of a saved plan repeat, kept once while it is read: its project, its
    connections, reasons and templates, a refId that is also the live one, the metric lists of a
    fleet's sensors, and an in-sync entity's `before`, equal to its `after`. Read back, a plan of
    111,100 changes held 210 MB, against 23 MB for the plan that was saved. A list or map is
    shared only with one of the same JSON text (`1`, `1.0` and `true` are equal to Python, `0.0`
    and `-0.0` too), and plan entries are never changed in place."""

    def text(self, value: Any) -> Any:
        return self.setdefault(value, value) if type(value) is str else value

    def fields(self, values: Any) -> Any:
        """A `before` or `after` (just decoded, so changed in place) with each of its lists and
        maps kept once."""
        if type(values) is dict:
            for name, value in values.items():
                if type(value) is list or type(value) is dict:
                    values[name] = self._kept(value)
        return values

    def _kept(self, value: Any) -> Any:
        try:
            text = orjson.dumps(value)
        except TypeError:  # an integer past 64 bits: kept as it is
            return value
        return self.setdefault(text, value)


def _changes_from_list(items: Iterable[Any]) -> tuple[Change, ...]:
    repeats = _Repeats()
    return tuple(
        dead_port_read_back(
            _change_as_written(item, repeats) or _change_checked(_an_object(number, item), repeats)
        )
        for number, item in enumerate(items, 1)
    )


def _an_object(number: int, item: Any) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise ValueError(f"change {number} is {json_kind(item)}, where a plan holds an object")
    return item


# The keys of a change as `_change_to_dict` writes it, in its order, but for those it writes only
# when set (`holding_shown`, `secret_digest`, `copies_taken`, `looks_renamed_to`,
# `named_alike_elsewhere`, `loggers_cut_off`, `loggers_in_doubt`, `held_forms`,
# `loggers_sharing_port`, `histories_elsewhere`, `counted_through_rpc`): what `_change_as_written` reads.
_WRITTEN_KEYS = (
    "address", "kind", "actions", "action", "reason", "cause", "project_id", "connection", "ref_id",
    "live_id", "live_ref_id", "template", "before", "after", "fields", "observations",
    "observations_unknown", "fingerprint", "touches_data_model", "cuts_off", "collateral", "holding",
)  # fmt: skip
_written_values = itemgetter(*_WRITTEN_KEYS)
# A change's kind, action and cause by their values: the members `_member` finds first.
_KINDS: dict[Any, Kind] = Kind._value2member_map_  # type: ignore[assignment]
_ACTIONS: dict[Any, Action] = Action._value2member_map_  # type: ignore[assignment]
_CAUSES: dict[Any, Cause] = Cause._value2member_map_  # type: ignore[assignment]


def _change_as_written(item: Any, repeats: _Repeats) -> Change | None:
    """The Change `_change_checked` reads from `item`, for one with just the keys `_WRITTEN_KEYS`
    names, each checked value of the type iotplan writes; None for any other, which it reads (and
    refuses in its words). Each key looked up once and each check one comparison: 0.1 s less on a
    saved plan of 111,000 changes (tests/render/test_change_read_as_written.py holds both alike).

    It reads no change that `_change_checked` refuses, but for what only `fields`, `collateral`
    and `holding` hold, which it reads as that does, after the same checks: its refusal, then."""
    if type(item) is not dict or len(item) != len(_WRITTEN_KEYS):
        return None
    try:
        (address, kind, _, action, reason, cause, project_id, connection, ref_id, live_id, live_ref_id,
         template, before, after, fields, observations, unknown, fingerprint, touches_data_model,
         cuts_off, collateral, holding) = _written_values(item)  # fmt: skip
    except KeyError:
        return None
    if not (type(kind) is type(action) is type(cause) is str):
        return None
    kind, action, cause = _KINDS.get(kind), _ACTIONS.get(action), _CAUSES.get(cause)
    if (
        kind is None
        or action is None
        or cause is None
        or type(address) is not str
        or not (ref_id is None or type(ref_id) is str)
        or not (live_ref_id is None or type(live_ref_id) is str)
        or not (fingerprint is None or type(fingerprint) is str)
        or not (live_id is None or type(live_id) is str)
        or not (before is None or type(before) is dict)
        or not (after is None or type(after) is dict)
        or not (observations is None or (type(observations) is int and observations >= 0))
        or not (type(project_id) is type(connection) is type(reason) is str)
        or not (template is None or type(template) is str)
        or not (type(unknown) is type(touches_data_model) is type(cuts_off) is bool)
    ):
        return None
    after = repeats.fields(after)
    before = after if before == after else None if before is None else repeats.fields(before)
    kept = repeats.setdefault  # what `_Repeats.text` keeps of a text
    # By position, in Change's order (tests/render/test_change_read_as_written.py): by keyword,
    # the call's 22 names were matched at 0.5 µs a change.
    return Change(
        Address(address),
        kind,
        action,
        kept(project_id, project_id),
        kept(connection, connection),
        kept(reason, reason),
        cause,
        ref_id,
        live_id,
        ref_id if live_ref_id == ref_id else live_ref_id,
        None if template is None else kept(template, template),
        before,
        after,
        _fields_from_list(fields),
        observations or 0,
        unknown,
        observations is not None or unknown,
        fingerprint,
        touches_data_model,
        cuts_off,
        tuple(map(Address, collateral)) if collateral else (),
        None if holding is None else tuple(map(Address, holding)),
    )


def _change_checked(item: dict[str, Any], repeats: _Repeats) -> Change:
    # Identity is required; the rest defaults, so a plan from an older 1.x writer still reads.
    fields = item.get("fields")
    collateral, holding = item.get("collateral"), item.get("holding")
    observations, unknown = item.get("observations", 0), _flag("observations_unknown", item)
    ref_id, live_ref_id = item.get("ref_id"), item.get("live_ref_id")
    after = repeats.fields(_object_or_null("a change's after", item.get("after")))
    before = _object_or_null("a change's before", item.get("before"))
    before = after if before == after else repeats.fields(before)
    return Change(
        address=Address(_text("a change's address", item["address"])),
        kind=_member(Kind, item["kind"]),
        action=_member(Action, item["action"]),
        project_id=repeats.text(item["project_id"]),
        connection=repeats.text(item["connection"]),
        reason=repeats.text(item["reason"]),
        cause=_member(Cause, item.get("cause", Cause.UNSPECIFIED)),
        ref_id=_text_or_null("a change's ref_id", ref_id),
        live_id=_text_or_null("a change's live_id", item.get("live_id")),
        live_ref_id=ref_id if live_ref_id == ref_id else _text_or_null("a change's live_ref_id", live_ref_id),
        template=repeats.text(item.get("template")),
        before=before,
        after=after,
        fields=_fields_from_list(fields),
        observations=_count(observations) or 0,
        observations_unknown=unknown,
        counted=observations is not None or unknown,
        fingerprint=_text_or_null("a change's fingerprint", item.get("fingerprint")),
        touches_data_model=_flag("touches_data_model", item),
        cuts_off=_flag("cuts_off", item),
        collateral=tuple(map(Address, collateral)) if collateral else (),
        holding=None if holding is None else tuple(map(Address, holding)),
        holding_shown=_holding_shown_from_dict(item.get("holding_shown")),
        secret_digest=_secret_digest(item.get("secret_digest")),
        copies_taken=_copies_taken_from_list(item.get("copies_taken")),
        looks_renamed_to=_address_or_null("a change's looks_renamed_to", item.get("looks_renamed_to")),
        named_alike_elsewhere=_addresses_or_none(
            "a change's named_alike_elsewhere", item.get("named_alike_elsewhere")
        ),
        loggers_cut_off=(
            cut_off := _addresses_or_none("a change's loggers_cut_off", item.get("loggers_cut_off"))
        ),
        loggers_in_doubt=_doubts_from_dict(item.get("loggers_in_doubt"), cut_off),
        held_forms=_held_forms_from_list(item.get("held_forms")),
        loggers_sharing_port=_addresses_or_none(
            "a change's loggers_sharing_port", item.get("loggers_sharing_port")
        ),
        histories_elsewhere=_texts_or_none("a change's histories_elsewhere", item.get("histories_elsewhere")),
        counted_through_rpc=_flag("counted_through_rpc", item),
    )


def _flag(name: str, item: dict[str, Any]) -> bool:
    """A change's true or false as iotplan writes it (false where left out): `0` or `"yes"` read by
    truth cut a removal's `cuts_off` from `1` to off, unseen."""
    value = item.get(name, False)
    if type(value) is not bool:
        raise ValueError(f"a change's {name} is {json_kind(value)}, where a plan holds true or false")
    return value


def _addresses_or_none(name: str, value: Any) -> tuple[Address, ...]:
    """A list of addresses as iotplan writes one, or none where it is left out (a plan older than the
    format that records it, or a change that names none)."""
    return tuple(map(Address, _texts_or_none(name, value, "addresses")))


def _texts_or_none(name: str, value: Any, what: str = "texts") -> tuple[str, ...]:
    """A list of texts (`what` they are) as iotplan writes one, or none where it is left out."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(each, str) for each in value):
        raise ValueError(f"{name} is not a list of {what}, as iotplan writes it")
    return tuple(value)


def _address_or_null(name: str, value: Any) -> Address | None:
    text = _text_or_null(name, value)
    return None if text is None else Address(text)


def _holding_shown_from_dict(items: Any) -> tuple[tuple[Address, Address], ...]:
    """A replacement's `holding_shown` as iotplan writes it, or none (a plan before 1.11). Kept to
    be written again (a plan shown or merged); never weighed."""
    if items is None:
        return ()
    if not isinstance(items, dict) or not all(isinstance(where, str) for where in items.values()):
        raise ValueError("a change's holding_shown is not an object of addresses, as iotplan writes it")
    return tuple((Address(at), Address(where)) for at, where in items.items())


def _held_forms_from_list(items: Any) -> tuple[HeldForm, ...]:
    """A write's `held_forms` as iotplan writes them (`_held_forms_to_list`), or none (a plan before
    1.17, or a line resending nothing as held)."""
    if items is None:
        return ()
    if not isinstance(items, list) or not items or not all(map(_a_held_form, items)):
        raise ValueError("a change's held_forms is not a list of held forms, as iotplan writes it")
    return tuple(HeldForm(**{**item, "address": Address(item["address"])}) for item in items)


def _a_held_form(item: Any) -> bool:
    """One held form as `_held_forms_to_list` writes it: its keys, each text but `held_back`, a
    bool, and its form in the words plan/props.py says one in."""
    return (
        isinstance(item, dict)
        and item.keys() == set(HeldForm._fields)
        and all(isinstance(item[key], str) for key in HeldForm._fields if key != "held_back")
        and type(item["held_back"]) is bool
        and item["form"] in FORMS_UNLIKE_REFERENCE
    )


def _doubts_from_dict(items: Any, cut_off: tuple[Address, ...]) -> tuple[tuple[Address, str], ...]:
    """A port setting's `loggers_in_doubt` as iotplan writes it, each of its `cut_off` loggers its note
    says it may cut off with why, or none (a plan before 1.14, or a note doubting none)."""
    if items is None:
        return ()
    if not isinstance(items, dict) or not all(isinstance(doubt, str) and doubt for doubt in items.values()):
        raise ValueError("a change's loggers_in_doubt is not an object of doubts, as iotplan writes it")
    if not set(items) <= set(cut_off):
        raise ValueError("a change's loggers_in_doubt names a logger its loggers_cut_off does not")
    return tuple((Address(logger), doubt) for logger, doubt in items.items())


def _copies_taken_from_list(items: Any) -> tuple[tuple[Address, Address], ...]:
    """A removal's `copies_taken` as iotplan writes them, or none (a plan before 1.7)."""
    if items is None:
        return ()
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise ValueError("a change's copies_taken is not a list of objects, as iotplan writes it")
    return tuple(
        (
            Address(_text("a copy's address", item.get("address"))),
            Address(_text("a copy's copy_of", item.get("copy_of"))),
        )
        for item in items
    )


def _count(value: Any) -> int | None:
    """A count of observations as iotplan writes it, or null: a negative or fractional one (an
    edit) was shown as no history and its removal applied as reviewed. No upper bound: the
    platform's counts have none (live/model.py `observation_count`), and a device's sums them."""
    if value is not None and not (type(value) is int and value >= 0):
        raise ValueError("a change's observations is not a count of observations (a whole number, 0 or more)")
    return value


def _secret_digest(value: Any) -> str | None:
    """A token's record as iotplan writes it, or none: anything else is no plan of iotplan's."""
    if value is not None and not (isinstance(value, str) and SECRET_DIGEST.fullmatch(value)):
        raise ValueError("a change's secret_digest is not one iotplan writes")
    return value


def _fields_from_list(fields: Any) -> tuple[FieldChange, ...]:
    return tuple(_field_from_dict(field) for field in fields) if fields else ()


def _field_from_dict(item: dict[str, Any]) -> FieldChange:
    path, sensitive = item["path"], bool(item.get("sensitive", False))
    before, after = (read_back(path, item[side], sensitive) for side in ("before", "after"))
    return FieldChange(path, before, after, sensitive)
