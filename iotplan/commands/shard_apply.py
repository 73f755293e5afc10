"""An apply of a merged plan: shard by shard, under the split the shards were planned with.

Why not as one plan, though the merged plan is the whole manifest's:
- each step reads what that shard's plan read, no more, so its stale check compares like with
  like, and one shard's reads and writes are in memory at a time (what made the fleet outgrow
  one run in the first place);
- every guard of the whole merged plan is checked before the first write of the first shard, so
  no shard is written only for a later one to be refused; each step checks its own again;
- so is every shard's part for the plan file's edits, each against a plan of that shard made then:
  an edit is the file's, there at every shard's turn, so one found in a later shard would leave the
  shards before it written for nothing. What the platform may do meanwhile each shard's own check
  finds, just before its writes (a shard found changed then stops the ones after it);
- a shard that does not finish (a failed unit, a rollout stopped, a verifying plan that failed)
  stops the shards after it before they write anything; they are reported as not started.
`--shard i/n` applies one shard's part of the merged plan: a CI matrix can apply in parallel
what was reviewed once.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

from iotplan.apply.outcome import Outcome, ProgressCallback, not_started
from iotplan.clients.target import Target
from iotplan.commands.apply import (
    ApplyRequest,
    ApplyResult,
    PreparedApply,
    interrupted,
    prepare_apply,
    refuse_edited,
    refuse_other_target,
    run_apply,
)
from iotplan.errors import ApplyInterrupted, IotplanError, StalePlanError
from iotplan.live.read import SharedLists
from iotplan.plan.coverage import Shard
from iotplan.plan.desired import DesiredState
from iotplan.plan.guards import refuse_unsafe
from iotplan.plan.model import WAITING, Action, Change, Kind, Plan
from iotplan.plan.renames import (
    beside_its_rename_in_a_merged_plan,
    renamed_outside_the_fence,
    with_rename_hints_merged,
)
from iotplan.plan.shard import shard_slice
from iotplan.render.apply_report import INTERRUPTED
from iotplan.secrets import lookup_secret
from iotplan.wording import first_lines

ShowPrepared = Callable[[Shard, PreparedApply], None]


def is_merged(plan: Plan) -> bool:
    return plan.shard is not None and len(plan.shard.covered) > 1


def shards_to_apply(merged: Plan, asked: Shard | None) -> list[Shard]:
    assert merged.shard is not None
    count = merged.shard.count
    if asked is None:
        return [Shard(index, count) for index in sorted(merged.shard.covered)]
    if asked.count != count or asked.index not in merged.shard.covered:
        raise IotplanError(
            f"--shard {asked}: this merged plan was split in {count} shards; give --shard i/{count}"
        )
    return [asked]


async def apply_merged(
    target: Target,
    desired: DesiredState,
    request: ApplyRequest,
    environ: Mapping[str, str],
    merged: Plan,
    *,
    asked: Shard | None = None,
    show: ShowPrepared = lambda shard, prepared: None,
    on_done: ProgressCallback = lambda outcome: None,
) -> ApplyResult:
    shards = shards_to_apply(merged, asked)
    refuse_other_target(merged, target)
    # What this run would do: under `--shard i/n` one shard's part, so its guards name its removals,
    # not its siblings', and its report covers that shard alone.
    applying = merged if asked is None else shard_slice(merged, asked.index)
    if asked is not None:
        refuse_creating_beside_another_shards_removal(merged, asked)
    refuse_unsafe(applying, request.permissions, lambda reference: lookup_secret(reference, environ))
    await _refuse_edited_ahead(target, desired, request, environ, merged, shards[1:])
    done: list[ApplyResult] = []
    for position, shard in enumerate(shards):
        part = shard_slice(merged, shard.index)
        try:
            prepared = await prepare_apply(target, desired, request, environ, part)
        except IotplanError as refused:  # stale, say: what the shards before it wrote is reported
            if not done:
                raise
            reason = f"shard {shard} was refused: {refused}"
            rest = _not_started(merged, shards[position:], f"not started: {reason}")
            return _combined(applying, done, rest, reason)
        except asyncio.CancelledError:  # between shards: what the ones before wrote is reported
            if not done:
                raise
            rest = _not_started(merged, shards[position:], "not started: interrupted")
            raise interrupted(_combined(applying, done, rest, INTERRUPTED)) from None
        show(shard, prepared)
        try:
            result = await run_apply(target, prepared, environ, confirm=lambda: False, on_done=on_done)
        except ApplyInterrupted as cut_short:  # counted again over every shard, not this one's alone
            so_far = [*done, cut_short.report] if isinstance(cut_short.report, ApplyResult) else done
            rest = _not_started(merged, shards[position + 1 :], "not started: interrupted")
            raise interrupted(_combined(applying, so_far, rest, "")) from None
        done.append(_without_in_sync(result))
        if result.stopped or result.verify_error or not result.succeeded:
            later = shards[position + 1 :]
            reason = f"shard {shard} did not finish"
            rest = _not_started(merged, later, f"not started: {reason}")
            # Shards after it with nothing to write and no gateway waiting were stopped from nothing.
            stopped = reason if rest or _waiting_in(merged, later) else ""
            return _combined(applying, done, rest, stopped)
    return _combined(applying, done, [], "")


async def _refuse_edited_ahead(
    target: Target,
    desired: DesiredState,
    request: ApplyRequest,
    environ: Mapping[str, str],
    merged: Plan,
    shards: list[Shard],
) -> None:
    """Each of `shards` (all but the first, which its own check takes before any write) checked
    for the plan file's edits by a plan of it made now, before the first shard writes. A part
    writing nothing is not read: it holds no write to edit. A read that fails ends the apply as
    well, nothing written: that shard is not known unedited. Where a shard's plan reads a project's
    whole device and sensor lists (cheaper than its connections one by one), one read serves every
    check, as drift's manifests share one (SharedLists): nothing is written between them. Each
    shard's own check at its turn reads them again, after the shards before it wrote."""
    lists = SharedLists()
    for shard in shards:
        part = shard_slice(merged, shard.index)
        if not part.writes:
            continue
        try:
            with _warnings_held():
                await refuse_edited(target, desired, request, environ, part, lists)
        except StalePlanError as edited:
            raise StalePlanError(f"shard {shard}, checked before any shard writes: {edited}") from None


@contextmanager
def _warnings_held() -> Iterator[None]:
    """iotplan's warnings held while it runs, and told only where it ends in an error: a shard's
    read ahead of its turn warns of what its own read at its turn tells again (a count JSON-RPC did
    not give, a name the catalog no longer lists), and told twice, every later shard's would come
    before the first shard's plan."""
    logger, holding = logging.getLogger("iotplan"), _Holding()
    logger.addHandler(holding)
    propagate, logger.propagate = logger.propagate, False
    ended = False
    try:
        yield
        ended = True
    finally:
        logger.removeHandler(holding)
        logger.propagate = propagate
        for record in [] if ended else holding.records:
            logger.handle(record)


class _Holding(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def refuse_creating_beside_another_shards_removal(merged: Plan, asked: Shard) -> None:
    """A creation of `asked`'s part whose look-alike removal (a key renamed without `moved`, or a
    manifest older than a `moved` rename) is another shard's: applied alone, as a CI matrix applies
    each shard, it would make a second connection beside the stack's own, and nothing would stand in
    its way (the removal's --allow-destroy is asked of the other shard's apply). A fence as
    --target/--exclude is, refused as they refuse it (plan/renames.py). Hinted again over the whole
    here, as one run hints (the merged plan holds every count): a merge before they were hinted across
    shards named no such pair."""
    assert merged.shard is not None
    coverage = merged.shard
    changes = with_rename_hints_merged(merged.changes)
    here = [change for change in changes if coverage.shard_of_connection(change.connection) == asked.index]

    def left_out_by(creation: Change, removal: Change) -> str:
        holder = Shard(coverage.shard_of_connection(removal.connection), coverage.count)
        return beside_its_rename_in_a_merged_plan(creation, removal, holder, asked)

    refusals = renamed_outside_the_fence(here, changes, left_out_by)
    if refusals:
        lines = first_lines([refusal.text for refusal in refusals], 10)
        raise IotplanError(f"shard {asked} of this merged plan cannot be applied alone:\n{lines}")


def _without_in_sync(result: ApplyResult) -> ApplyResult:
    """A finished shard's result as the combined one needs it: what it wrote, and what it could
    not change (gateways pending or refused, which `refuse_incomplete` reads to exit 1), without
    the entities that were in sync all along. Kept whole, ten shards' plans and verifying plans
    held most of a 1,000,000-entity fleet twice over until the last shard ended."""

    def drop(plan: Plan) -> Plan:
        return dataclasses.replace(
            plan, changes=tuple(c for c in plan.changes if c.action is not Action.NOOP)
        )

    after = None if result.after is None else drop(result.after)
    return dataclasses.replace(result, plan=drop(result.plan), after=after)


def _not_started(merged: Plan, shards: list[Shard], reason: str) -> list[Outcome]:
    """The units the shards that did not start would have run, from the merged plan's writes."""
    units: dict[str, list[Change]] = {}
    for shard in shards:
        for change in shard_slice(merged, shard.index).changes:
            name = f"{change.connection}/edge" if change.kind is Kind.EDGE else change.connection
            units.setdefault(name, []).append(change)
    return [
        not_started(name, changes, reason)
        for name, changes in units.items()
        if any(c.action.writes for c in changes)
    ]


def _waiting_in(merged: Plan, shards: list[Shard]) -> bool:
    """A gateway pending or refused (or THREAD logger held) in these shards: their apply would try it."""
    return any(
        change.action in WAITING for shard in shards for change in shard_slice(merged, shard.index).changes
    )


def _combined(merged: Plan, results: list[ApplyResult], rest: list[Outcome], reason: str) -> ApplyResult:
    """One result for what was applied of the merged plan (`merged`: the whole, or one shard's slice):
    every shard's outcomes, and one verifying plan. A merged plan is a saved one: once a shard
    wrote, running it again is refused as stale (`replan`). What each shard's verifying read found
    that fails the apply is carried whole, so it ends with that error, not "apply did not finish"."""
    plan = _joined(merged, [result.plan for result in results])
    outcomes = [outcome for result in results for outcome in result.outcomes] + rest
    stopped = "; ".join(filter(None, [*(result.stopped for result in results), reason]))
    verify_error = "; ".join(result.verify_error for result in results if result.verify_error)
    grown = tuple(each for result in results for each in result.grown)
    after = _verifying(merged, results, rest)
    return ApplyResult(
        plan,
        outcomes,
        after,
        stopped,
        verify_error,
        replan=True,
        not_made=[each for result in results for each in result.not_made],
        not_kept=[each for result in results for each in result.not_kept],
        copies=[each for result in results for each in result.copies],
        beside_another_stacks=[each for result in results for each in result.beside_another_stacks],
        ports_shared=[each for result in results for each in result.ports_shared],
        metrics_lost=[each for result in results for each in result.metrics_lost],
        grown=grown,
    )


def _verifying(merged: Plan, results: list[ApplyResult], rest: list[Outcome]) -> Plan | None:
    """The whole plan's verifying plan, only when every shard ran and each that wrote was read
    again: the shards that did read again say nothing of those that never ran."""
    wrote = any(result.outcomes for result in results)
    unread = any(result.after is None and result.outcomes for result in results)
    if rest or not wrote or unread:
        return None
    return _joined(merged, [result.after if result.after is not None else result.plan for result in results])


def _joined(merged: Plan, plans: list[Plan]) -> Plan:
    return dataclasses.replace(merged, changes=tuple(change for plan in plans for change in plan.changes))
