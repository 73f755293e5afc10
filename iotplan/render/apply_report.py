"""What an apply did, per unit of work (a connection or a gateway): text for people, JSON for tools.

The report goes to stdout; whether the platform still differs afterwards is a warning the CLI
puts on stderr (`remaining_warning`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from iotplan.apply.outcome import Outcome, Status, waiting_gateways
from iotplan.plan.coverage import Coverage
from iotplan.plan.edge import not_written
from iotplan.plan.model import Plan
from iotplan.plan.on_device import made_on_device
from iotplan.render.json_plan import coverage_to_dict
from iotplan.render.lines import unread_gateways
from iotplan.render.text import Paint, painter
from iotplan.wording import counted, first

SHOWN_ADDRESSES = 5
INTERRUPTED = "interrupted"  # the `stopped` of an apply the user interrupted
VERIFY_INTERRUPTED = "interrupted during the verifying read"  # its `verify_error`, once every unit was done
NO_FRESH_READ = "no fresh read was made: the rollout stopped before every unit ran"
# The apply report's own version from 1.5 (`status`); up to 1.4 it carried the plan's. 1.6 adds each
# outcome's `found_made`; 1.7 the status `incomplete`, which a reader of 1.6 has never seen, and each
# outcome's `removed_not_recreated` (also in its `not_applied`; its message names them as well), and
# `shard`: which shards the fresh read covered (`converged` says nothing of the others).
APPLY_FORMAT_VERSION = "1.7"
# Its `status`: the apply wrote (or tried to: `outcomes` say how each unit went), the fresh read
# found nothing to write and verifies, it found nothing it could write yet does not verify (a
# gateway pending or refused, a THREAD logger held: exit 1), or it was refused before its first
# write (`stopped` says why).
RAN, NO_CHANGES, INCOMPLETE, REFUSED = "ran", "no_changes", "incomplete", "refused"


def apply_status(wrote: bool, after: Plan | None, unverified: str) -> str:
    """`wrote`: the plan had changes to make. Nothing to write is `no_changes` only when the fresh
    read verifies: a run that exits 1 must never read as one that had nothing to do."""
    if wrote:
        return RAN
    verified = after is not None and after.summary.converged and not unverified
    return NO_CHANGES if verified else INCOMPLETE


def apply_report_dict(
    outcomes: list[Outcome],
    after: Plan | None,
    stopped: str,
    unverified: str = "",
    status: str = RAN,
    shard: Coverage | None = None,
) -> dict[str, Any]:
    """`after` is the verifying plan; None when the apply was interrupted before it, or it failed
    (`unverified` says why, as the text report does). `shard`: the shards the run applied, named
    without a fresh read too (refused, interrupted)."""
    return {
        "format_version": APPLY_FORMAT_VERSION,
        "status": status,
        "outcomes": [outcome.to_dict() for outcome in reported(outcomes, after)],
        "stopped": stopped or None,
        "converged": None if after is None else after.summary.converged,
        "remaining": None if after is None else after.summary.line(),
        "not_verified": _not_verified(after, unverified),
        "not_written": None if after is None else _not_written_dicts(after, _written(outcomes)),
        "shard": coverage_to_dict(shard if after is None else after.shard),
    }


def _not_verified(after: Plan | None, unverified: str) -> str | None:
    """Why no fresh read verified the apply, as the text report's `Not verified:` line says it."""
    if after is None:
        return unverified or NO_FRESH_READ
    if not after.summary.converged and not after.summary.has_changes:  # gateways left unread
        return unread_gateways(after)
    return None


def _not_written_dicts(after: Plan, written: set[str]) -> list[dict[str, Any]]:
    return [
        {"address": change.address, "value": (change.after or {}).get("value"), "reason": change.reason}
        for change in not_written(after, written)
    ]


def _written(outcomes: list[Outcome]) -> set[str]:
    return {address for outcome in outcomes for address in outcome.applied}


def reported(outcomes: list[Outcome], after: Plan | None) -> list[Outcome]:
    """The units' outcomes, then each gateway the verifying read left waiting that no unit
    reports: one asleep since the plan had no unit, yet the run is not done until it is written."""
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
) -> str:
    return json.dumps(apply_report_dict(outcomes, after, stopped, unverified, status, shard), indent=2) + "\n"


def render_refused_json(reason: str, shard: Coverage | None = None) -> str:
    """An apply refused before its first write (a guard, a stale saved plan, a platform it could not
    read): no outcomes, nothing to verify, and `stopped` the reason stderr gives."""
    report = apply_report_dict([], None, reason, status=REFUSED, shard=shard)
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
) -> str:
    """`unverified`: why no fresh read verified the apply (VERIFY_INTERRUPTED), when that is news;
    `plan_again`: the command that reads what a write of unknown outcome did (on a THREAD, its own)."""
    paint = painter(color)
    outcomes = reported(outcomes, after)
    lines = [line for each in _alike_grouped(outcomes) for line in _group_lines(each, paint, plan_again)]
    applied = sum(len(outcome.applied) for outcome in outcomes)
    found = sum(len(outcome.found_made) for outcome in outcomes)
    calls = sum(outcome.calls for outcome in outcomes)
    heading = f"Rollout stopped ({stopped})" if stopped else "Apply complete"
    if stopped == INTERRUPTED:
        heading = "Apply interrupted"
    elif not stopped and (after is None or not all(outcome.status is Status.APPLIED for outcome in outcomes)):
        heading = "Apply incomplete"
    found_made = f", {found} found made by another writer" if found else ""
    lines += [
        "",
        f"{heading}: {counted(applied, 'change')} applied{found_made}; "
        f"{counted(calls, 'write request')} sent.",
    ]
    if after is not None and after.summary.converged:
        unsure = any(outcome.unsure for outcome in outcomes)
        made = " (so each change whose outcome was unknown is in place)" if unsure else ""
        lines.append(f"Verified: {_fresh_read(after)} shows no changes{made}.")
    elif after is not None or unverified:  # with nothing to say, no apply ran: no line (JSON says so)
        why = _not_verified(after, unverified)  # what still differs goes to stderr, not here
        if why:
            lines.append(f"Not verified: {why}.")
    if after is not None:
        lines += _not_written_lines(after, _written(outcomes))
    return "\n".join(lines) + "\n"


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


def remaining_warning(after: Plan) -> str | None:
    """For stderr: the platform (or, on-device, this THREAD) still differs after apply."""
    if not after.summary.has_changes:
        return None
    applied_to = "This THREAD" if made_on_device(after) else "The platform"
    return f"{applied_to} still differs from the manifest after apply: {after.summary.line()}"


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


def _group_lines(group: list[Outcome], paint: Paint, plan_again: str) -> Iterator[str]:
    if not _merely_not_started(group[0]):
        yield from _outcome_lines(group[0], paint, plan_again)
        return
    reason = group[0].message.removeprefix(f"{Status.NOT_STARTED}: ")
    yield paint(f"  {len(group):,} {Status.NOT_STARTED}: {reason}", "yellow")
    for outcome in group:
        yield f"    {outcome.connection} ({counted(len(outcome.pending), 'change')} not applied)"


def _outcome_lines(outcome: Outcome, paint: Paint, plan_again: str) -> Iterator[str]:
    if outcome.status is Status.APPLIED:
        yield f"  {outcome.connection}: applied ({counted(len(outcome.applied), 'change')})"
        if outcome.message:  # a forced write that cannot be read back, say
            yield f"    {outcome.message}"
        return
    colour = "red" if outcome.status in (Status.FAILED, Status.INTERRUPTED, Status.REFUSED) else "yellow"
    yield paint(f"  {outcome.connection}: {outcome.status}", colour)
    if outcome.message:
        yield f"    {outcome.message}"
    if outcome.applied:
        yield f"    applied: {first(outcome.applied, SHOWN_ADDRESSES)}"
    if outcome.found_made:
        yield f"    found made by another writer: {first(outcome.found_made, SHOWN_ADDRESSES)}"
    if outcome.unsure:
        unsure = first(outcome.unsure, SHOWN_ADDRESSES)
        yield f"    may or may not be applied: {unsure} (`{plan_again}` shows which)"
    if outcome.pending:
        yield f"    not applied: {first(outcome.pending, SHOWN_ADDRESSES)}"
