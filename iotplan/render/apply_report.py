"""What an apply did, per unit of work (a connection or a gateway): text for people, JSON for tools.

The report goes to stdout; whether the platform still differs afterwards is a warning the CLI
puts on stderr (`remaining_warning`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from iotplan.apply import thread_zero_date as zero_date
from iotplan.apply.outcome import Outcome, Status, waiting_gateways
from iotplan.apply.stale import Grown
from iotplan.plan.coverage import Coverage
from iotplan.plan.edge import not_written
from iotplan.plan.model import Action, Cause, Change, Kind, Plan, Refusal
from iotplan.plan.on_device import made_on_device
from iotplan.plan.serials_edited import serials_edited
from iotplan.plan.thread_identity import identities_lost
from iotplan.plan.unwritten import left_unwritten_otherwise
from iotplan.render.json_plan import coverage_to_dict
from iotplan.render.lines import unread_gateways
from iotplan.render.text import Paint, painter
from iotplan.secrets import masked_in_place
from iotplan.wording import counted, first, joined, observations

SHOWN_ADDRESSES = 5
INTERRUPTED = "interrupted"  # the `stopped` of an apply the user interrupted
VERIFY_INTERRUPTED = "interrupted during the verifying read"  # its `verify_error`, once every unit was done
NO_FRESH_READ = "no fresh read was made: the rollout stopped before every unit ran"
# The apply report's own version from 1.5 (`status`); up to 1.4 it carried the plan's. 1.6 adds each
# outcome's `found_made`; 1.7 the status `incomplete`, which a reader of 1.6 has never seen, and each
# outcome's `removed_not_recreated` (also in its `not_applied`; its message names them as well), and
# `shard`: which shards the fresh read covered (`converged` says nothing of the others); 1.8
# `applied_counts`, what the run added, changed and destroyed, with the history destroyed; 1.9 each
# outcome's `confirmed_by_fresh_read`: writes whose answer was lost that the verifying read shows in
# place, no longer in `outcome_unknown` and never in `applied` (this run's write or another writer's: a
# lost answer does not say), counted in `confirmed_counts`, the history gone included; and a gateway no
# unit ran for (pending or refused) lists each setting it declares in `not_applied`, as a gateway unit
# does, not itself; 1.10 `grown_since_review`: a saved plan's removals that destroyed more observations than
# its review showed, within twice as many, each with both counts (`[]` for none); 1.11 each outcome's
# `removed_recreation_unknown`: replacements this run removed (read back gone) whose creation again is of
# unknown outcome (in flight when interrupted, or its answer lost; also in `outcome_unknown`), counted in
# `applied_counts` with the history their removal took, which 1.10 left out; 1.12 `refusals`: of a
# run refused because no safe plan exists, each refusal, the entity it concerns and where the
# manifest declares what it has the user edit, with the line of an alias repeating it there
# (`via_alias_line`) (`[]` for any other run), `stopped` saying them as before; 1.13 each outcome's
# `next_step`: what must be done before its refused write can take, where a rerun alone is refused alike
# (a swap of a THREAD logger's channels, an update the platform refuses over a prop iotplan resends),
# which its message says too (null where a rerun is the step); 1.14 `target`, `target_identity` and
# `target_rpc_endpoint`: where the plan applied was made, as plan JSON names it (a URL's credential
# masked), so a CI log keeping stdout alone tells where the apply wrote (null for a run refused before
# its plan); 1.15 each outcome's `not_checked`: the settings of a gateway its plan could not read (no
# unit ran), never compared, as the text's "not read, so not checked" names them, which `not_applied`
# listed up to 1.14 and no longer does (it keeps what a unit left unwritten).
APPLY_FORMAT_VERSION = "1.15"
# Its `status`: the apply wrote (or tried to: `outcomes` say how each unit went), the fresh read
# found nothing to write and verifies, it found nothing it could write yet does not verify (a
# gateway pending or refused, a THREAD logger held: exit 1), or it was refused before its first
# write (`stopped` says why).
RAN, NO_CHANGES, INCOMPLETE, REFUSED = "ran", "no_changes", "incomplete", "refused"


def apply_status(wrote: bool, after: Plan | None, unverified: str, outcomes: Sequence[Outcome] = ()) -> str:
    """`wrote`: the plan had changes to make. Nothing to write is `no_changes` only when the fresh
    read verifies: a run that exits 1 must never read as one that had nothing to do, nor one whose
    read shows what iotplan writes none of (a THREAD entity's SERIAL_NO dropped or edited) beside
    `converged`."""
    if wrote:
        return RAN
    verified = after is not None and after.summary.converged and not unverified
    return NO_CHANGES if verified and _not_verified(after, unverified, outcomes) is None else INCOMPLETE


def apply_report_dict(
    outcomes: list[Outcome],
    after: Plan | None,
    stopped: str,
    unverified: str = "",
    status: str = RAN,
    shard: Coverage | None = None,
    plan: Plan | None = None,
    grown: Sequence[Grown] = (),
    refusals: Sequence[Refusal] = (),
) -> dict[str, Any]:
    """`after` is the verifying plan; None when the apply was interrupted before it, or it failed
    (`unverified` says why, as the text report does). `shard`: the shards the run applied, named
    without a fresh read too (refused, interrupted). `plan`: the plan applied, which says what each
    write did (None: not known, and `applied_counts` is null unless nothing was written). `grown`:
    a saved plan's removals that destroy more than its review showed (apply/stale.py)."""
    return {
        "format_version": APPLY_FORMAT_VERSION,
        **_target_dict(plan),
        "status": status,
        "outcomes": [outcome.to_dict() for outcome in reported(outcomes, after)],
        "applied_counts": _applied_counts_dict(outcomes, plan),
        "confirmed_counts": _confirmed_counts_dict(outcomes, plan),
        "stopped": stopped or None,
        "converged": None if after is None else after.summary.converged,
        "remaining": None if after is None else after.summary.line(),
        "not_verified": _not_verified(after, unverified, outcomes),
        "not_written": None if after is None else _not_written_dicts(after, _written(outcomes)),
        "shard": coverage_to_dict(shard if after is None else after.shard),
        "grown_since_review": [each.to_dict() for each in grown],
        "refusals": [_refusal_dict(refusal) for refusal in refusals],
    }


def _target_dict(plan: Plan | None) -> dict[str, str | None]:
    """Where the apply wrote, as its plan names it; masked as drift's identity is: this is shown
    output (a CI log), which nothing compares a target by. Null where no plan is known."""
    if plan is None:
        return dict.fromkeys(("target", "target_identity", "target_rpc_endpoint"))
    return {
        "target": masked_in_place(plan.target),
        "target_identity": masked_in_place(plan.target_identity),
        "target_rpc_endpoint": masked_in_place(plan.target_rpc_endpoint) or None,
    }


def _refusal_dict(refusal: Refusal) -> dict[str, Any]:
    """A refusal as `stopped` says it, its entity and where the manifest declares it (null where
    that is not known: a live entity alone, a manifest read from stdin)."""
    return {
        "address": refusal.address,
        "message": refusal.text,
        "declared_at": None if refusal.declared is None else refusal.declared.to_dict(),
    }


def _not_verified(after: Plan | None, unverified: str, outcomes: Sequence[Outcome] = ()) -> str | None:
    """Why no fresh read verified the apply, as the text report's `Not verified:` line says it."""
    if after is None:
        return unverified or NO_FRESH_READ
    shows = _fresh_read_shows(outcomes, after)
    if after.summary.converged and shows:  # no change to plan, yet a unit failed over what it shows
        return f"{_fresh_read(after)} shows nothing left to write, but {'; '.join(shows)}"
    if not after.summary.converged and not after.summary.has_changes:  # gateways left unread
        return unread_gateways(after)
    return None


def _fresh_read_shows(outcomes: Sequence[Outcome], after: Plan) -> list[str]:
    """What the verifying read shows that failed a unit though nothing is left to write (a copy of
    what it made, another stack's entity beside it), THREAD entities without the SERIAL_NO that says
    which box each is (plan/thread_identity.py: nothing writes it back) or with one edited, anything else
    differing that iotplan does not write (plan/unwritten.py), and what it cannot show: a
    ZERO_DATE an update left out that nothing confirmed kept (apply/thread_zero_date.py), which no
    plan compares where the manifest does not declare it."""
    shows = [each for outcome in outcomes for each in outcome.fresh_read_shows]
    lost = identities_lost(after)
    shows += [f"{joined(lost)} {'holds' if len(lost) == 1 else 'hold'} no SERIAL_NO"] if lost else []
    shows += serials_edited(after)
    shows += left_unwritten_otherwise(after)
    return shows + [each for outcome in outcomes for each in zero_date.unconfirmed(outcome)]


def _not_written_dicts(after: Plan, written: set[str]) -> list[dict[str, Any]]:
    return [
        {"address": change.address, "value": (change.after or {}).get("value"), "reason": change.reason}
        for change in not_written(after, written)
    ]


def _written(outcomes: list[Outcome]) -> set[str]:
    """What this run wrote, or may have: in place by its write or another writer's counts too."""
    return {address for outcome in outcomes for address in (*outcome.applied, *outcome.confirmed)}


def reported(outcomes: list[Outcome], after: Plan | None) -> list[Outcome]:
    """The units' outcomes, then each gateway the verifying read left waiting that no outcome
    reports: one asleep since the plan had no unit, yet the run is not done until it is written. An
    apply's own (commands/apply.py) already holds them, and each the plan applied left waiting."""
    if after is None or not after.summary.gateways_waiting:
        return outcomes
    named = {outcome.connection for outcome in outcomes}
    return outcomes + [waiting for waiting in waiting_gateways(after) if waiting.connection not in named]


def render_apply_json(
    outcomes: list[Outcome],
    after: Plan | None,
    stopped: str,
    unverified: str = "",
    status: str = RAN,
    shard: Coverage | None = None,
    plan: Plan | None = None,
    grown: Sequence[Grown] = (),
) -> str:
    report = apply_report_dict(outcomes, after, stopped, unverified, status, shard, plan, grown)
    return json.dumps(report, indent=2) + "\n"


def render_refused_json(reason: str, shard: Coverage | None = None, refusals: Sequence[Refusal] = ()) -> str:
    """An apply refused before its first write (a guard, a stale saved plan, a platform it could not
    read): no outcomes, nothing to verify, and `stopped` the reason stderr gives; `refusals`, those
    of a plan no safe one exists for."""
    report = apply_report_dict([], None, reason, status=REFUSED, shard=shard, refusals=refusals)
    report["not_verified"] = None  # nothing was written: there is nothing a fresh read could verify
    return json.dumps(report, indent=2) + "\n"


def render_apply_text(
    outcomes: list[Outcome],
    after: Plan | None,
    stopped: str,
    *,
    color: bool,
    unverified: str = "",
    plan_again: str = "iotplan plan",
    plan: Plan | None = None,
    unlisted: Collection[str] = (),
) -> str:
    """`unverified`: why no fresh read verified the apply (VERIFY_INTERRUPTED), when that is news;
    `plan_again`: the command that reads what a write of unknown outcome did (on a THREAD, its own);
    `plan`: the plan applied, for what the closing line says was added, changed and destroyed;
    `unlisted`: what was found made, as this apply's create would make it, that the verifying plan
    creates again, the REST lists not showing it (commands/apply.py `found_unlisted`): maybe an
    earlier apply's, not another writer's."""
    paint = painter(color)
    outcomes = reported(outcomes, after)
    told = _Told(paint, plan_again, frozenset(unlisted), forced_writes(plan))
    lines = [line for each in _alike_grouped(outcomes) for line in _group_lines(each, told)]
    applied = sum(len(outcome.applied) for outcome in outcomes)
    found_unlisted = sum(address in told.unlisted for outcome in outcomes for address in outcome.found_made)
    found = sum(len(outcome.found_made) for outcome in outcomes) - found_unlisted
    calls = sum(outcome.calls for outcome in outcomes)
    heading = f"Rollout stopped ({stopped})" if stopped else "Apply complete"
    if stopped == INTERRUPTED:
        heading = "Apply interrupted"
    elif not stopped and (after is None or not _complete(outcomes, after)):
        heading = "Apply incomplete"
    found_made = f", {found} found made by another writer" if found else ""
    found_made += f", {found_unlisted} {FOUND_UNLISTED}" if found_unlisted else ""
    made = _made_phrase(applied_of(outcomes, plan)) if plan is not None and outcomes else ""
    made += _in_place_phrase(outcomes, plan)
    lines += [
        "",
        f"{heading}: {counted(applied, 'change')} applied{made}{found_made}; "
        f"{counted(calls, 'write request')} sent.",
    ]
    if after is not None and after.summary.converged and _fresh_read_shows(outcomes, after):
        lines.append(f"Not verified: {_not_verified(after, unverified, outcomes)}.")
    elif after is not None and after.summary.converged:
        lines.append(f"Verified: {_fresh_read(after)} shows no changes{_settled(outcomes)}.")
    elif after is not None or unverified:  # with nothing to say, no apply ran: no line (JSON says so)
        why = _not_verified(after, unverified)  # what still differs goes to stderr, not here
        if why:
            lines.append(f"Not verified: {why}.")
    if after is not None:
        lines += _not_written_lines(after, _written(outcomes))
    return "\n".join(lines) + "\n"


def _complete(outcomes: list[Outcome], after: Plan) -> bool:
    """Every unit applied, and the verifying plan read every gateway: one it could not read (another
    THREAD at its address, asleep) leaves the apply incomplete (exit 1), written or not."""
    return (
        all(outcome.status is Status.APPLIED for outcome in outcomes) and not after.summary.gateways_waiting
    )


def _settled(outcomes: list[Outcome]) -> str:
    """What "no changes" settles of the writes whose outcome was unknown: in place, by whichever
    writer (commands/apply.py `_confirm_in_place`), so never counted applied by this run."""
    confirmed = any(outcome.confirmed for outcome in outcomes)
    if not confirmed and not any(outcome.unsure for outcome in outcomes):
        return ""
    return f" (so each change whose outcome was unknown is in place{f': {WHOSE}' if confirmed else ''})"


# Said of what was found made (a create refused as existing, read back as iotplan would make it) that
# the verifying plan creates again: the REST lists do not show it, so it may be an earlier apply's
# JSON-RPC write they do not show yet (A16), as the unit's message says, not another writer's alone.
FOUND_UNLISTED = "found made by another writer or an earlier apply, not listed yet"
FOUND_UNLISTED_WHOSE = (
    "found made by another writer or by an earlier apply whose write the lists do not show yet"
)
# Said of a change whose write's answer was lost and that a fresh read shows in place.
WHOSE = "this run's write or another writer's"
WHOSES = "this run's writes or another writer's"


def _in_place_phrase(outcomes: list[Outcome], plan: Plan | None) -> str:
    """`, 1 change in place, answer lost (0 added, 0 changed, 1 destroyed; 40 observations gone)`:
    what the verifying read shows in place of the writes whose answer was lost, counted apart."""
    confirmed = sum(len(outcome.confirmed) for outcome in outcomes)
    if not confirmed:
        return ""
    made = _made_phrase(applied_of(outcomes, plan, in_place=True), "gone") if plan is not None else ""
    return f", {counted(confirmed, 'change')} in place, answer lost{made}"


@dataclass(frozen=True)
class Applied:
    """What a run's writes did, told from the plan applied: its changes applied, by action, and the
    history destroyed, a replacement removed but not created again, or whose creation again is of
    unknown outcome, included (its history is gone)."""

    actions: Counter[Action]
    removed_not_recreated: int
    removed_recreation_unknown: int  # removed, their creation again of unknown outcome: history gone too
    observations: int
    unknown: bool  # a removal whose count the platform did not report: treated as holding data

    @property
    def destroyed_history(self) -> bool:
        return bool(self.observations or self.unknown)

    @classmethod
    def nothing(cls) -> Applied:
        return cls(Counter(), 0, 0, 0, False)


def applied_of(outcomes: list[Outcome], plan: Plan, *, in_place: bool = False) -> Applied:
    """What the run's writes did; `in_place`: what the fresh read shows in place of the writes whose
    answer was lost (`Outcome.confirmed`), whichever writer made it, counted apart."""
    if not any(o.confirmed if in_place else o.applied or o.removed for o in outcomes):
        return Applied.nothing()  # nothing to find: the plan's writes are not indexed
    writes_at = _writes_at(plan)
    applied = [
        change
        for outcome in outcomes
        for change in writes_at(outcome, outcome.confirmed if in_place else outcome.applied)
    ]
    removed = [] if in_place else [c for o in outcomes for c in writes_at(o, o.removed_not_recreated)]
    unknown = [] if in_place else [c for o in outcomes for c in writes_at(o, o.removed_recreation_unknown)]
    destroyed = [change for change in applied + removed + unknown if change.action.destroys]
    return Applied(
        Counter(change.action for change in applied),
        len(removed),
        len(unknown),
        sum(change.observations for change in destroyed),
        any(change.observations_unknown for change in destroyed),
    )


def _writes_at(plan: Plan) -> Callable[[Outcome, list[str]], list[Change]]:
    """The plan's writes at some addresses in an outcome's unit, as `_changes` finds them. Where each
    address has one write (a key names a connection in one project, nearly always) each is found
    by one lookup: no list an address, no generator an outcome, over 100,000 writes."""
    one: dict[str, Change] = {change.address: change for change in plan.writes}
    if len(one) == len(plan.writes):
        return lambda outcome, addresses: [one[address] for address in addresses if address in one]
    writes: dict[str, list[Change]] = {}
    for change in plan.writes:
        writes.setdefault(change.address, []).append(change)
    return lambda outcome, addresses: list(_changes(outcome, addresses, writes))


def _changes(outcome: Outcome, addresses: list[str], writes: dict[str, list[Change]]) -> Iterator[Change]:
    """The plan's writes at `addresses` in `outcome`'s unit: one key may name a connection in each
    project, and the unit's own are those in its project."""
    for address in addresses:
        found = writes.get(address, [])
        if len(found) > 1:
            found = [change for change in found if change.project_id == outcome.project_id]
        yield from found


def _made_phrase(applied: Applied, history: str = "destroyed") -> str:
    """` (2 added, 31 changed, 1 destroyed; 25,000 observations destroyed)`: Terraform's `Resources:
    1 added, 0 changed, 1 destroyed.`, with the history gone (`history`: how it is said); replacements
    named when any. Nothing when nothing was written (an interrupt before the first answer): zeros
    say nothing more."""
    actions = applied.actions
    if not actions and not applied.removed_not_recreated and not applied.removed_recreation_unknown:
        return ""
    made = (
        f"{actions[Action.CREATE]:,} added, {actions[Action.UPDATE]:,} changed, "
        f"{actions[Action.REMOVE]:,} destroyed"
    )
    if actions[Action.REPLACE]:
        made += f", {actions[Action.REPLACE]:,} replaced"
    if applied.removed_not_recreated:
        made += f", {applied.removed_not_recreated:,} removed and not created again"
    if applied.removed_recreation_unknown:
        made += f", {applied.removed_recreation_unknown:,} removed whose creation again is of unknown outcome"
    if applied.destroyed_history:
        made += f"; {observations(applied.observations, applied.unknown)} {history}"
    return f" ({made})"


def _applied_counts_dict(outcomes: list[Outcome], plan: Plan | None) -> dict[str, Any] | None:
    """The JSON report's `applied_counts`: null when the plan applied is not known and there was
    something to apply (never zeros that may not be true)."""
    if plan is None and outcomes:
        return None
    applied = applied_of(outcomes, plan) if plan is not None else Applied.nothing()
    counts = {name: applied.actions[action] for name, action in _COUNTED.items()}
    return {
        **counts,
        "removed_not_recreated": applied.removed_not_recreated,
        "removed_recreation_unknown": applied.removed_recreation_unknown,
        "observations_destroyed": applied.observations,
        "observations_unknown": applied.unknown,
    }


def _confirmed_counts_dict(outcomes: list[Outcome], plan: Plan | None) -> dict[str, Any] | None:
    """The JSON report's `confirmed_counts`: what the verifying read shows in place of the writes whose
    answer was lost (each outcome's `confirmed_by_fresh_read`), this run's or another writer's, with
    the history gone; null as `applied_counts` is."""
    if plan is None and outcomes:
        return None
    confirmed = applied_of(outcomes, plan, in_place=True) if plan is not None else Applied.nothing()
    counts = {name: confirmed.actions[action] for name, action in _COUNTED.items()}
    return {
        **counts,
        "observations_gone": confirmed.observations,
        "observations_unknown": confirmed.unknown,
    }


_COUNTED = {
    "add": Action.CREATE,
    "change": Action.UPDATE,
    "destroy": Action.REMOVE,
    "replace": Action.REPLACE,
}


def _fresh_read(after: Plan) -> str:
    """What the verifying read covered: one shard's shows nothing of its siblings' changes still to make."""
    if after.shard is None or after.shard.complete:
        return "a fresh read"
    return f"a fresh read of {after.shard.label()}"


def _not_written_lines(after: Plan, written: set[str]) -> list[str]:
    """What "Verified" does not cover: declared settings iotplan cannot verify, left unwritten."""
    addresses = [str(change.address) for change in not_written(after, written)]
    if not addresses:
        return []
    them = "it" if len(addresses) == 1 else "them"
    return [
        f"Not written: {counted(len(addresses), 'setting')} iotplan cannot verify "
        f"({first(addresses, SHOWN_ADDRESSES)}): apply writes {them} only with --force-write-only."
    ]


def remaining_warning(
    after: Plan, unlisted: Collection[str] = (), updated: Collection[str] = ()
) -> str | None:
    """For stderr: the platform (or, on-device, this THREAD) still differs after apply. `unlisted`:
    the THREAD loggers and sensors that exist (this apply made them, or found them made) and that the
    verifying plan creates again, the REST lists not showing them yet (A16): not told as missing.
    `updated`: those this apply updated that it updates again as this apply did, the lists maybe not
    showing the update yet, or another writer having changed them back: not told as a difference."""
    if not after.summary.has_changes:
        return None
    again = [str(change.address) for change in after.writes if str(change.address) in unlisted]
    updated_again = [str(change.address) for change in after.writes if str(change.address) in updated]
    named = [f"{_EXISTS_UNLISTED}: {first(again, SHOWN_ADDRESSES)}"] if again else []
    if updated_again:
        it = "it" if len(updated_again) == 1 else "them"
        shown = first(updated_again, SHOWN_ADDRESSES)
        named.append(f"{_UPDATED_UNLISTED} (or another writer changed {it} back): {shown}")
    if named and len(again) + len(updated_again) == len(after.writes):
        opening = "creates again only" if again else "updates again only"
        also = ", and updates again only " if again and updated_again else ""
        return f"The verifying plan {opening} {also.join(named)} ({after.summary.line()})"
    said = still_differing(after)
    warning = f"{said[0].upper()}{said[1:]} from the manifest after apply: {after.summary.line()}"
    return f"{warning} Of it, {'; '.join(named)}." if named else warning


_EXISTS_UNLISTED = "what exists but the REST lists do not show yet"
_UPDATED_UNLISTED = "what this apply updated, which the REST lists may not show yet"


def still_differing(after: Plan, on_device: bool = False) -> str:
    """`the platform still differs`, `the gateways still differ`: what `what_differs` names."""
    where = what_differs(after, on_device)
    return f"{where} still {'differ' if where == 'the gateways' else 'differs'}"


def what_differs(after: Plan, on_device: bool = False) -> str:
    """What a verifying plan still finds different: this THREAD (`on_device`, or a plan made there),
    the gateway(s) when only gateway settings differ, else the platform."""
    writes = after.writes
    if on_device or made_on_device(after):
        return "this THREAD"
    if not writes or any(change.kind is not Kind.EDGE for change in writes):
        return "the platform"
    return "the gateways" if len({change.connection for change in writes}) > 1 else "the gateway"


def _alike_grouped(outcomes: list[Outcome]) -> list[list[Outcome]]:
    """Each outcome alone, but units not started for one reason with nothing done together, where
    the first of them stood: an interrupted or stopped rollout of 1,000 connections said the same
    reason for each, in three lines (the JSON report still lists each unit's changes)."""
    groups: list[list[Outcome]] = []
    by_reason: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        if not _merely_not_started(outcome):
            groups.append([outcome])
        elif outcome.message in by_reason:
            by_reason[outcome.message].append(outcome)
        else:
            by_reason[outcome.message] = [outcome]
            groups.append(by_reason[outcome.message])
    return groups


def _merely_not_started(outcome: Outcome) -> bool:
    done = outcome.applied or outcome.unsure or outcome.found_made
    return outcome.status is Status.NOT_STARTED and not done


@dataclass(frozen=True)
class _Told:
    """How each unit's lines are said: `unlisted` as in `render_apply_text`."""

    paint: Paint
    plan_again: str
    unlisted: frozenset[str]
    forced: frozenset[str]  # settings the gateway cannot report back, written by --force-write-only


def forced_writes(plan: Plan | None) -> frozenset[str]:
    """The plan's forced writes, which no later plan reads back (plan/edge.py `_unverifiable_change`)."""
    changes = plan.changes if plan is not None else ()
    return frozenset(str(change.address) for change in changes if change.cause is Cause.FORCED_WRITE)


def _group_lines(group: list[Outcome], told: _Told) -> Iterator[str]:
    paint = told.paint
    if not _merely_not_started(group[0]):
        yield from _outcome_lines(group[0], told)
        return
    reason = group[0].message.removeprefix(f"{Status.NOT_STARTED}: ")
    yield paint(f"  {len(group):,} {Status.NOT_STARTED}: {reason}", "yellow")
    for outcome in group:
        yield f"    {outcome.connection} ({counted(len(outcome.pending), 'change')} not applied)"


def _where_to_look(outcome: Outcome, plan_again: str) -> str:
    """A plan reads what a write of unknown outcome did; not one that another THREAD may have taken:
    a plan refuses that box as the gateway, or plans another node from it."""
    if not outcome.answered_by:
        return f"`{plan_again}` shows which"
    return (
        f"another THREAD, serial {outcome.answered_by}, answers at the gateway's address: check that "
        "address, and on that THREAD whether it took them"
    )


def _unreadable_unsure(outcome: Outcome, plan_again: str, count: int) -> str:
    """A forced write of unknown outcome: no plan reads the setting back (it shows it unverifiable,
    "No changes"), so a plan cannot tell; writing it again can, as the same apply does (on a THREAD,
    its own: `plan_again` with apply for plan)."""
    if outcome.answered_by:
        return _where_to_look(outcome, plan_again)
    apply_again = plan_again.replace("iotplan plan", "iotplan apply", 1)
    them = "it" if count == 1 else "them"
    return (
        f"the gateway cannot report {them} back, so `{plan_again}` cannot tell: "
        f"`{apply_again} --force-write-only` writes {them} again"
    )


def _unsure_lines(outcome: Outcome, told: _Told) -> Iterator[str]:
    """What may or may not be applied, and where to look: a plan, but for the forced writes it cannot read."""
    read = [address for address in outcome.unsure if address not in told.forced]
    if read:
        where = _where_to_look(outcome, told.plan_again)
        yield f"    may or may not be applied: {first(read, SHOWN_ADDRESSES)} ({where})"
    unreadable = [address for address in outcome.unsure if address in told.forced]
    if unreadable:
        where = _unreadable_unsure(outcome, told.plan_again, len(unreadable))
        yield f"    may or may not be applied: {first(unreadable, SHOWN_ADDRESSES)} ({where})"


def _outcome_lines(outcome: Outcome, told: _Told) -> Iterator[str]:
    paint = told.paint
    if outcome.status is Status.APPLIED:
        # One no unit ran for (pending when planned, read as declared since) had nothing to write.
        done = "nothing to write" if outcome.waiting else counted(len(outcome.applied), "change")
        yield f"  {outcome.connection}: applied ({done})"
        if outcome.message:  # a forced write that cannot be read back, say
            yield f"    {outcome.message}"
        return
    colour = "red" if outcome.status in (Status.FAILED, Status.INTERRUPTED, Status.REFUSED) else "yellow"
    yield paint(f"  {outcome.connection}: {outcome.status}", colour)
    if outcome.message:
        yield f"    {outcome.message}"
    if outcome.applied:
        yield f"    applied: {first(outcome.applied, SHOWN_ADDRESSES)}"
    if outcome.confirmed:
        shown = first(outcome.confirmed, SHOWN_ADDRESSES)
        yield f"    in place, answer lost ({WHOSE}): {shown}"
    by_another = [address for address in outcome.found_made if address not in told.unlisted]
    if by_another:
        yield f"    found made by another writer: {first(by_another, SHOWN_ADDRESSES)}"
    unlisted = [address for address in outcome.found_made if address in told.unlisted]
    if unlisted:
        yield f"    {FOUND_UNLISTED_WHOSE}: {first(unlisted, SHOWN_ADDRESSES)}"
    yield from _unsure_lines(outcome, told)
    unread = outcome.not_checked
    if unread:
        under = len(outcome.connection) + 1  # named as drift names them: port1.power
        shown = first([address[under:] for address in unread], SHOWN_ADDRESSES)
        yield f"    not read, so not checked: {counted(len(unread), 'setting')} ({shown})"
    elif outcome.not_applied:  # as the JSON report's `not_applied`
        yield f"    not applied: {first(outcome.not_applied, SHOWN_ADDRESSES)}"
