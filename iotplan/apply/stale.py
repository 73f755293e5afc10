"""A saved plan is applied only while the world it was made against still stands."""

from __future__ import annotations

import dataclasses
import json
import os
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from operator import attrgetter
from typing import Any, NamedTuple

import orjson

from iotplan.apply.edited import (
    edited_parts,
    held_forms_changed,
    held_notes_edited,
    masked_alone_differs,
    shows_masked_text,
)
from iotplan.errors import StalePlanError
from iotplan.live.model import Uncounted, short_id
from iotplan.plan.address import Address
from iotplan.plan.edge import (
    cut_off_notes,
    loggers_noted,
    loggers_reviewed,
    noted_beyond_review,
    setting_value,
)
from iotplan.plan.guards import SecretLookup
from iotplan.plan.impact import counted_before_written
from iotplan.plan.model import (
    FORMAT_VERSION,
    WRITING,
    Action,
    Cause,
    Change,
    FieldChange,
    Kind,
    ManifestSource,
    Plan,
    PlanOptions,
    SavedFile,
    format_known,
)
from iotplan.plan.on_device import made_on_device, plan_again_command
from iotplan.plan.props import SECRET_FIELDS
from iotplan.plan.select import inside_selection, is_a_pattern
from iotplan.plan.thread import NOTES_RECORDED_SINCE, port_sharing_notes, sharing_unshown
from iotplan.secrets import (
    SHORTEST_DIGESTED,
    digest_matches,
    masked_in_place,
    new_salt,
    secret_digest,
    shown_reference,
)
from iotplan.wording import counted, first, joined, observations

TOKEN_DIGESTS_SINCE = "1.5"  # the plan format that records the tokens its writes set
COPIES_TAKEN_SINCE = "1.7"  # the plan format that names the web-app copies its removals take
HOLDING_SINCE = "1.3"  # the plan format that records which sensors a removal takes held data
RECREATED_HOLDING_SINCE = "1.10"  # and those a replacement makes again
# The plan format whose fingerprints leave out every prop named as a credential this iotplan knows
# (secrets.py: a Wi-Fi key, a one-time password, a signature, an SNMP community, a salt, an access
# code) and, since 1.15, a `user:pw@host`'s password without a scheme: an older plan's hashed them,
# so an entity holding one reads otherwise with the platform untouched. Raised with the format
# whenever `fingerprint` leaves out more.
FINGERPRINTS_SINCE = "1.15"
# What to do about a removal or a data-model change refused for counts unknown now (README, "Data
# loss is explicit"), by why the read that made them unknown says they are (`uncounted_said`). A
# plan file keeps no sensor's count, nor why one was unknown: a fresh read says why, and where it
# cannot (a count answered twice, none at all), the three causes after the first are said together
# (`_three_causes`). In this order: one JSON-RPC no longer finds first, as another run removing it
# (fuzzer fz73: three applies of one manifest) is what the others then say of it.
_CAUSES = {
    Uncounted.NOT_FOUND: (
        "JSON-RPC, read a moment after REST, no longer finds {them} by id: most likely removed since, by "
        "another run or in the web app, so no longer where the plan found {them} (or JSON-RPC at "
        "--rpc-endpoint / IOTPLAN_RPC_ENDPOINT is another platform's)"
    ),
    Uncounted.NO_ANSWER: "JSON-RPC did not answer for {them}{quiet}: run it again once it answers",
    # 0 beside a LAST_OBSERVATION (variant `observation-count-lags`): JSON-RPC answered, so waiting
    # for it would help nothing: a sensor counted 0 when reviewed shows so only once it reported since.
    Uncounted.NOT_COUNTED_YET: (
        "the platform has not counted an upload yet (a count of 0 beside a last observation): a sensor "
        "reported since the review"
    ),
    Uncounted.NOT_HELD: (
        "JSON-RPC's counts could not be held against REST's (a warning says why: another platform at "
        "--rpc-endpoint / IOTPLAN_RPC_ENDPOINT, or a read that failed)"
    ),
}
# The next step a cause's own words end with, a plan made again: not said where the refusal's caller
# says the one next step (a plan shown at the prompt, refused after `yes`: the apply again, which
# shows the plan and asks; its person ran no `iotplan plan`).
_PLAN_AGAIN = {
    Uncounted.NOT_FOUND: ": plan again to review what is there now",
    Uncounted.NOT_COUNTED_YET: ", so plan again to review it",
}
_NEW_PLAN = "A new plan shows counts it cannot read as unknown, and removes them only with --allow-destroy"
_QUIET = ", and nothing says the platform changed"  # said of JSON-RPC's silence where no count grew
_FOUND = {2: "both", 3: "all three", 4: "all four"}


def _cause(cause: Uncounted, plan_again: bool) -> str:
    return _CAUSES[cause] + (_PLAN_AGAIN.get(cause, "") if plan_again else "")


def _three_causes(quiet: str, plan_again: bool = True) -> str:
    """The three causes said together, for counts whose cause no read told: a count JSON-RPC no longer
    finds is told so by the read (`Uncounted.NOT_FOUND`), so it is none of theirs."""
    texts = [_cause(cause, plan_again) for cause in _CAUSES if cause is not Uncounted.NOT_FOUND]
    either = "; or ".join(texts).format(them="them", quiet=quiet)
    return f"unknown, treated as holding data. Either {either}"


def _causes_found(found: Collection[Uncounted], quiet: str, plan_again: bool = True) -> str:
    """The causes the reads found, every count's told, each said as all apply: JSON-RPC's silence
    then is of some of the counts, and says nothing of the platform beside an upload since."""
    several = len(found) > 1
    quiet = "" if several and Uncounted.NOT_COUNTED_YET in found else quiet
    them = "some of them" if several else "them"
    each = [_cause(cause, plan_again).format(them=them, quiet=quiet) for cause in _CAUSES if cause in found]
    head = f", for {_FOUND[len(each)]} causes the reads found" if several else ""
    return f"unknown, treated as holding data{head}: " + "; and ".join(each)


UNCOUNTED = f"{_three_causes(_QUIET)}. {_NEW_PLAN}"
# Said after UNCOUNTED where a data-model change is among what cannot be counted now.
UNCOUNTED_REREADS = (
    " (changes their metrics, units, channel, zero date or mode only with --allow-data-model-change)"
)


def uncounted_said(
    causes: Iterable[Uncounted | None], rereads: bool = False, grew: bool = False, plan_again: bool = True
) -> str:
    """What a refusal for counts unknown now says of them: the causes the reads found, where they
    found every count's (`causes`: each count's, None where not known), else the three. `rereads`: a
    data-model change is among them; `grew`: a count read now grew since the review, so something
    did change. The one wording a saved plan, the recount before the writes and a THREAD unit say
    one event in. `plan_again`: False where the caller says the one next step (`_PLAN_AGAIN`)."""
    found, quiet = set(causes), "" if grew else _QUIET
    if found and None not in found:
        said = _causes_found({cause for cause in found if cause is not None}, quiet, plan_again)
    else:
        said = _three_causes(quiet, plan_again)
    return f"{said}. {_NEW_PLAN}" + (UNCOUNTED_REREADS if rereads else "")


class Review(NamedTuple):
    """How `check_not_stale` says a refusal, by the plan it holds to a fresh read: a saved plan
    (`SAVED`), or the plan an apply showed at its prompt (`SHOWN`, commands/apply.py
    `held_to_a_fresh_read`), which no file holds, made a moment before by this iotplan from the
    manifest read now: whatever moved, the platform or a gateway moved, and its caller says the one
    next step (that apply again)."""

    in_a_file: bool  # the file may have been edited or cut, and each refusal says its own next step
    since: str  # when what changed did


SAVED = Review(True, "since the plan was made")
SHOWN = Review(False, "while the plan awaited confirmation")
# The plan an apply made itself and writes at once (--auto-approve, or the one read once `yes` was
# typed), counted again before its writes: no file holds it either.
PLANNED = Review(False, "since the plan was made")


def _again(review: Review, step: str, lead: str = ": ") -> str:
    """A saved plan's refusal's next step, after `lead`; none for a plan shown (its caller says it)."""
    return f"{lead}{step}" if review.in_a_file else ""


def plan_again(saved: Plan) -> str:
    """The command a stale plan's step names to plan again: of a plan made on a THREAD, that THREAD's own
    plan (plan/on_device.py `plan_again_command`), as a bare `iotplan plan` there plans the embedded
    platform, not the gateway, and takes no plan without its manifest."""
    return f"`{plan_again_command(saved)}`" if made_on_device(saved) else "iotplan plan"


def _plan_again_here(saved: Plan) -> str:
    """ "plan again", naming the command on a THREAD, as commands/on_device.py's `_plan_again_here` does."""
    return f"plan again here with {plan_again(saved)}" if made_on_device(saved) else "plan again"


def check_not_stale(saved: Plan, fresh: Plan, review: Review = SAVED) -> None:
    """Refuse when the manifest, or any live entity the saved plan touches, changed since.

    Only the saved plan's writes are read: an apply holds no more of it (commands/apply.py
    `as_reviewed`). An in-sync entity changed since shows as a fresh write the saved plan lacks.
    `review`: how the refusal is said, of a saved plan or of one shown at the prompt."""
    check_manifest_unchanged(saved, fresh.manifest.digest)
    fresh_by_address = {change.address: change for change in fresh.changes}
    noted = held_notes_edited(saved, fresh_by_address)  # found once, weighed by two
    moved = _moved(saved, fresh, fresh_by_address)
    unread = _unread_gateways(saved, fresh_by_address)
    refused = _refused_gateways(saved, fresh_by_address)
    if any(address.parent in refused for address in moved):  # the cause of its settings' moves
        raise StalePlanError(_refused_now(refused, saved, review))
    # A logger on a port its gateway must confirm is held too while the gateway cannot be read.
    held = [address for address in moved if _pending(fresh_by_address.get(address))]
    changed = [address for address in moved if address.parent not in unread and address not in held]
    if changed:  # planned again, the gateways still unread show as pending there
        raise StalePlanError(_changed_since(changed, saved, fresh, fresh_by_address, review))
    if moved:
        # What the file alone explains is no gateway's to answer: the writes read as they were
        # (created loggers and sensors), compared as when nothing moved.
        _refuse_parts_edited(saved, fresh, fresh_by_address, noted, review, apart=set(moved))
        pending = [fresh_by_address[address] for address in held]
        raise StalePlanError(_not_checked(unread, pending, saved, review))
    unseen = _notes_not_reviewed(saved, fresh)
    if unseen:
        raise StalePlanError(
            f"the platform changed {review.since}, and the plan now notes what its review did not "
            f"show: {listed(unseen, '; ')}"
            + _again(review, f"Run {plan_again(saved)} again to review it", ". ")
        )
    copies = _copies_not_reviewed(saved, fresh_by_address)
    if copies:
        raise StalePlanError(_copies_not_reviewed_said(copies, saved.format_version, review))
    fresh_removals = [
        (change, fresh_by_address[change.address]) for change in saved.changes if change.action.destroys
    ]
    _refuse_replacements_saved_unrecorded(saved, fresh_removals)
    removals = [(change, now, counts_unknown_now(now)) for change, now in fresh_removals]
    widened = [
        text for change, now, unknown in removals if (text := takes_more(change, now, unknown, review))
    ]
    widened += rereads_held_now(saved.changes, fresh_by_address)
    uncounted = [
        (change, now, text)
        for change, now, unknown in removals
        if (text := cannot_count_now(change, now, unknown))
    ]
    unknown = [text for _, _, text in uncounted]
    rereading = rereads_uncounted_now(saved.changes, fresh_by_address)
    rereads_unknown = [each.said for each in rereading]
    if widened:
        said = listed(widened + unknown + rereads_unknown, "; ")
        raise StalePlanError(
            f"the platform changed {review.since}: {said}" + _again(review, f"run {plan_again(saved)} again")
        )
    if unknown or rereads_unknown:
        counting = [(change, now) for change, now, _ in uncounted]
        counting += [(each.reviewed, each.now) for each in rereading]
        raise StalePlanError(
            _cannot_count_now_said(unknown + rereads_unknown, counting, bool(rereading), review)
        )
    _refuse_held_forms_changed(saved, fresh_by_address, noted, review)
    _refuse_edited(saved, fresh, fresh_by_address, noted, review)


def _refuse_held_forms_changed(
    saved: Plan,
    fresh_by_address: dict[Address, Change],
    noted: Collection[Address],
    review: Review = SAVED,
    apart: Collection[Address] = (),
) -> None:
    """Refuse the writes whose note of a prop resent in a form the reference does not give differs
    from the plan made now's (apply/edited.py `held_forms_changed`), but for those at `apart` (moved,
    judged as such): the platform holds it otherwise since, which no fingerprint of a device sent as
    it stands tells, or the file's note was edited, which its text does not tell apart; of a plan
    shown, the platform's. Applied, the write would resend a form its review did not show. Asked by
    `check_not_edited` too, so a merged plan's shards write nothing. A line the note proves edited
    (`noted`, apply/edited.py `held_notes_edited`), or that differs in anything else, is
    `_refuse_edited`'s."""
    changed = {
        change.address: held
        for change in saved.writes
        if change.address not in noted
        and change.address not in apart
        and (fresh := fresh_by_address.get(change.address)) is not None
        and (held := held_forms_changed(change, fresh, saved.format_version))
        and not edited_parts(change, fresh, saved.format_version)
    }
    if changed and review.in_a_file:
        lines = listed(list(changed))
        said = f"notes on {lines} differ" if len(changed) > 1 else f"note on {lines} differs"
        raise StalePlanError(
            f"the plan file's {said} from a plan made now: the platform changed {_held_said(changed)} "
            f"since, or the file was edited: {_plan_again_here(saved)}"
        )
    if changed:
        raise StalePlanError(f"the platform changed {review.since} ({_held_said(changed, '; ')})")


def _held_said(changed: dict[Address, list[str]], separator: str = ", ") -> str:
    """Each `how {address}'s {prop} is held` the differing notes name, once."""
    return listed(list(dict.fromkeys(held for helds in changed.values() for held in helds)), separator)


def check_not_edited(saved: Plan, fresh: Plan) -> None:
    """Refuse what `check_not_stale` finds the plan file's doing, and nothing it finds the platform's
    (or cannot tell): a merged plan's apply asks it of each shard's part before the first shard writes
    (commands/shard_apply.py), and leaves the rest to that shard's own check, just before its writes.
    A write the file's edit alone explains (`_moved_why`) is refused whatever else moved; the parts of
    the writes that did not move are compared (`_refuse_edited`) only where none moved, as there: a
    parent created on the platform since changes its children's `cause` and reason."""
    fresh_by_address = {change.address: change for change in fresh.changes}
    noted = held_notes_edited(saved, fresh_by_address)  # found once, weighed by two
    moved = _moved(saved, fresh, fresh_by_address)
    if not moved:
        _refuse_edited(saved, fresh, fresh_by_address, noted)
        _refuse_held_forms_changed(saved, fresh_by_address, noted)  # either's doing: refused before any write
        return
    # Settings under a gateway not read now, or read from another THREAD, and held loggers: not judged.
    unjudged = {*_unread_gateways(saved, fresh_by_address), *_refused_gateways(saved, fresh_by_address)}
    judged = [a for a in moved if a.parent not in unjudged and not _pending(fresh_by_address.get(a))]
    why = _moved_why(judged, saved, fresh, fresh_by_address)
    files = [*why.edited, *why.unplanned, *filter(None, why.unplanned.values())]
    if files:
        raise StalePlanError(_changed_since(files, saved, fresh, fresh_by_address))
    _refuse_held_forms_changed(saved, fresh_by_address, noted, apart=moved)


def _moved(saved: Plan, fresh: Plan, fresh_by_address: dict[Address, Change]) -> list[Address]:
    """The saved writes the plan made now does not hold as they are, then the writes it holds that
    the saved plan does not: applied, they would go unreviewed."""
    saved_writes = {change.address for change in saved.changes if change.action.writes}
    moved = [
        change.address
        for change in saved.changes
        if change.action.writes and not _same(change, fresh_by_address.get(change.address))
    ]
    return moved + [c.address for c in fresh.changes if c.action.writes and c.address not in saved_writes]


def _refuse_edited(
    saved: Plan,
    fresh: Plan,
    fresh_by_address: dict[Address, Change],
    noted: Collection[Address],
    review: Review = SAVED,
) -> None:
    """Asked last, once every check of what the platform may have done since passed (each saved
    write is the fresh plan's, on an entity that reads as it did): a part of a write the fresh plan
    shows otherwise is the file's doing, or another iotplan's (apply/edited.py); of a plan shown,
    which neither made, what else the plan reads (a parent, a port) changed."""
    _refuse_parts_edited(saved, fresh, fresh_by_address, noted, review)
    made_up = _loggers_made_up(saved, fresh)
    if made_up:
        named = [logger for _, loggers in made_up for logger in loggers]
        removed = f"{listed(named)} {'was' if len(named) == 1 else 'were'} removed {review.since}"
        raise StalePlanError(
            f"{listed([said for said, _ in made_up], '; ')}: "
            + (f"the plan file was edited, or {removed}" if review.in_a_file else removed)
            + _again(review, _plan_again_here(saved))
        )


def _refuse_parts_edited(
    saved: Plan,
    fresh: Plan,
    fresh_by_address: dict[Address, Change],
    noted: Collection[Address],
    review: Review,
    apart: Collection[Address] = (),
) -> None:
    """Refuse the writes a part of which the fresh plan shows otherwise (`_refuse_edited`), but for
    those at `apart`: moved, which `check_not_stale` judges as such (a gateway not read now). `noted`:
    those whose held-form note, left out of `edited_parts`, the line proves edited."""
    parts_edited = [
        (change, parts)
        for change in saved.changes
        if change.action.writes
        and change.address not in apart
        and (parts := _parts_edited(change, fresh_by_address[change.address], saved, noted))
    ]
    taken = [
        change.address
        for change, parts in parts_edited
        if _taken_read_otherwise(fresh_by_address[change.address], parts)
    ]
    if taken and review.in_a_file:
        raise StalePlanError(_taken_read_otherwise_said(taken, saved.made_by, fresh.made_by))
    edited = [f"{change.address} ({_parts_differ(parts)})" for change, parts in parts_edited]
    if edited and not review.in_a_file:
        raise StalePlanError(
            f"a plan made now shows writes otherwise than the plan shown, on entities that read as they "
            f"did: {listed(edited, '; ')}: what else the plan reads changed {review.since}"
        )
    if edited:
        raise StalePlanError(
            "the plan file shows its writes otherwise than a plan made now, on a platform that reads as it "
            f"did: {listed(edited, '; ')}: {_edited_or_other_version(saved.made_by, fresh.made_by)} "
            f"Run {plan_again(saved)} again"
        )


def _parts_edited(change: Change, fresh: Change, saved: Plan, noted: Collection[Address]) -> list[str]:
    """`edited_parts`, with `reason` where the held-form note the line ends with is the file's doing
    (apply/edited.py `held_notes_edited`)."""
    parts = edited_parts(change, fresh, saved.format_version)
    return sorted({*parts, "reason"}) if change.address in noted else parts


def _loggers_made_up(saved: Plan, fresh: Plan) -> list[tuple[str, list[str]]]:
    """The saved port settings whose cut-off notes name a logger that neither the saved plan nor the
    plan made now holds on that THREAD (`Plan.thread_loggers`), each `{address}: its note names ...`
    with those loggers: written into the file, note and `loggers_cut_off` alike, which `edited_parts`
    cannot tell from a logger moved off the port since, as a `--target` plan holds no logger entries
    to hold it to; or a logger kept (not declared) that only such a note named, removed since, which
    reads alike. Said on its own: the platform may have changed."""
    known = saved.thread_loggers | fresh.thread_loggers
    said = []
    for change in saved.changes:
        named = loggers_reviewed(change, saved.format_version) if cut_off_notes(change) else ()
        unknown = [logger for logger in named if Address(logger) not in known or _elsewhere(logger, change)]
        if unknown:
            said.append(
                (
                    f"{change.address}: its note names {listed(unknown)}, which neither the plan nor the "
                    f"platform now knows as a logger of {change.address.connection}",
                    unknown,
                )
            )
    return said


def _elsewhere(logger: str, setting: Change) -> bool:
    """A logger of another THREAD than the one whose port `setting` sets."""
    return Address(logger).connection != setting.address.connection


def _taken_read_otherwise(fresh: Change, parts: list[str]) -> bool:
    """A sensor made again with its replaced device (a creation with a `before`, plan/diff.py
    `_made_again`) whose live fields alone read otherwise now: no fingerprint of it is held (its
    device's does not cover it), so its `before` is what tells."""
    return fresh.action is Action.CREATE and fresh.before is not None and parts == ["before"]


def _taken_read_otherwise_said(addresses: list[Address], saved_by: str, fresh_by: str) -> str:
    """Said of `_taken_read_otherwise` creations: the platform's doing, or the file's."""
    return (
        f"{listed(addresses)}, made again with {'its' if len(addresses) == 1 else 'their'} replaced "
        "device, reads otherwise on the platform than the plan file shows (a name or notes the new one "
        "is made without): changed since the plan was made (in the web app, say), "
        f"{_another_version(saved_by, fresh_by)}or the plan file was edited. Run iotplan plan again"
    )


def _parts_differ(parts: list[str]) -> str:
    """`its reason differs`, `its after and template differ`: the parts of a write, as its plan file
    keys them, that a plan made now shows otherwise."""
    return f"its {joined(parts)} differ" + ("s" if len(parts) == 1 else "")


def _cannot_count_now_said(
    said: list[str], changes: list[tuple[Change, Change]], rereads: bool, review: Review
) -> str:
    """A saved plan's refusal for counts unknown now (`said`), for why the fresh plan's read says
    (`changes`: each refused with its fresh self); of a plan shown, with no step of its own."""
    what = "what the plan's writes take" if rereads else "what the removals destroy"
    why = uncounted_said(
        (cause for _, now in changes for cause in now.uncounted_why or (None,)),
        rereads=rereads,
        grew=any(now.observations > change.observations for change, now in changes),
        plan_again=review.in_a_file,
    )
    return f"{what} cannot be counted now: {listed(said, '; ')}: {why}"


def _refuse_replacements_saved_unrecorded(saved: Plan, removals: list[tuple[Change, Change]]) -> None:
    """A replacement saved before plans recorded which of the sensors it makes again held data
    (format 1.10), whose recreated sensors hold data now: its review's record cannot tell whether
    they held it then, so it is refused as such, not as the platform changed. One whose count is
    only unknown now is said as such (`cannot_count_now`)."""
    if format_known(RECREATED_HOLDING_SINCE, saved.format_version):
        return
    unrecorded = [
        saved_change.address
        for saved_change, now in removals
        if saved_change.action is Action.REPLACE
        and (set(_started(saved_change, now)) & set(now.recreated)) - set(now.uncounted)
    ]
    if unrecorded:
        raise StalePlanError(
            f"this plan (format {saved.format_version}) was saved by an iotplan that did not record which "
            f"sensors a replaced device makes again held data, and {listed(unrecorded)} would now destroy "
            "data on such sensors: run iotplan plan again to review it"
        )


def counts_unknown_now(fresh: Change) -> tuple[Address, ...]:
    """The sensors a removal destroys that hold data only for their count being unknown now: the
    sensor removed, or those it takes whose count is (`uncounted`, which the plan made again
    records beside the counts above 0 of others). The one rule a saved plan and a recount
    before the writes decide by, so one event reads alike in both (apply/recount.py). Told apart
    from a sensor holding data now, reviewed holding none, which is told as a change."""
    if not fresh.observations_unknown:
        return ()
    if fresh.kind is Kind.SENSOR:
        return (fresh.address,)
    return fresh.uncounted


def _notes_not_reviewed(saved: Plan, fresh: Plan) -> list[str]:
    """The port-sharing, cut-off and history notes on the fresh plan's writes that the same write of
    the saved plan did not carry (another logger put on the port since, in the web app; a box under
    another THREAD, a namesake's first observation): the one warns of a `port:` typo, the next of
    readings a port setting stops, the last of a second device for one box or a history left behind,
    so a write any now concerns is not applied unreviewed. Asked once the writes are
    the saved plan's own; its other lines an apply no longer holds (`as_reviewed`), and writes none.
    A note naming only loggers the reviewed one named, fewer or in another order, was reviewed
    (`sharing_unshown`). A note's text edited in the file is `_refuse_edited`'s (apply/edited.py)."""
    version = saved.format_version
    reviewed = [change for change in saved.changes if change.action.writes]
    writes = [change for change in fresh.changes if change.action.writes]
    cut_off = _cut_offs_unshown(reviewed, writes, version)
    histories = _histories_unshown(reviewed, writes, version)
    return [said for _, said in notes_unshown(reviewed, writes, version)] + cut_off + histories


def _histories_unshown(reviewed: Iterable[Change], now: list[Change], version: str) -> list[str]:
    """The box and history notes on the new THREAD loggers and sensors of `now` that name one their
    `reviewed` line's did not (`histories_elsewhere`), each `{address}: {note}`: another THREAD
    holding the box since, a namesake that recorded its first observation. A plan saved before
    these were recorded (format 1.13) has them weighed as its text (apply/edited.py)."""
    if not format_known(NOTES_RECORDED_SINCE, version):
        return []
    histories = attrgetter("histories_elsewhere")
    return _naming_more(
        reviewed, now, histories, histories, lambda each: (*each.box_notes, *each.namesake_notes)
    )


def _cut_offs_unshown(reviewed: Iterable[Change], now: list[Change], version: str) -> list[str]:
    """The cut-off notes on the port settings of `now` whose loggers go beyond their `reviewed`
    line's (plan/edge.py `noted_beyond_review`, by the plan of `version`), each `{address}: {note}`:
    a logger put on the port since, or one the review named in doubt now cut off or in doubt for
    another reason, whose readings the setting would stop unreviewed. A logger gone from the port, or
    one reviewed as cut off now in doubt, was reviewed. A line of `now` cutting off no logger names
    none beyond its review: only the others' reviewed lines are read (`sharing_unshown`)."""
    cutting = [change for change in now if change.loggers_cut_off]
    asked = {change.address for change in cutting}
    shown = {change.address: loggers_noted(change, version) for change in reviewed if change.address in asked}
    return [
        f"{change.address}: {note}"
        for change in cutting
        if noted_beyond_review(change, shown.get(change.address, {}))
        for note in cut_off_notes(change)
    ]


def _naming_more(
    reviewed: Iterable[Change],
    now: Iterable[Change],
    named_reviewed: Callable[[Change], Iterable[str]],
    named_now: Callable[[Change], Iterable[str]],
    notes: Callable[[Change], Iterable[str]],
) -> list[str]:
    """The `notes` of each line of `now` whose notes name one (`named_now`) its `reviewed` line's did
    not (`named_reviewed`), each `{address}: {note}`: compared as sets, since fewer, or the same in
    another order, were reviewed. Only the reviewed lines of those naming one are read."""
    naming = [(change, named) for change in now if (named := frozenset(named_now(change)))]
    asked = {change.address for change, _ in naming}
    shown = {
        change.address: frozenset(named_reviewed(change)) for change in reviewed if change.address in asked
    }
    return [
        f"{change.address}: {note}"
        for change, named in naming
        if not named <= shown.get(change.address, frozenset())
        for note in notes(change)
    ]


def notes_unshown(
    reviewed: Iterable[Change], now: list[Change], version: str = FORMAT_VERSION
) -> list[tuple[Address, str]]:
    """The port-sharing notes on the lines of `now` that name a logger their `reviewed` line's did
    not (`sharing_unshown`; `reviewed` of a plan in format `version`), by address: each
    `{address}: {note}`."""
    unseen = sharing_unshown(reviewed, now, version)
    return [
        (change.address, f"{change.address}: {note}")
        for change in now
        if change.address in unseen
        for note in port_sharing_notes(change)
    ]


def _copies_not_reviewed(saved: Plan, fresh: dict[Address, Change]) -> list[str]:
    """The web-app copies of declared entities that a saved removal now takes and its change does
    not record (a plan saved before iotplan named them, one saved before the copy was made, or one
    cut by hand), each as the fresh plan names it: the review showed the removal without the copy a
    colleague works with, so approving it approved something else than would be done."""
    said = []
    for change in saved.changes:
        if not change.action.destroys:
            continue
        now = fresh[change.address]  # a removal the fresh plan lacks is refused before, as moved
        missing = [copy for copy in now.copies_taken if copy not in change.copies_taken]
        if missing:
            said.append(
                f"{change.action} {change.address} takes " + listed(_copies_named(now, missing), "; ")
            )
    return said


def _copies_named(removal: Change, copies: list[tuple[Address, Address]]) -> list[str]:
    """Each copy as the removal's reason names it, with the declared one, its refId and what it holds
    (plan/duplicates.py `naming_copies`); one the reason leaves uncounted by its address alone."""
    named = removal.reason.partition("; takes ")[2].split("; ")
    return [
        next((each for each in named if each.startswith(f"{copy}, a copy of {declared} (")), None)
        or f"{copy}, a copy of {declared}"
        for copy, declared in copies
    ]


def _copies_not_reviewed_said(copies: list[str], version: str, review: Review) -> str:
    why = (
        "the plan now takes web-app copies of declared entities that its review did not show"
        if format_known(COPIES_TAKEN_SINCE, version)
        else f"this plan (format {version}) was saved by an iotplan that did not name the web-app copies "
        "its removals take"
    )
    return f"{why}: {listed(copies, '; ')}" + _again(review, "Run iotplan plan again to review it", ". ")


def _unread_gateways(saved: Plan, fresh: dict[Address, Change]) -> dict[Address, Change]:
    """The gateways the saved plan writes settings to that the fresh plan could not read (asleep,
    unreachable, unreadable: pending), each with its pending change. Their settings are missing
    from the fresh plan for that alone: nothing says they changed."""
    return {address: fresh[address] for address in _settings_written(saved) if _pending(fresh.get(address))}


def _refused_gateways(saved: Plan, fresh: dict[Address, Change]) -> dict[Address, Change]:
    """The gateways the saved plan writes settings to where another THREAD answers now (refused,
    identity mismatch), each with its refused change: their settings were not read from the box
    the plan was made against."""
    return {
        address: change
        for address in _settings_written(saved)
        if (change := fresh.get(address)) is not None and change.action is Action.REFUSED
    }


def _refused_now(refused: dict[Address, Change], saved: Plan, review: Review) -> str:
    settings = _settings_written(saved)
    said = [
        f"{address} is refused ({refused[address].reason}), where the plan writes "
        + counted(settings[address], "setting")
        for address in sorted(refused)
    ]
    box = "another THREAD answers" if len(refused) == 1 else "other THREADs answer"
    then = "nothing is written; run iotplan plan again once the node's gateway answers at its edge.host"
    return f"{listed(said, '; ')}: {box} where the plan was made against its node's own" + _again(
        review, then
    )


def _settings_written(saved: Plan) -> Counter[Address]:
    """How many settings the plan writes, by the address of their gateway (`node/edge`)."""
    return Counter(
        change.address.parent
        for change in saved.changes
        if change.kind is Kind.EDGE and change.action.writes and change.address.parent is not None
    )


def _pending(change: Change | None) -> bool:
    return change is not None and change.action is Action.PENDING


def _not_checked(unread: dict[Address, Change], held: list[Change], saved: Plan, review: Review) -> str:
    """A refusal that names why the writes could not be checked: planned again, they would not be
    made either (pending), so the advice is to wait for the gateway."""
    settings = _settings_written(saved)
    said = [
        f"{address} is pending ({unread[address].reason}), where the plan writes "
        + counted(settings[address], "setting")
        for address in sorted(unread)
    ]
    said += [f"{change.address} is pending ({change.reason})" for change in held]
    gateways = {address.parent for address in unread} | {change.connection for change in held}
    gateway = "the gateway answers" if len(gateways) == 1 else "the gateways answer"
    checked = f"{listed(said, '; ')}: what the plan writes there could not be checked against it"
    if not review.in_a_file:
        return f"{checked} once `yes` was typed"
    return f"{checked}: apply the plan again when {gateway}"


def check_manifest_unchanged(saved: Plan, digest: str) -> None:
    """Refuse when the manifest, as rendered now (`digest`), is not the one the plan was made from.
    A cheap read of its files: checked before the platform is read, so a manifest that could no
    longer be planned (a renamed stack, an unset secret) is told as what it is, a stale plan."""
    if saved.manifest.digest != digest:
        raise StalePlanError(
            f"{_manifest_named(saved.manifest)} changed since the plan was made: "
            f"run {plan_again(saved)} again"
            f"{_where_read(saved.manifest)}"
        )


def check_settings_as_declared(
    saved: Plan, declared: Mapping[Address, Mapping[str, Any]], made_by: str
) -> None:
    """Refuse a saved write to a gateway setting that is not what the manifest declares for it, or
    whose `before` the file alone shows edited (`_undeclared_write`): the manifest is the one the plan
    was made from (`check_manifest_unchanged`), so no gateway read can make it right, and a refusal
    waiting for the gateway to answer, or blaming it, would mislead.
    `declared`: by gateway (`{node}/edge`), the settings its `edge:` block declares."""
    unlike = [said for change in saved.writes if (said := _undeclared_write(change, declared))]
    if unlike:
        raise StalePlanError(
            f"the plan writes {listed(unlike, '; ')}: {_edited_or_other_version(saved.made_by, made_by)} "
            f"Run {plan_again(saved)} again"
        )


def _undeclared_write(change: Change, declared: Mapping[Address, Mapping[str, Any]]) -> str | None:
    """`38400 to t1/edge/port1.baud_rate, where the manifest declares 19200`; for a write the
    manifest declares, what its `before` shows edited (`_held_already`, `_line_unlike_its_before`);
    None for a write as declared, or not a setting of a gateway it declares. Each value the file
    holds for it is asked, its `after` and its fields' (the line its review showed), by its JSON
    text: 19200.0 and "19200" are not the manifest's 19200 to a reader of the file, nor to the gateway."""
    gateway = change.address.parent
    settings = declared.get(gateway) if change.kind is Kind.EDGE and gateway is not None else None
    if settings is None:
        return None
    wanted = settings.get(change.address.name, _UNHELD)
    shown = [field.after for field in change.fields if not field.sensitive]
    unlike = [value for value in (setting_value(change), *shown) if not _written_as_declared(value, wanted)]
    if unlike:
        return f"{_value_said(unlike[0], wanted)} to {change.address}, where the manifest declares " + (
            "none" if wanted is _UNHELD else _value_said(wanted, unlike[0])
        )
    return _held_already(change) or _line_unlike_its_before(change)


def _line_unlike_its_before(change: Change) -> str | None:
    """`19200 to t1/edge/port1.baud_rate, where its line shows the gateway holds 4800 but its before
    9600`: an update (not a forced write, whose line shows nothing read) whose field's `before` is
    not the entry's, both written from one read, so one was edited in the file; None otherwise."""
    if change.action is not Action.UPDATE or change.cause is Cause.FORCED_WRITE:
        return None
    held = (change.before or {}).get("value")
    for field in change.fields:
        if not field.sensitive and json.dumps(field.before) != json.dumps(held):
            return (
                f"{json.dumps(field.after)} to {change.address}, where its line shows the gateway holds "
                f"{json.dumps(field.before)} but its before {json.dumps(held)}"
            )
    return None


def _held_already(change: Change) -> str | None:
    """`19200 to t1/edge/port1.baud_rate, where it shows the gateway holds 19200`: an update whose
    field reads as it writes it, which a plan never makes (it writes what reads otherwise), so its
    `before` was edited in the file; None for any other write."""
    if change.action is not Action.UPDATE:
        return None
    for field in change.fields:
        if not field.sensitive and _written_as_declared(field.before, field.after):
            said = json.dumps(field.after)
            return f"{said} to {change.address}, where it shows the gateway holds {json.dumps(field.before)}"
    return None


def _written_as_declared(value: Any, wanted: Any) -> bool:
    """Alike as read (`_read_alike`), and of one JSON type: a number as a number, a whole one as a
    whole one (`1`, `1.0` and `true` are equal to Python, not to a reader of the file)."""
    if not _read_alike(value, wanted):
        return False
    kinds = (_json_kind(value), _json_kind(wanted))
    return None in kinds or (kinds[0] == kinds[1] and isinstance(value, float) == isinstance(wanted, float))


def _json_kind(value: Any) -> str | None:
    """What a value is to a reader of the file: `text`, `a number`; None for one JSON has no type for."""
    if isinstance(value, bool):
        return "a flag"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return None


def _value_said(value: Any, beside: Any) -> str:
    """A value as the file holds it, naming its type where `beside` is of another: `"19200" (text)`."""
    said = json.dumps(value)
    kinds = (_json_kind(value), _json_kind(beside))
    return f"{said} ({kinds[0]})" if None not in kinds and kinds[0] != kinds[1] else said


def _where_read(source: ManifestSource) -> str:
    """A relative path is read from the current folder: in another checkout than plan's it names
    another file, which may be all that differs."""
    inputs = (source.path, source.vars_file, source.sites_file)
    relative = [path for path in inputs if path and path != "-" and not os.path.isabs(path)]
    if not relative:
        return ""
    named = joined([masked_in_place(path) for path in relative])  # the plan keeps them whole, to read
    return (
        f" (apply read {named} in {os.getcwd()}: a plan made in another checkout or folder "
        "is applied from there, where its files are)"
    )


def with_token_digests(plan: Plan, lookup: SecretLookup) -> Plan:
    """The plan with a digest of each token its writes set, each salted on its own, which
    `check_tokens_unchanged` compares when it is applied from its file. Its fields hold the token's
    reference, and the environment of the apply may give it another value than the plan's did (a
    production job's against a pull request's)."""
    # Looked for among the writes only, and the plan remade only when one sets a token: a fleet's
    # plan is 100,000 in-sync entities, and this runs for every plan an apply makes.
    setting = [change for change in plan.changes if change.action in WRITING and token_set_by(change)]
    digested = {id(change): _with_digest(change, lookup) for change in setting}
    if not digested:
        return plan
    return dataclasses.replace(
        plan, changes=tuple(digested.get(id(change), change) for change in plan.changes)
    )


def _with_digest(change: Change, lookup: SecretLookup) -> Change:
    """A salt of its own: two connections given one token are not told alike by their digests."""
    value = lookup(str(token_set_by(change)))
    if value is None:
        return change
    return dataclasses.replace(change, secret_digest=secret_digest(value, new_salt()))


def token_set_by(change: Change) -> str | None:
    """The reference of the token a write sets: a creation's, or one an update changes. An update
    of other fields resends the token the platform holds, as compared when planned: a fresh plan
    finds it when the environment gives another, as a write the saved plan lacks."""
    reference = (change.after or {}).get("auth_token")
    if reference is None or not change.action.writes:
        return None
    if change.action is Action.UPDATE and not any(field.path == "auth_token" for field in change.fields):
        return None
    return str(reference)


def check_tokens_unchanged(saved: Plan, lookup: SecretLookup) -> None:
    """Refuse a saved plan whose writes would now set a token other than the one reviewed, one too
    short for the plan to record (secrets.py says why), or one whose record was cut from the file
    (the token given now is long enough to have been recorded). Reads the environment only, so it is
    told before the platform is read. Each recorded token is compared, whatever the plan's format:
    a plan saved before iotplan recorded them (format 1.4 and older) records none, and a token it
    writes is whatever the environment holds (its reader refuses a 1.5 plan relabelled older)."""
    unrecorded = _unrecorded_tokens(saved)
    missing = [said for said, reference in unrecorded if _recordable(lookup(reference))]
    if missing:
        raise StalePlanError(_digests_missing_said(missing))
    short = [said for said, _ in unrecorded]
    if short:
        raise StalePlanError(
            f"{short_tokens_said(short)}. Apply the manifest itself (`iotplan apply`, which shows the plan "
            "it applies and asks), or set a longer token and plan again"
        )
    # An unset one is refused by the fresh plan, by its name, as a plan that needs it is.
    differ = [
        f"{change.address} ({shown_reference(reference)})"
        for change, reference in _token_writes(saved)
        if change.secret_digest is not None
        and (value := lookup(reference)) is not None
        and not digest_matches(change.secret_digest, value)
    ]
    if differ:
        raise StalePlanError(
            f"a token differs from when the plan was made ({listed(differ)}): the environment gives it "
            "another value than the one reviewed: run iotplan plan again with the token to write"
        )


def short_tokens_said(short: list[str]) -> str:
    return (
        f"this plan writes a token shorter than {SHORTEST_DIGESTED} characters ({listed(short)}): a saved "
        "plan records none so short, as anyone who can read the plan could find it by trying values, so "
        "its apply cannot tell it is the token reviewed"
    )


def _digests_missing_said(missing: list[str]) -> str:
    return (
        f"this plan records no secret_digest for the token it writes to {listed(missing)}, where a plan "
        f"records one for every token of {SHORTEST_DIGESTED} characters or more, and the environment gives "
        "one that long now: the plan file was edited (its secret_digest deleted), or the token was "
        "shorter when the plan was made: run iotplan plan again"
    )


def _recordable(value: str | None) -> bool:
    """A token long enough that a plan made with it records its digest (secrets.py `secret_digest`).
    One unset now tells nothing of the token planned: refused as too short, as it always was."""
    return value is not None and len(value) >= SHORTEST_DIGESTED


def short_tokens(plan: Plan) -> list[str]:
    """The writes whose token was too short to record, as `address (reference)`: their saved plan
    is refused. None in a plan saved before iotplan recorded tokens, which records none."""
    return [said for said, _ in _unrecorded_tokens(plan)]


def _unrecorded_tokens(plan: Plan) -> list[tuple[str, str]]:
    """The writes whose token the plan records no digest of, each as `address (reference)` with
    the token's reference: a token too short to record, or a digest cut from the file."""
    if not format_known(TOKEN_DIGESTS_SINCE, plan.format_version):
        return []
    return [
        (f"{change.address} ({shown_reference(reference)})", reference)
        for change, reference in _token_writes(plan)
        if not change.secret_digest
    ]


def _token_writes(plan: Plan) -> list[tuple[Change, str]]:
    return [(change, reference) for change in plan.changes if (reference := token_set_by(change))]


def _manifest_named(source: ManifestSource) -> str:
    """The manifest as the user gave it. Its digest is of the text rendered from all its inputs,
    so which of them changed is not known: a rendered one is named with every file it reads."""
    inputs = [_file_named(path) for path in (source.vars_file, source.sites_file) if path]
    if not inputs:
        return f"the manifest {masked_in_place(source.path)}"
    return f"the rendered manifest ({masked_in_place(source.path)} with {' and '.join(inputs)})"


def _file_named(path: str) -> str:
    return "standard input" if path == "-" else masked_in_place(path)  # the plan keeps it whole, to read


def _changed_since(
    moved: list[Address], saved: Plan, plan: Plan, fresh: dict[Address, Change], review: Review = SAVED
) -> str:
    """Which changed: the platform, or the plan file. A token that alone differs may be the
    environment's doing (a rotated secret), not the platform's: iotplan cannot tell which, and says so.
    `plan`: the fresh plan (`fresh`, by address), made with the saved plan's options by an iotplan
    (`made_by`) that may plan otherwise than the saved one's. Of a plan shown, made by this iotplan
    with the environment read now, whatever moved the platform (or a gateway) moved."""
    made_by = plan.made_by
    saved_by_address = {change.address: change for change in saved.writes}  # all an apply holds
    if not review.in_a_file:
        return f"{_read_from(moved, {**fresh, **saved_by_address})} changed {review.since} ({listed(moved)})"
    secrets, edited, unplanned, shifted, rest, masked = _moved_why(moved, saved, plan, fresh)
    refingerprinted = [
        a for a in rest if _fingerprinted_otherwise(saved, saved_by_address.get(a), fresh.get(a))
    ]
    platform = [a for a in rest if a in saved_by_address and a not in refingerprinted]
    unshown = [a for a in platform if _fingerprint_alone_differs(saved, saved_by_address[a], fresh.get(a))]
    platform = [a for a in platform if a not in unshown]
    # In sync when planned and changed since, or cut from the file: what the plan read of it tells.
    changed_there = _read_otherwise_since([a for a in rest if a not in saved_by_address], saved, fresh)
    lacking = [a for a in rest if a not in saved_by_address and a not in changed_there]
    said = [_nothing_there_said(unplanned, saved_by_address, saved.made_by, made_by)] if unplanned else []
    if changed_there:
        said.append(_read_otherwise_said(changed_there, fresh, saved, made_by))
    if refingerprinted:
        said.append(
            f"this plan (format {saved.format_version}) was made by an earlier iotplan, which fingerprinted "
            f"entities otherwise, or {_read_from(refingerprinted, saved_by_address)} changed since "
            f"({listed(refingerprinted)})"
        )
    if unshown:
        said.append(_fingerprint_alone_said(unshown, saved_by_address))
    if platform or shifted:
        where = _read_from([*platform, *shifted], saved_by_address)
        moved_said = [
            *(_held_forms_said(a, saved_by_address[a], fresh.get(a), saved.format_version) for a in platform),
            *(f"{a} now at {there}" for a, there in shifted.items()),
        ]
        said.append(
            f"{where} changed since the plan was made ({listed(moved_said)}{_why_shifted(shifted)}), "
            + _BY_WHOM
        )
    if lacking:
        said.append(
            f"the plan holds no write for {listed(lacking)}: either {_read_from(lacking, fresh)} changed "
            f"there since the plan was made, {_another_version(saved.made_by, made_by)}or the plan file "
            "was edited or cut"
        )
    said += [_masked_said(address, fields) for address, fields in masked.items()]
    if secrets:
        said.append(
            f"a token differs from when the plan was made ({listed(secrets)}): its ${{env:...}} variable "
            "or the platform's token changed"
        )
    if edited:  # last: its question ends the sentence
        said.append(
            f"the plan does not hold what the manifest now needs ({listed(edited)}): "
            + _edited_or_other_version(saved.made_by, made_by)
        )
        return "; ".join(said) + f" Run {plan_again(saved)} again"
    return "; ".join(said) + f": run {plan_again(saved)} again"


def _masked_said(address: Address, fields: list[str]) -> str:
    """Said of a write whose value shown masked alone differs (apply/edited.py `masked_alone_differs`):
    neither the platform's change nor the file's edit, and no plan made again tells, as it masks it
    alike; set in the web app, the value is shown, and compared."""
    its = joined(fields)
    return (
        f"{address}: the plan shows its {its} masked, (sensitive), and a masked value cannot be compared "
        "with what the platform holds now, so whether this is still the write reviewed cannot be told, and a "
        f"plan made again masks it alike: set {its} of {address} in the platform's web app (as the manifest "
        "declares it, or without the credential-like text that is masked) first"
    )


def _read_otherwise_since(
    addresses: list[Address], saved: Plan, fresh: dict[Address, Change]
) -> dict[Address, list[str]]:
    """The writes of the plan made now on entities the saved plan held in sync, each with the
    fields it writes whose value the platform no longer holds as the saved plan's file says it read
    them (by the key the manifest gives them: `zero_date`, `metrics`; a THREAD setting's `value`):
    a value either holds and the other not (cleared since, a null not written) differs too. None
    where the saved plan held no such entry (cut from the file) or read each value so (a write the
    file turned into a no-op, or an iotplan that plans otherwise), and none where its file no longer
    holds the plan reviewed (`_in_sync_as_reviewed`). The file alone cannot prove its values were
    read: `_read_otherwise_said` keeps its edit as a cause."""
    from iotplan.render.json_plan import change_as_saved  # which reads apply/stale.py's formats

    asked = {}
    for address in addresses:
        now = fresh.get(address)
        if now is not None and now.fields:
            before = change_as_saved(now)["before"] or {}
            asked[address] = {key: before.get(key, _UNHELD) for key in _keys_written(now)}
    read = _in_sync_as_reviewed(saved.file, set(asked)) if asked else {}
    otherwise: dict[Address, list[str]] = {}
    for address, values in asked.items():
        if address in read:
            was = read[address]
            differ = [key for key, value in values.items() if not _read_alike(was.get(key, _UNHELD), value)]
            if differ:
                otherwise[address] = differ
    return otherwise


_UNHELD = object()  # a value a read holds no key for: a prop cleared, or never set


def _keys_written(change: Change) -> list[str]:
    """The keys of its `before` a write's fields set: a field path's first part (`metrics` of
    `metrics[0].unit`), or a THREAD setting's one `value` (its path is `port1.baud_rate`)."""
    if change.kind is Kind.EDGE:
        return ["value"]
    return list(dict.fromkeys(field.key for field in change.fields))


def _in_sync_as_reviewed(file: SavedFile | None, addresses: set[Address]) -> dict[Address, dict[str, Any]]:
    """What the saved plan read of these entities, held in sync, by address: its file read again. An
    apply holds a saved plan's writes alone (commands/apply.py `as_reviewed`), and only a refusal
    asks, so only a refusal reads it again. None read where its file no longer holds the plan whose
    digest the apply showed (edited, replaced or gone since), or no file holds it (a plan shown)."""
    again = file.read_again() if file is not None else None
    if again is None:
        return {}
    return {
        change.address: change.before
        for change in again.changes
        if change.action is Action.NOOP and change.before is not None and change.address in addresses
    }


def _read_alike(saved: Any, now: Any) -> bool:
    """A value as the saved plan read it and as a plan made now reads it (as its file would write
    it): a list or map alike by its JSON, as a file holds it, a text, number, flag or null as it is;
    one held and one not (`_UNHELD`) never alike."""
    if saved is _UNHELD or now is _UNHELD:
        return saved is now
    if isinstance(saved, list | dict | tuple) or isinstance(now, list | dict | tuple):
        return _as_json(saved) == _as_json(now)
    return bool(saved == now)


def _as_json(value: Any) -> bytes:
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # an integer past 64 bits
        return json.dumps(value, sort_keys=True, default=str).encode()


def _read_otherwise_said(
    changed: dict[Address, list[str]], fresh: dict[Address, Change], saved: Plan, made_by: str
) -> str:
    """Said of `_read_otherwise_since`: which entity and which of its values read otherwise now than
    the plan file says. The platform's change, unless the file was edited before this apply read it
    (the digest it showed then is to be compared with its review's), or the iotplan that made it
    reads otherwise (`_another_version`)."""
    where = _read_from(list(changed), fresh)
    named = [f"{address}: its {joined(keys)}" for address, keys in changed.items()]
    reads = "reads" if len(changed) == 1 else "read"
    assert saved.file is not None  # what it read is read again only from a file of the digest shown
    digest = saved.file.digest
    return (
        f"{counted(len(changed), 'entity')} the plan held in sync {reads} otherwise now than the plan file "
        f"says {where} held ({listed(named, '; ')}): either {where} changed since the plan was made, in the "
        f"web app or by another writer, {_another_version(saved.made_by, made_by)}or the plan file was "
        f"edited (compare the digest above, {digest}, with its review's)"
    )


def fence_selects_nothing_said(patterns: Sequence[str], shifted: Mapping[Address, Address]) -> str:
    """Said when a saved plan's own --target or --exclude selects nothing now. Each selected something
    when it was planned (`plan` refuses one that does not) and the manifest is unchanged (checked
    before the platform is read): the platform changed, removing what it named or renaming it (a
    sibling whose refId ends alike came or went, so a `#` and short id came or went too). `shifted`:
    the saved writes found renamed so (`shifted_outside_the_fence`), each with where it stands now,
    said as a plan made without a fence says them (`_changed_since`)."""
    match = "matches" if len(patterns) == 1 else "match"
    now_at = listed([f"{a} now at {there}" for a, there in shifted.items()])
    where = f" ({now_at}{_why_shifted(shifted)})" if shifted else ""
    return (
        f"the plan was made with {listed(list(patterns))}, which {match} nothing the platform holds now: "
        f"the platform changed since the plan was made{where}, {_BY_WHOM}: "
        "run iotplan plan again"
    )


def shifted_outside_the_fence(saved: Plan, unfenced: Plan) -> dict[Address, Address]:
    """The saved writes whose live entity `unfenced`, a plan made now without the saved plan's
    --target and --exclude (which select nothing now), names a `#` and short id away, each with that
    address (`_shifted_by_short_id`): the fence named the entity where it no longer stands. And each
    of the fence's own addresses so (`_fence_shifted`): an entity --exclude names is no write."""
    saved_by_address = {change.address: change for change in saved.writes}
    fresh = {change.address: change for change in unfenced.changes}
    shifted = _shifted_by_short_id(list(saved_by_address), saved_by_address, unfenced, fresh)
    return shifted | _fence_shifted(saved, unfenced, fresh)


def _fence_shifted(saved: Plan, unfenced: Plan, fresh: Mapping[Address, Change]) -> dict[Address, Address]:
    """Each --target or --exclude of the saved plan that is an address with a `#` and short id (no
    glob), standing nowhere now, with the address the live entity of that short id stands at now
    (`_apart_by_short_ids`). The fence's own key carries that entity's short id: a fence names no
    live id, and a sibling ending alike, of a short id of its own, is a different entity."""
    named = [
        Address(glob)
        for glob in (*saved.options.targets, *saved.options.excludes)
        if "#" in glob and not is_a_pattern(glob) and Address(glob) not in fresh
    ]
    if not named:  # nearly always
        return {}
    found: dict[Address, Address] = {}
    for change in unfenced.changes:
        for address in named:
            if (
                change.live_id
                and _carries_own_short_id(address, change.live_id)
                and _apart_by_short_ids(address, change.address, change.live_id)
            ):
                found.setdefault(address, change.address)
    return found


def _carries_own_short_id(address: Address, live_id: str) -> bool:
    _, mark, short = address.name.partition("#")
    return bool(mark) and short == short_id(live_id)


# Whose change a saved plan found: re-applied after a run of it was killed (or once it was applied
# whole), its own writes read as a change since the review, as another writer's do.
_BY_WHOM = (
    "by another writer or by an earlier apply of this plan, which may have been cut short or may have "
    "applied it already (iotplan cannot tell which)"
)


class _Why(NamedTuple):
    """The moved writes (`_moved`) by what `_changed_since` can say of them."""

    secrets: list[Address]  # a token alone differs: the environment's doing, or the platform's
    edited: list[Address]  # the file's: its entity reads as it did, or its own fence leaves it out
    unplanned: dict[Address, Address | None]  # the file's: nothing is there (`_nothing_there`)
    # The platform's: a sibling ending alike came or went, so a `#short id` did (`_shifted_by_short_id`).
    shifted: dict[Address, Address]
    rest: list[Address]  # the platform's, or either's
    # Neither's to tell: a value shown masked alone differs, which no file can be compared by.
    masked: dict[Address, list[str]]


def _moved_why(moved: list[Address], saved: Plan, plan: Plan, fresh: dict[Address, Change]) -> _Why:
    saved_by_address = {change.address: change for change in saved.writes}
    secrets = [a for a in moved if _only_a_secret_differs(saved_by_address.get(a), fresh.get(a))]
    masked = {
        a: fields
        for a in moved
        if a not in secrets and a in saved_by_address
        if (fields := masked_alone_differs(saved_by_address[a], fresh.get(a)))
    }
    edited = [
        a
        for a in moved
        if a not in secrets
        and a not in masked
        and (_platform_unchanged(saved_by_address, fresh.get(a)) or _fenced_off(a, plan.options, fresh))
    ]
    rest = [a for a in moved if a not in secrets and a not in edited and a not in masked]
    shifted = _shifted_by_short_id(rest, saved_by_address, plan, fresh)
    unplanned = _nothing_there([a for a in rest if a not in shifted], saved_by_address, plan, fresh)
    # Each write, and where its entity stands.
    told = {*shifted, *shifted.values(), *unplanned, *filter(None, unplanned.values())}
    return _Why(secrets, edited, unplanned, shifted, [a for a in rest if a not in told], masked)


def _shifted_by_short_id(
    addresses: list[Address],
    saved_by_address: dict[Address, Change],
    plan: Plan,
    fresh: dict[Address, Change],
) -> dict[Address, Address]:
    """The saved writes whose live entity the plan made now names at an address that differs by a
    `#` and short id alone (`logger-2#7668D8`, now `logger-2`), each with that address: an entity of
    the stack takes its short id while a sibling's refId ends as its own (ownership.py
    `child_address`), so another writer added or removed one. No edit of the file moves it so."""
    by_live_id = {change.live_id: change.address for change in plan.changes if change.live_id}
    found: dict[Address, Address] = {}
    for address in addresses:
        live_id = write.live_id if (write := saved_by_address.get(address)) is not None else None
        now = by_live_id.get(live_id) if live_id else None
        if (
            live_id
            and now is not None
            and address not in fresh
            and _apart_by_short_ids(address, now, live_id)
        ):
            found[address] = now
    return found


def _apart_by_short_ids(saved: Address, now: Address, live_id: str) -> bool:
    """Two addresses alike once the `#` and short id a key carries is dropped from each part (an
    entity the stack does not own, all `#` and short id, is left as it is), the one whose own key
    carries it carrying the entity's own short id, as the plan gives it."""
    if saved == now or saved.depth != now.depth:
        return False
    own = f"#{short_id(live_id)}"
    if saved.name != now.name and not any(name.endswith(own) for name in (saved.name, now.name)):
        return False
    return all(_key_alone(a) == _key_alone(b) for a, b in zip(saved.parts, now.parts, strict=True))


def _key_alone(part: str) -> str:
    key, _, _ = part.partition("#")
    return key or part


def _nothing_there(
    addresses: list[Address],
    saved_by_address: dict[Address, Change],
    plan: Plan,
    fresh: dict[Address, Change],
) -> dict[Address, Address | None]:
    """The saved writes at an address the plan made now holds nothing at that only the file can have
    put there, each with the address where that plan writes the live entity it names (None for a
    creation, which names none). The manifest, unchanged, declares nothing there (a declared entity
    is planned, created at least), and nothing stands there: a creation names no live entity (no id,
    no fingerprint of one read), and one that names an entity the plan made now reads elsewhere as it
    was (its fingerprint) names one standing elsewhere. A removal whose entity is read nowhere now was
    removed since: the platform's."""
    absent = [address for address in addresses if address in saved_by_address and address not in fresh]
    if not absent:  # nearly always: each saved write has its fresh self
        return {}
    by_live_id = {change.live_id: change for change in plan.changes if change.live_id}
    found: dict[Address, Address | None] = {}
    for address in absent:
        write = saved_by_address[address]
        now = by_live_id.get(write.live_id) if write.live_id else None
        if write.live_id is None and write.fingerprint is None:
            found[address] = None
        elif now is not None and now.fingerprint == write.fingerprint:
            found[address] = now.address
    return found


def _why_shifted(shifted: Mapping[Address, Address]) -> str:
    if not shifted:
        return ""
    return (
        ": an address holds its `#` and short id while a sibling's refId ends alike, and such a "
        "sibling came or went"
    )


def _nothing_there_said(
    unplanned: dict[Address, Address | None],
    saved_by_address: dict[Address, Change],
    saved_by: str,
    fresh_by: str,
) -> str:
    """Said of writes `_nothing_there` finds: the file's doing, or where the versions differ, that of
    an iotplan that may plan otherwise (an address of its own for an entity)."""
    writes = [
        f"{a} (the entity it names stands at {there})" if there else a for a, there in unplanned.items()
    ]
    where = _read_from(list(unplanned), saved_by_address)
    there = f"writes {listed(writes)}, where the manifest declares nothing and nothing stands on {where}"
    if saved_by == fresh_by:
        return f"the plan file was edited: it {there}"
    return f"the plan {there}: {_another_version(saved_by, fresh_by)}or the plan file was edited"


def _fingerprint_alone_differs(saved: Plan, reviewed: Change, fresh: Change | None) -> bool:
    """A write the fresh plan shows as the file does but for its fingerprint: the live entity reads
    otherwise only in what no part of the plan shows, or the file's fingerprint was edited."""
    return (
        fresh is not None
        and edited_parts(reviewed, fresh, saved.format_version) == ["fingerprint"]
        and not held_forms_changed(reviewed, fresh, saved.format_version)  # shown: `_held_forms_said`
    )


def _held_forms_said(address: Address, reviewed: Change, fresh: Change | None, version: str) -> str:
    """A write read otherwise now, named with how the platform holds a prop it resends otherwise than
    the plan noted (apply/edited.py `held_forms_changed`): an update's own fingerprint tells that."""
    held = held_forms_changed(reviewed, fresh, version) if fresh is not None else []
    return f"{address}: {', '.join(held)}" if held else str(address)


def _fingerprint_alone_said(addresses: list[Address], saved_by_address: dict[Address, Change]) -> str:
    """Said of writes whose fingerprint alone differs: which changed, the file or the entity, iotplan
    cannot tell (a fingerprint holds every prop, the plan shows those a manifest sets), so both."""
    where, them = _read_from(addresses, saved_by_address), "it" if len(addresses) == 1 else "them"
    masked = any(_shows_masked(saved_by_address.get(address)) for address in addresses)
    return (
        f"the fingerprint the plan file holds for {listed(addresses)} does not match what {where} holds "
        f"now, though every value the plan shows of {them} reads as it did: either the plan file was edited, "
        f"or {where} changed since the plan was made in what the plan does not show (a prop no manifest "
        f"sets, {'a password the plan shows masked, ' if masked else ''}or a change undone since)"
    )


def _shows_masked(change: Change | None) -> bool:
    """A write whose entity the plan shows with a value masked, `(sensitive)@host` or `(sensitive)`
    whole, in a field that is no secret (a token is told apart, `_only_a_secret_differs`): the
    password behind the mask is left out of the fingerprint too, so it may be what changed."""
    before = (change.before if change is not None else None) or {}
    return any(shows_masked_text(value) for name, value in before.items() if name not in SECRET_FIELDS)


def _read_from(addresses: list[Address], changes: Mapping[Address, Change]) -> str:
    """Whose state the plan read at these addresses: a THREAD's own settings are its gateway's."""
    edge = [c for a in addresses if (c := changes.get(a)) is not None and c.kind is Kind.EDGE]
    if not edge:
        return "the platform"
    if len(edge) < len(addresses):
        return "the platform or a gateway"
    return "the gateway" if len({c.connection for c in edge}) == 1 else "the gateways"


def _edited_or_other_version(saved_by: str, fresh_by: str) -> str:
    """Why the writes differ on a platform that did not: the file, or an iotplan that plans otherwise
    (the plan and the apply jobs of a pipeline may install different versions)."""
    if saved_by == fresh_by:
        return "was the plan file edited or cut?"
    return f"{_another_version(saved_by, fresh_by)}or the plan file was edited or cut."


def _another_version(saved_by: str, fresh_by: str) -> str:
    if saved_by == fresh_by:
        return ""
    made = f"the plan was made by {_iotplan(saved_by)} and this is {_iotplan(fresh_by)}"
    return f"{made}, which may plan otherwise, "


def _iotplan(version: str) -> str:
    return f"iotplan {version}" if version else "an iotplan of unknown version"


def _platform_unchanged(saved_by_address: dict[Address, Change], fresh: Change | None) -> bool:
    """The live entity reads as when planned, so the writes differ by the plan file alone: its
    planned write was read with the same fingerprint, or it is created under a connection the plan
    creates too (absent then, as now). An address the plan lacks otherwise may have been in sync."""
    if fresh is None:
        return False
    before = saved_by_address.get(fresh.address)
    if before is not None:
        if before.fingerprint is None:  # no live entity read (a creation, a gateway setting): it stays one
            return fresh.action is Action.CREATE
        # Whatever the action (the file's or a version's doing); the count too, which no fingerprint holds.
        return (before.fingerprint, before.observations) == (fresh.fingerprint, fresh.observations)
    connection = saved_by_address.get(Address(fresh.connection))
    return fresh.action is Action.CREATE and connection is not None and connection.action is Action.CREATE


def _fingerprinted_otherwise(saved: Plan, before: Change | None, fresh: Change | None) -> bool:
    """A write of a plan older than this iotplan's fingerprints (FINGERPRINTS_SINCE) that differs by
    its fingerprint alone: its iotplan may have hashed a prop this one leaves out, the platform
    untouched, so neither is said alone."""
    if before is None or fresh is None or format_known(FINGERPRINTS_SINCE, saved.format_version):
        return False
    same_write = before.action is fresh.action and before.fields == fresh.fields
    return same_write and before.fingerprint != fresh.fingerprint


def _fenced_off(address: Address, options: PlanOptions, fresh: dict[Address, Change]) -> bool:
    """A write the fresh plan leaves out for the saved plan's own --target/--exclude: the file's
    fences no longer hold its writes, whatever the platform did, so one of them was edited."""
    return address not in fresh and not inside_selection(address, options)


def _only_a_secret_differs(saved: Change | None, fresh: Change | None) -> bool:
    """The fresh write differs from the reviewed one by sensitive fields alone: a token rotated
    since, alone or beside a change the plan holds (a rename), is the environment's or the
    platform's doing, not the plan file's, which no fingerprint tells (it leaves tokens out)."""
    if fresh is None:
        return False
    if saved is None or saved.action is Action.NOOP:  # in sync then: only the token differs now
        return _sensitive_alone(_fields_apart((), fresh.fields))
    same_entity = saved.fingerprint == fresh.fingerprint and saved.action == fresh.action
    return same_entity and _sensitive_alone(_fields_apart(saved.fields, fresh.fields))


def _fields_apart(reviewed: Sequence[FieldChange], now: Sequence[FieldChange]) -> list[FieldChange]:
    """The fields one write holds and the other does not, or holds otherwise."""
    return [f for f in now if f not in reviewed] + [f for f in reviewed if f not in now]


def _sensitive_alone(fields: list[FieldChange]) -> bool:
    return bool(fields) and all(field.sensitive for field in fields)


def listed(items: list[Address] | list[str], separator: str = ", ") -> str:
    """Ten of `items` at most, then how many more: what a stale-plan refusal names."""
    return first(items, 10, separator)


def takes_more(
    saved: Change, fresh: Change, uncounted: Collection[Address] = (), review: Review = SAVED
) -> str:
    """What a removal or replacement would now destroy beyond what was reviewed: entities that
    appeared under it since (another stack's device in a removed connection), or data where the
    review saw none (so none of --allow-destroy's concern). The entity's own fingerprint shows
    neither. More observations on what was reviewed holding data are the same history, still
    reporting: refusing them would make a live sensor's removal impossible to apply from a plan.
    `uncounted`: the sensors whose count cannot be read now, which hold data only for that: nothing
    says they changed (`cannot_count_now` says so). A count unknown for another cause (sensors the
    read missed under a device) is still said here, as a change. `review`: of a plan shown at the
    prompt, no count in a file can have been edited down."""
    said = []
    reviewed_collateral = set(saved.collateral)
    added = [address for address in fresh.collateral if address not in reviewed_collateral]
    if added:
        said.append(f"{counted(len(added), 'entity')} not reviewed would go with it ({listed(added)})")
    if fresh.observations_unknown and not saved.observations_unknown and not uncounted:
        said.append("its observations can no longer be counted")
    # A count below 0 holds none either; one reviewed unknown was treated as holding data already.
    elif fresh.observations > 0 and saved.observations <= 0 and not saved.observations_unknown:
        said.append(f"it would destroy {observations(fresh.observations, False)}, none when reviewed")
    started = [address for address in _started(saved, fresh) if address not in uncounted]
    if started:
        said.append(
            f"data on {counted(len(started), 'sensor')} that held none when reviewed "
            f"({listed(as_shown(fresh, started))})"
        )
    elif _grew_unrecorded(saved, fresh):
        said.append(_grew_unrecorded_said(saved, fresh))
    elif _more_than_doubled(saved, fresh):
        said.append(_more_than_doubled_said(saved, fresh, review))
    return f"{saved.action} {saved.address}: " + ", and ".join(said) if said else ""


# How far a removal's count may grow between its review and its apply: a live sensor reports, so
# more history is the same history, but past twice the count reviewed most of what it destroys was
# never shown, whether the sensors reported that much since or the file's count was edited down
# (nothing in the file proves its counts: the plan digest is only compared by its reader).
GROWTH_REVIEWED = 2


def _more_than_doubled(saved: Change, fresh: Change) -> bool:
    return saved.observations > 0 and fresh.observations > GROWTH_REVIEWED * saved.observations


def _more_than_doubled_said(saved: Change, fresh: Change, review: Review) -> str:
    now = observations(fresh.observations, fresh.observations_unknown)
    then = observations(saved.observations, saved.observations_unknown)
    why = (
        "reported since, or a count edited down in the plan file"
        if review.in_a_file
        else f"reported {review.since}"
    )
    return (
        f"it would destroy {now}, {then} when reviewed: more than {GROWTH_REVIEWED} times the count "
        f"its review showed ({why})"
    )


class Grown(NamedTuple):
    """A removal (or replacement) that destroys more observations than its review showed, within
    GROWTH_REVIEWED times as many: its sensors reported since, and it applies."""

    action: Action
    address: Address
    reviewed: int
    now: int

    def to_dict(self) -> dict[str, object]:
        return {
            "address": self.address,
            "action": self.action.value,
            "observations_reviewed": self.reviewed,
            "observations_now": self.now,
        }


def grown_since_review(saved: Plan, fresh: Plan) -> tuple[Grown, ...]:
    """The saved plan's removals whose count grew since the review, once `check_not_stale` passed
    (none past the bound, none the review showed holding nothing): applied, they destroy what the
    review did not show, which the apply says. A count unknown then or now says no number."""
    destroying = {change.address: change for change in fresh.changes if change.action.destroys}
    return tuple(
        Grown(change.action, change.address, change.observations, now.observations)
        for change in saved.changes
        if change.action.destroys
        and (now := destroying.get(change.address)) is not None
        and not (change.observations_unknown or now.observations_unknown)
        and now.observations > change.observations
    )


def grown_said(grown: Sequence[Grown]) -> str:
    """What the apply says of `grown_since_review`, ten of them at most."""
    each = [
        f"{g.action} {g.address}: {observations(g.reviewed, False)} when reviewed, {g.now:,} now"
        for g in grown
    ]
    one = len(grown) == 1
    destroy, its, applies = ("destroys", "its", "it applies") if one else ("destroy", "their", "each applies")
    return (
        f"what {counted(len(grown), 'removal')} {destroy} grew since the review, {its} sensors reporting "
        f"(within {GROWTH_REVIEWED} times the count reviewed, so {applies}): " + listed(each, "; ")
    )


def rereads_held_now(reviewed: Iterable[Change], fresh: Mapping[Address, Change]) -> list[str]:
    """The data-model changes (metrics or units; a THREAD entity's channel, zero date or mode) of
    entities that held no history when reviewed and hold some now (a count above 0): the review
    showed them without the history they would reread, so --allow-data-model-change, given for the
    others, would cover what nobody weighed. As for removals (`takes_more`), more history on one
    reviewed holding some is the same history, still reporting. Those whose count is only unknown
    now are said apart (`rereads_uncounted_now`), in the saved plan, the recount and a THREAD unit."""
    return [
        _rereads(change, now)
        for change, now in _rereading_unreviewed(reviewed, fresh)
        if now.observations > 0
    ]


def _rereads(change: Change, now: Change) -> str:
    held = observations(now.observations, now.observations_unknown)
    return f"{change.action} {change.address}: it would change how {held} read, none when reviewed"


class UncountedReread(NamedTuple):
    """A data-model change refused for a count unknown now: what is said of it, the change reviewed,
    and its fresh self (which says why: `uncounted_why`)."""

    said: str
    reviewed: Change
    now: Change


def rereads_uncounted_now(
    reviewed: Iterable[Change], fresh: Mapping[Address, Change]
) -> list[UncountedReread]:
    """The data-model changes reviewed holding no history whose count cannot be read now, none above
    0 (JSON-RPC out of reach at the apply, reached at the review; or a 0 beside a last observation):
    refused, as holding data, but not said as the platform changed."""
    return [
        UncountedReread(
            f"{change.action} {change.address}: its count, read when reviewed, cannot be read now",
            change,
            now,
        )
        for change, now in _rereading_unreviewed(reviewed, fresh)
        if now.observations <= 0
    ]


def _rereading_unreviewed(
    reviewed: Iterable[Change], fresh: Mapping[Address, Change]
) -> Iterator[tuple[Change, Change]]:
    """Each data-model change reviewed holding no history, with its fresh self, that holds data now or
    may (an unknown count)."""
    for change in reviewed:
        if change.touches_data_model and not change.rereads_data:
            now = fresh.get(change.address)
            if now is not None and now.rereads_data:
                yield change, now


def cannot_count_now(saved: Change, fresh: Change, uncounted: Collection[Address]) -> str:
    """A removal whose count, read when reviewed, cannot be read now ("" when it can): the
    platform may not have changed, but what it destroys is unknown, treated as holding data, and
    so refused as its review did not show it. `uncounted`: as for `takes_more`."""
    newly = [address for address in _started(saved, fresh) if address in uncounted]
    if not uncounted or (not newly and (saved.observations_unknown or not fresh.observations_unknown)):
        return ""
    what = (
        f"the counts of {counted(len(newly), 'sensor')} it takes ({listed(as_shown(fresh, newly))})"
        if newly
        else "its count"
    )
    return f"{saved.action} {saved.address}: {what}, read when reviewed, cannot be read now"


def as_shown(removal: Change, sensors: list[Address]) -> list[Address]:
    """The sensors a removal takes, each named as the plan shows it: a replacement's recreated ones
    at the address it creates them at (`recreated_shown`), not the one their refId gives."""
    shown = dict(removal.recreated_shown)
    return [shown.get(address, address) for address in sensors]


def _started(saved: Change, fresh: Change) -> list[Address]:
    """The sensors it takes that hold data, or may, and held none when reviewed (none where that
    is not known: `_grew_unrecorded` decides those)."""
    reviewed = _held_when_reviewed(saved)
    if reviewed is None:
        return []
    # By the address each sensor's live refId gives: one sensor, whatever the manifest calls it.
    # Never by `holding_shown` (where the plan creates them again, for readers of the plan JSON):
    # another sensor made at that address since the review would pass as the one reviewed there.
    return [address for address in fresh.holding or () if address not in reviewed]


def _held_when_reviewed(saved: Change) -> frozenset[Address] | None:
    """The sensors it takes that held data when reviewed, or None where the plan cannot tell: one
    saved before iotplan recorded them (format 1.2 and older) knows them only when it counted none."""
    if saved.holding is not None:
        return frozenset(saved.holding)
    if saved.counted and not saved.observations_unknown and saved.observations <= 0:
        return frozenset()
    return None


def _grew_unrecorded(saved: Change, fresh: Change) -> bool:
    """More data now, under a removal whose plan does not record which of its sensors held the
    data reviewed: a sensor that held none may have started since, so what it destroys now was
    never reviewed. A count that did not grow is the history reviewed; one that cannot be read now
    is told as such (`cannot_count_now`, or its observations no longer counted)."""
    return (
        _held_when_reviewed(saved) is None and bool(fresh.holding) and fresh.observations > saved.observations
    )


def _grew_unrecorded_said(saved: Change, fresh: Change) -> str:
    now = observations(fresh.observations, fresh.observations_unknown)
    then = observations(saved.observations, saved.observations_unknown)
    return (
        f"it would destroy {now}, {then} when reviewed, and the plan does not record which of the "
        f"sensors it takes held data then (plans record it since format {HOLDING_SINCE}), so a sensor "
        "that held none may have started since"
    )


def _same(saved: Change, fresh: Change | None) -> bool:
    return (
        fresh is not None
        and fresh.action == saved.action
        and fresh.fingerprint == saved.fingerprint
        and fresh.fields == saved.fields
    )


def what_is_counted(changes: Sequence[Change], whose: str) -> str:
    """What a recount of `changes` counts, as its failure says: `what dam-b's removals destroy`."""
    removes = any(change.action.destroys for change in changes)
    rereads = any(counted_before_written(c) and not c.action.destroys for c in changes)
    again = "its" if removes and whose != "the" else whose  # dam-b's removals ... and its data-model ...
    said = [f"{whose} removals destroy"] if removes or not rereads else []
    return "what " + " and ".join(said + ([f"{again} data-model changes reread"] if rereads else []))
