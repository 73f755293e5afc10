"""Which parts of a saved plan's write its file shows otherwise than a plan made now.

Asked of each write once every check of what the platform may have done since has passed: the live
entity reads as it did, so a part that differs is the file's doing (or another iotplan's). The apply
writes what it plans afresh, never the file's values, but a review approved these: a creation's
`after` edited in the file (which no field change lists) showed the reviewer values other than
those the platform would be given, and so would an edited reason, kind or template."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import orjson

from iotplan.apply.bodies import held_form_noted, held_forms_named, held_note, held_note_may_name
from iotplan.plan.address import Address
from iotplan.plan.edge import holds_masked, loggers_noted, noted_as_reviewed, without_unpowered_note
from iotplan.plan.model import (
    FORMAT_VERSION,
    HELD_FORMS_SINCE,
    Action,
    Change,
    HeldForm,
    Kind,
    Plan,
    format_known,
)
from iotplan.plan.thread import (
    NOTES_RECORDED_SINCE,
    history_counts_masked,
    history_notes_as_reviewed,
    port_sharing_notes,
    sharing_note_as_reviewed,
    unconfirmed_notes_as_reviewed,
)
from iotplan.secrets import is_masked_text, mask_known

# The parts of a saved write its fresh self may hold otherwise on a platform that did not move under
# it, each weighed apart (apply/stale.py). A count grows while a sensor reports: the same history
# (`takes_more`); what a removal takes beyond what was reviewed (data on a sensor that held none, an
# entity under it, a copy) `takes_more`, `cannot_count_now` and `_copies_not_reviewed` say;
# `holding_shown` is where a replacement creates `holding` again; the loggers a port setting cuts
# off, and its doubts of them, are the platform's (`_notes_not_reviewed`), its note's text the file's
# (`noted_as_reviewed`), and so are the loggers a port-sharing note names and what a new THREAD
# logger's or sensor's history notes name (`_notes_reviewed`). A token's digest is salted anew at
# every plan, and compared with the environment's token (`check_tokens_unchanged`). `actions` is said
# again from `action`. How the platform holds a prop a write resends is the platform's too
# (`held_forms_changed`); its note's text is held to it as the file is read (render/json_plan.py).
_WEIGHED_APART = frozenset(
    {"observations", "observations_unknown", "holding", "holding_shown", "collateral", "copies_taken"}
) | {
    "secret_digest",
    "actions",
    "loggers_cut_off",
    "loggers_in_doubt",
    "held_forms",
    "loggers_sharing_port",
    "histories_elsewhere",
    "counted_through_rpc",  # where a count comes from may change as the counts do
}
# The keys a format added, by the format: a plan older than it holds none, and read back has the
# default, where the fresh plan computes one (render/json_plan.py `_NEWER_IN_A_CHANGE`).
_KEYS_SINCE = {"looks_renamed_to": "1.9", "named_alike_elsewhere": "1.12", "cause": "1.2"}
# The counts a destroying change's reason says, which grow while it stands (`takes_more` weighs
# them): `with 2 devices and 9 sensors`, `3 undeclared sensors go with it`, `beneath it 4 unmanaged
# sensors`. Only these: any other digit (a stack's name) edited is the file's doing.
_COUNTS = re.compile(r"\b[0-9][0-9,]* ((?:undeclared |unmanaged )?(?:sensor|device|observation))s?\b")
_KEYS = orjson.OPT_NON_STR_KEYS
_EXACT = orjson.OPT_SORT_KEYS | _KEYS


def edited_parts(saved: Change, fresh: Change, version: str = "") -> list[str]:
    """The keys of a saved change whose values the fresh plan writes otherwise, but for those that
    may differ (`_WEIGHED_APART`), each compared as the plan file writes it (masked, shown alike)
    and by its JSON text: `1`, `1.0` and `true` are equal to Python, not to a reader of the file."""
    if _written_alike(saved, fresh):
        return []
    from iotplan.render.json_plan import change_as_saved  # which reads apply/stale.py's formats

    was, now = change_as_saved(saved), change_as_saved(fresh)
    skipped = _WEIGHED_APART | {key for key, since in _KEYS_SINCE.items() if not format_known(since, version)}
    if fresh.kind is Kind.EDGE:  # the note a port setting's line ends with, as its review read it
        was["reason"] = holds_masked(was["reason"])
        now["reason"] = noted_as_reviewed(now["reason"], fresh, loggers_noted(saved, version))
    else:
        shown = _notes_reviewed(saved, fresh, version)
        was["reason"], now["reason"] = (
            _reason_reviewed(saved, shown[0], version),
            _reason_reviewed(fresh, shown[1], version),
        )
    return sorted(
        key for key in (was.keys() | now.keys()) - skipped if _text(was.get(key)) != _text(now.get(key))
    )


def masked_alone_differs(saved: Change, fresh: Change | None) -> list[str]:
    """The fields of a saved write that the plan made now holds otherwise only behind the mask the file
    shows them with (`(sensitive)`: a LOCATION another tool stored with `api_key=...` in it), the entity
    read with the same fingerprint; empty for any other difference. No file holds what the mask hides,
    so it cannot be compared with what the platform holds now, and a plan made again masks it alike:
    never the file's edit, which would show in what the file does show."""
    if fresh is None or (saved.action, saved.fingerprint) != (fresh.action, fresh.fingerprint):
        return []
    masked = [field.path for field in saved.fields if shows_masked_text(field.before)]
    if not masked:  # nearly every write: nothing shown masked
        return []
    from iotplan.render.json_plan import change_as_saved  # which reads apply/stale.py's formats

    shown_alike = _text(change_as_saved(saved)["fields"]) == _text(change_as_saved(fresh)["fields"])
    return masked if shown_alike else []


def shows_masked_text(value: object) -> bool:
    """Whether a saved value holds, at any depth, a text views masked (secrets.py `is_masked_text`)."""
    if isinstance(value, dict):
        return any(map(shows_masked_text, value.values()))
    if isinstance(value, list | tuple):
        return any(map(shows_masked_text, value))
    return is_masked_text(value)


def _written_alike(saved: Change, fresh: Change) -> bool:
    """Every part `edited_parts` weighs the same as it is held, before any is masked or shown, and
    its values in the same order: as a saved write read back nearly always is. Asked first: showing
    both sides of each write as the file does took 0.58 s of CPU for 111,000 creations, this 0.12 s."""
    if _parts(saved) != _parts(fresh):
        return False
    try:
        return orjson.dumps(_values(saved), option=_KEYS) == orjson.dumps(_values(fresh), option=_KEYS)
    except TypeError:  # an integer past 64 bits: `edited_parts` compares it
        return False


def _parts(change: Change) -> tuple[Any, ...]:
    return (
        change.address,
        change.kind,
        change.action,
        change.reason,
        change.cause,
        change.project_id,
        change.connection,
        change.ref_id,
        change.live_id,
        change.live_ref_id,
        change.template,
        change.fingerprint,
        change.touches_data_model,
        change.cuts_off,
        change.looks_renamed_to,
        change.named_alike_elsewhere,
        change.loggers_cut_off,
        change.loggers_in_doubt,
        change.held_forms,
        change.loggers_sharing_port,
        change.histories_elsewhere,
    )


def _values(change: Change) -> tuple[Any, ...]:
    fields = [(field.path, field.before, field.after, field.sensitive) for field in change.fields]
    return change.before, change.after, fields


def _text(value: Any) -> bytes:
    """`value` as JSON text, its keys sorted: what a reader of the file tells apart."""
    try:
        return orjson.dumps(value, option=_EXACT)
    except TypeError:  # an integer past 64 bits (which orjson does not write), or a key no text
        return json.dumps(value, sort_keys=True, default=repr).encode()


def _notes_reviewed(saved: Change, fresh: Change, version: str) -> tuple[str, str]:
    """The saved line and the fresh one, each as the plan file shows it, their notes of what the
    platform holds as the review read them (plan/thread.py): a port-sharing note naming the loggers
    the saved plan recorded, a new THREAD logger's or sensor's history notes weighed whole only
    where they name what it recorded; the note that a logger's port is not confirmed, its why (the
    gateway asleep, silent) masked, or left out of the one line that alone has it where the plan
    writes it there: its gateway answered for one plan only. A plan before these were recorded:
    those lines as they are. The notes of a prop the platform holds in a form the reference does not
    give are left out: how it holds it is the platform's (`held_forms_changed`)."""
    was, now = unconfirmed_notes_as_reviewed(saved, fresh)
    if format_known(NOTES_RECORDED_SINCE, version):
        was, now = history_notes_as_reviewed(saved, fresh, was, now)
        was, now = sharing_note_as_reviewed(saved, fresh, was, now)
    return (
        mask_known(_without_held_note(saved, was, version)),
        mask_known(_without_held_note(fresh, now, FORMAT_VERSION)),
    )


def _without_held_note(change: Change, shown: str, version: str) -> str:
    """`shown`, a line's reason, without the note of props it resends as held: the words its
    `held_forms` make, which end it (render/json_plan.py holds a saved one's text to them); of a
    plan saved before HELD_FORMS_SINCE, the note as its text reads (apply/bodies.py `held_form_noted`)."""
    if change.held_forms:
        return shown.removesuffix(held_note(change))
    return shown if format_known(HELD_FORMS_SINCE, version) else held_form_noted(shown)[0]


def held_forms_changed(saved: Change, fresh: Change, version: str) -> list[str]:
    """How the platform holds what a saved write resends, where the saved line's `held_forms` (left
    out of `edited_parts`) differ from the fresh one's, each `how {address}'s {prop} is held`: another
    tool stored text coordinates since the plan was made, or they were set as numbers, as the note
    advised; or the file's data and note were edited alike, which neither tells apart (either alone
    edited is refused as the file is read: render/json_plan.py). A write that would resend a form its
    review did not show, or one whose review showed a note no longer true: refused (apply/stale.py).
    Compared as the file holds them, masked. A plan saved before HELD_FORMS_SINCE: its notes' text."""
    if not format_known(HELD_FORMS_SINCE, version):
        return _held_notes_changed(saved, fresh)
    if not (saved.held_forms or fresh.held_forms):
        return []  # nearly every write
    was, now = _held_by_prop(saved), _held_by_prop(fresh)
    return [_held_said(*key) for key in dict.fromkeys([*was, *now]) if was.get(key) != now.get(key)]


def _held_said(address: str, prop: str) -> str:
    """How a saved plan's check names a prop the platform holds otherwise than its review showed."""
    return f"how {address}'s {prop} is held"


def _held_by_prop(change: Change) -> dict[tuple[str, str], HeldForm]:
    """A line's `held_forms` by entity and prop, their values masked as a saved plan writes them."""
    return {
        (held.address, held.prop): held._replace(
            held=mask_known(held.held), declared=mask_known(held.declared)
        )
        for held in change.held_forms
    }


def _held_notes_changed(saved: Change, fresh: Change) -> list[str]:
    """`held_forms_changed` of a plan saved before HELD_FORMS_SINCE, which holds its notes as text
    alone: those a note names in one line alone, else (the held value changed, or the note edited)
    those named in either."""
    if saved.reason == fresh.reason or not (
        held_form_noted(saved.reason)[1] or held_form_noted(fresh.reason)[1]
    ):
        return []  # nearly every write: no reason masked
    was, now = held_form_noted(mask_known(saved.reason))[1], held_form_noted(mask_known(fresh.reason))[1]
    if was == now:
        return []
    named_was = [_held_said(*held) for held in held_forms_named(was)]
    named_now = [_held_said(*held) for held in held_forms_named(now)]
    alone = [held for held in named_was + named_now if (held in named_was) != (held in named_now)]
    return alone or list(dict.fromkeys(named_was + named_now))


def held_notes_edited(saved: Plan, fresh_by_address: Mapping[Address, Change]) -> frozenset[Address]:
    """Of a plan saved before HELD_FORMS_SINCE, the writes whose held-form notes differ from the plan
    made now's (`held_forms_changed`) where the line alone proves the file did it: a note naming an
    entity neither its line's nor its line's device's, or on a line that removes, which no plan gives.
    Any other difference may be either's, and its text does not settle which (numbers quoted as the
    read holds them, another type): apply/stale.py `_refuse_held_forms_changed` says both. A later
    plan's such line is refused as the file is read (render/json_plan.py)."""
    if format_known(HELD_FORMS_SINCE, saved.format_version):
        return frozenset()
    return frozenset(
        change.address
        for change in saved.writes
        if (notes := _held_notes(change))
        and (noted := held_forms_named(notes))
        and (fresh := fresh_by_address.get(change.address)) is not None
        and notes != _held_notes(fresh)
        and not _may_carry(change, noted)
    )


def _held_notes(change: Change) -> str:
    if "reference does not give" not in change.reason:  # nearly every line: no reason masked
        return ""
    return held_form_noted(mask_known(change.reason))[1]


def _may_carry(change: Change, noted: list[tuple[str, str]]) -> bool:
    """A line `held_form_notes` may note: a write that resends (no removal), naming its own entity or,
    a sensor's, its device sent as it stands."""
    may_name = held_note_may_name(change)
    return all(address in may_name for address, _ in noted)


def _reason_reviewed(change: Change, shown: str, version: str) -> str:
    """A reason as shown (`shown`), as its review weighs it: the counts a removal's says (of the
    sensors it takes, of a copy's observations) may grow, and `takes_more` says what that takes;
    what a new THREAD logger's or sensor's history notes say another holds grows while that one
    reports, told, never written; a logger's note that its port measures 0 V is the box's power, which
    a technician may change, and what it holds, left out. A port's sharing note in a plan saved
    before its loggers were recorded (format 1.13) is left out: one naming a logger the review did
    not show is the platform's doing, a logger put on the port since, which `_notes_not_reviewed`
    says. A port setting's is weighed by `edited_parts`."""
    shown = without_unpowered_note(change, shown)  # the box's power and the logger's count: weighed apart
    if not format_known(NOTES_RECORDED_SINCE, version):
        for note in port_sharing_notes(change):
            shown = shown.replace(f"; {note}", "")
    if change.action is Action.CREATE and change.on_thread:  # what its history notes name holds
        shown = history_counts_masked(shown)
    if not change.action.destroys:
        return shown
    if change.copies_taken:  # named with their counts, which grow: `_copies_not_reviewed` weighs them
        shown = shown.partition("; takes ")[0]
    return _COUNTS.sub(r"# \1", shown)
