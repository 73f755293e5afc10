"""iotplan apply: plan afresh, check every guard, write wave by wave, then read again to verify.

`prepare_apply` plans (and checks a saved plan is not stale); the CLI shows that plan;
`run_apply` checks the guards before the first write, asks the CLI's `confirm`, holds the plan shown
to a fresh read once a person confirmed it, as a saved plan is (without one, counts again what the
removals destroy and the data-model changes reread), runs the units of work (one per connection,
one per gateway) in the rollout's waves (counting again what each unit removes or rereads just before
its writes, and before each later call that does), and plans again.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import shlex
from collections.abc import Awaitable, Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from functools import partial
from typing import Any

from iotplan import __version__
from iotplan.apply import thread_zero_date as zero_date
from iotplan.apply.bodies import props_written, update_prop_names
from iotplan.apply.edge import Gateway, gateway_unit_names, gateway_units, identity_checks
from iotplan.apply.execute import (
    Held,
    first_count_read,
    platform_units,
    recount_check,
    writes_by_connection,
)
from iotplan.apply.found import expected_ref_ids
from iotplan.apply.metrics_lost import METRICS_LOST_ADVICE, metrics_lost
from iotplan.apply.outcome import (
    Outcome,
    ProgressCallback,
    Status,
    kept_or_another,
    not_started,
    waiting_gateways,
)
from iotplan.apply.recount import connections_to_recount, taking_more_now
from iotplan.apply.rollout import Gate, Rollout
from iotplan.apply.stale import (
    SHOWN,
    Grown,
    check_manifest_unchanged,
    check_not_edited,
    check_not_stale,
    check_settings_as_declared,
    check_tokens_unchanged,
    fence_selects_nothing_said,
    grown_said,
    grown_since_review,
    listed,
    notes_unshown,
    shifted_outside_the_fence,
    what_is_counted,
)
from iotplan.apply.thread import thread_groups, thread_units
from iotplan.apply.units import Unit, run_units
from iotplan.apply.woken import waiting_when_planned, woken_as_shown
from iotplan.apply.writes_begun import writes
from iotplan.clients.edge import NOTHING_WRITTEN
from iotplan.clients.errors import UNKNOWN_OUTCOME, UNKNOWN_OUTCOME_FORCED, UNKNOWN_OUTCOME_TOLD
from iotplan.clients.target import Target, TargetOptions, identity_of
from iotplan.clients.throttle import CountRead, counting
from iotplan.commands.inputs import (
    PLAN,
    ManifestInput,
    inputs_read_once,
    named_inputs,
    read_once_said,
    saved_document,
)
from iotplan.commands.plan import PlanRequest, PropsRead, plan_command, target_identity
from iotplan.commands.show import read_saved
from iotplan.errors import (
    ApplyError,
    ApplyInterrupted,
    AuthError,
    CountsUnknownNow,
    EmptySelectionError,
    IotplanError,
    PlanError,
    PlatformError,
    StalePlanError,
)
from iotplan.live.counts import Said, counted_again
from iotplan.live.model import LiveConnection
from iotplan.live.read import PagedLists, SharedLists
from iotplan.manifest.addresses import FoldedAlike, fold_ref_id
from iotplan.manifest.files import STDIN
from iotplan.manifest.thread import thread_serial
from iotplan.plan.address import Address
from iotplan.plan.compare import PLATFORM_PROPS
from iotplan.plan.copies import beside_another_stacks, named_as_listed, one_or_two
from iotplan.plan.coverage import Shard
from iotplan.plan.desired import DesiredEntity, DesiredState
from iotplan.plan.edge import desired_edge_settings, forced_unverified, not_written, settle_forced_writes
from iotplan.plan.guards import LISTED, Permissions, refuse_unsafe
from iotplan.plan.impact import ENTITIES_PER_CALL, counted_before_written, counts_before_writing
from iotplan.plan.model import (
    WAITING,
    Action,
    Cause,
    Change,
    FieldChange,
    Kind,
    Plan,
    PlanOptions,
    SavedFile,
    format_known,
    thread_loggers,
)
from iotplan.plan.on_device import made_on_device, plan_again_command
from iotplan.plan.serials_edited import serials_edited, which_edited_untold
from iotplan.plan.shard import shard_desired
from iotplan.plan.thread import channels_shared_now
from iotplan.plan.thread_identity import identities_lost
from iotplan.plan.unwritten import differs_unwritten, left_unwritten_otherwise
from iotplan.render.apply_report import (
    INTERRUPTED,
    VERIFY_INTERRUPTED,
    WHOSE,
    WHOSES,
    forced_writes,
    still_differing,
    what_differs,
)
from iotplan.render.json_plan import TARGET_CHECKS_SINCE, plan_digest
from iotplan.secrets import lookup_secret, masked_in_place, require_secret
from iotplan.wording import clause, counted, first, joined, observations

log = logging.getLogger(__name__)

# Said of one the plan applied left waiting and the verifying read no longer does: read as it is now,
# it was not when the writes were chosen. That read finds it differing (apply again; a saved plan's
# apply writes it no more than it did: plan again), or as declared (`_as_declared_since`): nothing was
# written to it, and nothing is left to.
NOT_WRITTEN_WHEN_PLANNED = " when planned: nothing was written to it; apply again"
NOT_WRITTEN_WHEN_SAVED = " when planned: nothing was written to it; plan again"
AS_DECLARED_SINCE = " when planned: nothing was written to it; the fresh read finds it as declared"
# How a gateway unit that ran may end other than applied (not started: `stopped` says why).
UNFINISHED = frozenset({Status.PENDING, Status.REFUSED, Status.FAILED})
# Said of one the verifying read left waiting for another reason than the apply found
# (`_say_the_verifying_read`).
WHEN_PLANNED = " when planned"
WHEN_WRITTEN_TO = " when written to"
AT_THE_VERIFYING_READ = " at the verifying read"


@dataclass(frozen=True)
class ApplyRequest:
    options: PlanOptions = PlanOptions()
    parallelism: int = 16
    permissions: Permissions = Permissions()
    rollout: Rollout = Rollout()
    shard: Shard | None = None  # --shard, or the shard a saved plan covers: nothing outside it is written
    entities_per_call: int = ENTITIES_PER_CALL  # --entities-per-call: the most one integrate call carries


@dataclass(frozen=True)
class PreparedApply:
    desired: DesiredState  # the shard's own (`shard_desired`) when the apply has a shard
    request: ApplyRequest
    plan: Plan  # made just now, from live state
    saved: bool  # the user reviewed a saved plan: no confirmation is asked
    # By live id, the props the plan read of each entity it updates: the verifying read says which
    # of them an update lost (`_say_props_lost`).
    props_read: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # A saved plan's removals that destroy more than its review showed, within the bound (`grown_said`).
    grown: tuple[Grown, ...] = ()


@dataclass(frozen=True)
class ApplyResult:
    plan: Plan
    outcomes: list[Outcome] = field(default_factory=list)
    after: Plan | None = None  # the verifying plan; None when there was nothing to do or it failed
    stopped: str = ""  # why the rollout stopped starting units, if it did
    verify_error: str = ""  # why the verifying plan could not be made
    # A saved plan, part of it applied: running it again is refused as stale, so the advice is to
    # plan again (a plan made from the manifest just runs again, from live state).
    replan: bool = False
    # Removals the platform answered as made that the verifying read still shows (`_answered_not_made`).
    not_made: list[str] = field(default_factory=list)
    # Updates the platform answered as made that the verifying read shows not kept (`_answered_not_kept`).
    not_kept: list[str] = field(default_factory=list)
    # What the verifying read shows copied, of what this apply created or renamed (`_copies_made`):
    # each `{made} (refId ...) and its copy {copy}`.
    copies: list[str] = field(default_factory=list)
    # Another stack's entity the verifying read shows where this apply created one
    # (`_beside_another_stacks`): each `{made} (refId ...) and {kind} {address} of stack ... (...)`.
    beside_another_stacks: list[str] = field(default_factory=list)
    # The port-sharing notes the verifying read puts on what this apply wrote that the plan applied did
    # not carry (`_ports_shared_meanwhile`): each `{address}: port N is also ...`.
    ports_shared: list[str] = field(default_factory=list)
    # The generic sensors whose metrics and units the platform lost on this apply's update of them
    # (apply/metrics_lost.py), by address: the closing error names them, not "another writer".
    metrics_lost: list[str] = field(default_factory=list)
    grown: tuple[Grown, ...] = ()  # the PreparedApply's: its JSON report names them

    def __post_init__(self) -> None:
        self._tell_forced_unsure()  # whether verified, interrupted or not: no plan reads them back

    @property
    def rerun(self) -> str:
        return "plan again and apply the new plan" if self.replan else "run it again to converge"

    @property
    def succeeded(self) -> bool:
        """Every unit applied. A gateway no unit ran for (pending or refused) is not a unit's failure:
        `refuse_incomplete` names it."""
        return all(outcome.status is Status.APPLIED or outcome.waiting for outcome in self.outcomes)

    def _settled_by_the_fresh_read(self) -> bool:
        """Every unit ran, each write not applied was unsure (answered with a 5xx, unreadably or not
        at all: confirmed in place once the fresh read shows nothing left), found made by another
        writer or refused, or left unsent behind one of those (a THREAD's writes go one at a time), and
        the fresh read shows nothing left to write: what they were to make is in place (a refusal
        included: a platform answering a refId another writer took just now with a 400, not a 409).
        The apply still exits 1 (a unit failed), but "run it again" would be the wrong advice: a rerun
        would find nothing to do. A gateway no unit ran for, still waiting, is told apart (its part
        is to apply again once it answers); a failed unit's writes that read did not reach (a gateway
        it left unread) settle nothing."""
        after = self.after
        if after is None or after.summary.has_changes or self.succeeded:
            return False
        if zero_date.all_unconfirmed(self.outcomes):  # no read shows them kept
            return False
        # What the fresh read shows fails the apply.
        if self.copies or self.beside_another_stacks or self.ports_shared:
            return False
        unread = _unread_by(after)
        return all(
            outcome.status is Status.APPLIED
            or outcome.waiting
            or (outcome.status is Status.FAILED and _settled_failure(outcome) and not unread(outcome))
            for outcome in self.outcomes
        )

    def _advice_after_failures(self, told: str) -> str:
        """A write whose answer was lost converges when run again; one the platform refused (a 4xx, a
        JSON-RPC error such as "already exists") is refused again until its cause is dealt with, as a
        gateway refused (another serial at its address) is."""
        refused = any(
            (
                outcome.status is Status.FAILED
                and (outcome.refused or (outcome.pending and not outcome.unsure))
            )
            or (outcome.waiting and outcome.status is Status.REFUSED)
            for outcome in self.outcomes
        )
        still = self._unsure_removals_still_there()
        if still:
            return self._unsure_removals_advice(still)
        unlisted = self.found_unlisted()
        if unlisted:  # a rerun plans it again as long as the lists do not show it: it would loop
            refused_else = any(outcome.refused and not outcome.found_made for outcome in self.outcomes)
            advice = _unlisted_advice(unlisted, "exists, read back by its id,", "apply what else it shows")
            return f"deal with the errors {told}, and {advice}" if refused_else else advice
        first_steps = [outcome.first_step for outcome in self.outcomes if outcome.first_step]
        if first_steps:  # a rerun, or a new plan, would send the refused write first again
            return f"deal with the errors {told}: {'; '.join(first_steps)}"
        if self.replan or not refused:
            return self.rerun
        return _then(f"deal with the errors {told}, then run it again", self._remove_first(self._refused()))

    def found_unlisted(self) -> list[str]:
        """Found made (a create refused as existing, read back by its id as the create would make it)
        and planned again as a creation by the verifying plan: a THREAD logger or sensor the REST lists
        do not show (A16). One read back otherwise is another writer's, a difference, never told as
        merely not listed yet."""
        return self._planned_again(
            [address for outcome in self.outcomes for address in outcome.found_as_created]
        )

    def made_unlisted(self) -> list[str]:
        """THREAD loggers and sensors this apply created, their JSON-RPC create answered, that the
        verifying plan plans to create again: the REST lists it reads them in do not show them (A16).
        A rerun would be refused as "already exists"; the lists lagging explains it, not another writer."""
        created = {str(change.address) for change in self.plan.writes if change.action is Action.CREATE}
        return self._planned_again([address for address in self._applied() if address in created])

    def updated_unlisted(self) -> list[str]:
        """THREAD loggers and sensors this apply updated, their JSON-RPC update answered, that the
        verifying plan plans to update again as the applied plan did (each field from and to the same
        values): the REST lists it reads them in may not show the update yet (A16), or another writer
        changed them back meanwhile. Nothing this apply reads tells the two apart; either way a plan
        made later says which, where "another writer changed what this apply wrote" alone would blame
        one that may not exist."""
        if self.after is None:
            return []
        sent = {
            str(change.address): change.fields
            for change in self.plan.writes
            if _read_in_rest_lists(change, Action.UPDATE)
        }
        applied = set(self._applied())
        written_back = zero_date.all_written_back(self.outcomes)
        return [
            str(change.address)
            for change in self.after.writes
            if change.action is Action.UPDATE
            and str(change.address) in applied
            and (
                sent.get(str(change.address)) == change.fields
                or (str(change.address) in written_back and _but_zero_date(change, sent))
            )
        ]

    def _planned_again(self, addresses: list[str]) -> list[str]:
        """Of `addresses`, those the verifying plan plans as creations of a THREAD's logger or sensor,
        which it reads in the REST lists (A16); a node it reads elsewhere."""
        if self.after is None:
            return []
        creating = {
            str(change.address) for change in self.after.writes if _read_in_rest_lists(change, Action.CREATE)
        }
        return [address for address in addresses if address in creating]

    def _applied(self) -> list[str]:
        return [address for outcome in self.outcomes for address in outcome.applied]

    def _refused(self) -> list[str]:
        """What the platform refused (a 4xx, a JSON-RPC error) and left as it was: each call it named."""
        return [address for outcome in self.outcomes if outcome.refused for address in outcome.pending]

    def _copies_hold_prefixed(self) -> bool:
        """Whether a sensor under a copy of what this apply made may carry the stack's prefix: the
        copies' step names those sensors then, and only then. Under a device's that the verifying
        read found holding one so (`Change.prefixed_sensors`), or did not count; never under a
        sensor's. Given another SERIAL_NO alone, its device would leave one the stack's orphan, its
        removal planned next."""
        if self.after is None:  # no verifying plan, no copy found
            return False
        return any(
            copy.kind is Kind.DEVICE and copy.prefixed_sensors != 0
            for _, copy in _copied(self.plan, self.after)
        )

    def _remove_first(self, addresses: list[str]) -> str:
        """What to do where these removals (replacements too) did not take because what they remove
        holds something, or "": a device holding sensors, whatever the platform answered; a connection
        holding devices only where the platform refused its removal (a 4xx), never where it answered it
        and did not make it: one that ignores connection removals keeps the connection however empty,
        and emptying it would destroy every device and sensor under it for nothing."""
        holding = {
            str(change.address): change.address.depth
            for change in self.plan.writes
            if change.action.destroys and (change.collateral or change.recreated)
        }
        refused = set(self._refused())
        devices = any(holding.get(address) == 1 for address in addresses)
        connections = any(holding.get(address) == 0 and address in refused for address in addresses)
        return "; ".join([DEVICES_FIRST] * devices + [CONNECTIONS_FIRST] * connections)

    def _unsure_removals_advice(self, still: list[str]) -> str:
        """What the closing error, and each unit's message, says of these removals of unknown outcome
        that the fresh read still shows."""
        erred = {address for outcome in self.outcomes for address in outcome.server_erred}
        if erred.issuperset(still):
            return _server_erred_removals_message(still, self.replan, self._remove_first(still))
        again = "plan again" if self.replan else "running it again"
        return _unsure_removals_message(still, again, self._remove_first(still))

    def tell_unsure_removals(self) -> None:
        """Each unit whose removal of unknown outcome the fresh read still shows says so with the
        closing error's advice, in place of "run `iotplan plan` to see the truth" (a plan shows the
        removal still to do, and says nothing of why): a JSON report's reader takes the next step
        from the unit's message, and stderr may not be what a CI step keeps."""
        still = set(self._unsure_removals_still_there())
        for outcome in self.outcomes:
            own = [address for address in outcome.unsure if address in still]
            if own:
                told = clause(outcome.message.replace(UNKNOWN_OUTCOME, ""))
                advice = self._unsure_removals_advice(own)
                outcome.message = f"{told}; {advice}" if told else advice

    def _tell_forced_unsure(self) -> None:
        """Each unit whose writes of unknown outcome are all forced ones (--force-write-only) of a
        setting no read reports back says so, in place of "run `iotplan plan` to see the truth": that
        plan shows such a setting unverifiable, "No changes", as the report's line for it says. Its
        message is the closing error's and the JSON report's too."""
        forced = forced_writes(self.plan)
        for outcome in self.outcomes:
            if outcome.unsure and not outcome.answered_by and forced.issuperset(outcome.unsure):
                outcome.message = UNKNOWN_OUTCOME_TOLD.sub(UNKNOWN_OUTCOME_FORCED, outcome.message)

    def _unsure_removals_still_there(self) -> list[str]:
        """The removals whose answer was lost (a 5xx, an unreadable 200) that the verifying read still
        shows: the write reached the platform or did not, and a platform that made it would show it
        gone; one that defers or ignores the removal answers a rerun the same way, so a rerun is not
        told as converging."""
        if self.after is None:
            return []
        still = {str(change.address) for change in self.after.writes if change.action.destroys}
        removals = {str(change.address) for change in self.plan.writes if change.action.destroys}
        unsure = [
            address
            for outcome in self.outcomes
            for address in outcome.unsure
            if address not in outcome.answered_unmade and address not in self.not_made  # answered as made
        ]
        return [address for address in unsure if address in removals and address in still]

    def _left_undone(self, told: str) -> str:
        """The units not applied, those of them of unknown outcome counted apart, and the next step:
        told before a failed verifying read, which settles none of them."""
        undone = [o for o in self.outcomes if o.status is not Status.APPLIED and not o.waiting]
        unknown = sum(bool(outcome.unsure or outcome.in_flight) for outcome in undone)
        of_unknown = f", {unknown} of unknown outcome" if unknown else ""
        which = "" if told == "above" else f": {_unfinished(undone)}"
        advice = self._advice_after_failures(told)
        if any(outcome.pending or outcome.unsure for outcome in self.outcomes):
            advice = zero_date.next_steps_then(self.outcomes, advice)
        return (
            f"{counted(len(undone), 'unit')} not applied{of_unknown}{which}: {advice} "
            f"({self._what_is_lost()})"
        )

    def _what_is_lost(self) -> str:
        """A replacement removed and not created again lost its history, and a removal or replacement
        of unknown outcome may have: said where CI logs look."""
        # Removed by this run, its creation again of unknown outcome: its history is gone either way.
        recreating = [address for outcome in self.outcomes for address in outcome.removed_recreation_unknown]
        destroying = {change.address for change in self.plan.changes if change.destroys_data}
        destroying -= set(recreating)
        maybe = [address for outcome in self.outcomes for address in outcome.unsure if address in destroying]
        told = [self._removed_not_recreated()]
        if recreating:
            them, their = ("them", "their") if len(recreating) > 1 else ("it", "its")
            told.append(
                f"{counted(len(recreating), 'replacement')} removed, {their} history gone, {their} creation "
                f"again of unknown outcome: {first(recreating, LISTED)}; the next plan creates {them} again "
                f"or finds {them} made"
            )
        if maybe:
            replacing = {change.address for change in self.plan.changes if change.action is Action.REPLACE}
            too = " (a replacement's too)" if replacing & set(maybe) else ""
            told.append(
                f"{counted(len(maybe), 'removal')} of unknown outcome{too}, history possibly gone: "
                f"{first(maybe, LISTED)}"
            )
            # Beside them, the units whose writes of unknown outcome destroy nothing (a rename): as unsettled.
            others = self._unsure_units_beside(set(recreating).union(destroying))
            if others:
                told.append(f"also of unknown outcome: {first(others, LISTED)}")
        told.append(self._history_in_place())
        unsure = list(zero_date.all_unconfirmed(self.outcomes))
        if unsure:  # an update left it out, and no read back showed it kept
            told.append(f"ZERO_DATE possibly lost: {first(unsure, LISTED)}")
        return "; ".join(filter(None, told)) or "nothing applied is lost"

    def _unsure_units_beside(self, destroying: set[str]) -> list[str]:
        """The units with a write of unknown outcome none of whose unknowns destroys data."""
        return [
            outcome.connection
            for outcome in self.outcomes
            if outcome.unsure and destroying.isdisjoint(outcome.unsure)
        ]

    def _removed_not_recreated(self) -> str:
        """The replacements removed and not created again, their history gone, and what the next plan
        does of them: creates them, or shows the entity found made standing there."""
        removed = [address for outcome in self.outcomes for address in outcome.removed_not_recreated]
        if not removed:
            return ""
        # One whose creation met another writer's copy is not created by the next plan: that copy stands.
        taken = any(set(outcome.removed_not_recreated) & set(outcome.found_made) for outcome in self.outcomes)
        # Or read back as the call wrote it, from a call of more than one change: maybe this run's own.
        kept = any(
            set(outcome.removed_not_recreated) & set(outcome.found_maybe_kept) for outcome in self.outcomes
        )
        standing = (
            f"found made: {kept_or_another('this run')}" if kept else "another writer's copy, found made"
        )
        them, their = ("them", "their") if len(removed) > 1 else ("it", "its")
        return (
            f"{counted(len(removed), 'replacement')} removed and not created again, {their} history "
            f"gone: {first(removed, LISTED)}; the next plan "
            + (f"shows what stands there now ({standing})" if taken else f"creates {them}")
        )

    def raise_if_incomplete(self, device_flags: Sequence[str] = (), told: str = "above") -> None:
        """Exit 1 unless every unit was applied and no gateway was left waiting. `device_flags`:
        --on-device's options as given, for the THREAD's own plan the advice names; `told`: where
        the report telling each unit's outcome is, from this message's point of view (the text report
        is above it on a terminal; a JSON one is not)."""
        verifying = f"\nThe verifying plan failed: {self.verify_error}" if self.verify_error else ""
        waiting = self._gateways_left()
        if self._settled_by_the_fresh_read():
            failed = [outcome.connection for outcome in self.outcomes if outcome.status is Status.FAILED]
            gone = self._history_in_place()
            rest = f"; nothing of theirs is left to run again, yet {waiting}" if waiting else ""
            raise ApplyError(
                f"writes to {first(failed, LISTED)} were answered with an error or unreadably (each told "
                f"{told}), yet a fresh read shows nothing of theirs left to write: what they were to make is "
                f"in place{f' ({gone})' if gone else ''}{rest or ', and there is nothing to run again'}"
            )
        again = plan_again_command(self.plan, device_flags)  # on a THREAD, its own plan
        if self.stopped:
            unstarted = sum(outcome.status is Status.NOT_STARTED for outcome in self.outcomes)
            advice = self._advice_after_stop(told, again)
            raise ApplyError(
                f"rollout stopped: {self.stopped}; {unstarted} not started: {advice}" + verifying
            )
        if self.verify_error:
            sent = any(outcome.calls for outcome in self.outcomes)
            what = "the writes were sent, but" if sent else "nothing was written, and"
            unverified = f"{what} the verifying plan failed: {self.verify_error}"
            if self.succeeded:
                raise ApplyError(unverified)
            # What is left to do first: the failed read says only that nothing could be checked.
            raise ApplyError(f"apply did not finish: {self._left_undone(told)}; {unverified}")
        if self.not_made:
            raise ApplyError(_not_made_message(self.not_made, self._remove_first(self.not_made)))
        if self.not_kept:  # what else failed, and its step, is said too: never hidden behind it
            raise ApplyError(self._not_kept_message() + self._besides_not_kept(told, waiting))
        if self.copies:
            raise ApplyError(_copies_message(self.copies, self.plan.stack, self._copies_hold_prefixed()))
        if self.beside_another_stacks:
            raise ApplyError(_beside_another_stacks_message(self.beside_another_stacks))
        if self.ports_shared:
            raise ApplyError(_ports_shared_message(self.ports_shared))
        if not self.succeeded:
            raise ApplyError(self._did_not_finish(told, waiting))
        if waiting:  # what `refuse_incomplete` says, found once above
            raise ApplyError(f"apply is incomplete; {waiting}")
        if self.after is not None and (shared := channels_shared_now(self.after.changes)):
            raise ApplyError(_channels_shared_message(shared, again))
        if self.after is not None and self.after.summary.has_changes:
            self._raise_still_differing(self.after, told, again)
        if self.after is not None and (unwritten := _left_unwritten(self.after)):
            raise ApplyError(unwritten)

    def _did_not_finish(self, told: str, waiting: str) -> str:
        """The units not applied and what to do next, closing an apply a unit of which failed."""
        advice = self._advice_after_failures(told)
        if any(outcome.pending or outcome.unsure for outcome in self.outcomes):
            advice = zero_date.next_steps_then(self.outcomes, advice)
        else:  # a rerun would have nothing to write: the ZERO_DATE steps alone, if any
            advice = zero_date.next_steps(self.outcomes) or advice
        # The text report above names each unit; a JSON one is on stdout, which a CI log may not show.
        which = "" if told == "above" else f"{_unfinished(self.outcomes)}; "
        also = f"; {waiting}" if waiting else ""  # a gateway refused or asleep: a rerun alone does not do
        return f"apply did not finish: {which}{advice} ({self._what_is_lost()}){also}"

    def _besides_not_kept(self, told: str, waiting: str) -> str:
        """What follows the updates answered and not kept in the closing error: the units failed for
        more than that (a write refused, unsent or of unknown outcome), each with its step, and the
        gateways left waiting, as an apply without an update not kept says them."""
        if any(self._failed_besides_not_kept(outcome) for outcome in self.outcomes):
            return f". {_sentence(self._did_not_finish(told, waiting))}"
        return f". {_sentence(waiting)}" if waiting else ""

    def _failed_besides_not_kept(self, outcome: Outcome) -> bool:
        not_kept = set(self.not_kept).intersection(outcome.unsure)
        return outcome.status is Status.FAILED and (
            bool(outcome.pending) or not not_kept or not not_kept.issuperset(outcome.unsure)
        )

    def _advice_after_stop(self, told: str, again: str) -> str:
        """What to do once the rollout stopped, before the units not started run."""
        advice = self.rerun if self.replan else "run it again to continue"
        # A broken assumption: what a rerun does depends on what the platform kept, which its plan
        # reads (it refuses to create again what it recognises as made here: plan/copies.py).
        if any(outcome.halt for outcome in self.outcomes):
            advice = (
                f"deal with what it names {told} before running it again (`{again}` shows what a "
                "rerun would do)"
            )
        if any(outcome.unreviewed for outcome in self.outcomes):
            advice = (
                # An entity another writer removed meanwhile is no longer there to destroy anything.
                f"review a new plan (`{again}`) before applying the rest: what a removal of this plan "
                "would destroy, or a data-model change would reread, is no longer what it showed"
            )
        return advice

    def _raise_still_differing(self, after: Plan, told: str, again: str) -> None:
        """The verifying plan still has changes: what differs, and why it may."""
        unlisted, updated = set(self.made_unlisted()), set(self.updated_unlisted())
        left = "\n".join(
            f"  {change.address}: {_as_told(str(change.address), change.action, unlisted, updated)}"
            for change in after.writes[:LISTED]
        )
        on_device = made_on_device(self.plan)
        where = what_differs(after, on_device)
        why = (
            "the ports written on still measure 0 V, which iotplan cannot tell from a supply the THREAD "
            f"did not keep (see each gateway's line {told}): check the ports' supply on the box"
            if self._only_powers_still_at_0_v()
            else f"another writer changed {self._changed_meanwhile(after)} (another iotplan run, a person "
            f"or a script), or a write {where} accepted but did not keep points at an assumption it does "
            "not share (see docs/api-assumptions.md)"
        )
        why = self._metrics_lost_first(after, why)
        differs = still_differing(after, on_device)
        if len(unlisted) + len(updated) == len(after.writes):  # the lists alone may explain it
            made = "was made by this apply, its create answered,"
            steps = [_unlisted_advice(sorted(unlisted), made, "")] if unlisted else []
            steps += [_updated_unlisted_advice(sorted(updated))] if updated else []
            raise ApplyError(
                f"{_written_again(unlisted, updated)} ({after.summary.line()}):\n{left}\n"
                + ". ".join(_sentence(step) for step in steps)
                + "."
            )
        lag = (
            f" For those {UNLISTED}, {_unlisted_advice(sorted(unlisted), 'was made by this apply,', '')}."
            if unlisted
            else ""
        )
        lag += (
            f" For those {UPDATED_UNLISTED}, {_updated_unlisted_advice(sorted(updated))}." if updated else ""
        )
        raise ApplyError(
            f"{differs} from the manifest after apply ({after.summary.line()}):\n"
            f"{left}\nRun `{again}` to see why; {why}.{lag}"
        )

    def _changed_meanwhile(self, after: Plan) -> str:
        """What another writer may have changed: what this apply wrote only where the verifying plan
        writes nothing else; an entity it never wrote was changed since the plan read it."""
        written = {*self._applied(), *(address for outcome in self.outcomes for address in outcome.unsure)}
        unwritten = [str(change.address) for change in after.writes if str(change.address) not in written]
        if not unwritten:
            return "what this apply wrote meanwhile"
        it = "it" if len(unwritten) == 1 else "them"
        if len(unwritten) == len(after.writes):
            return f"{it} since the plan read {it} (this apply did not write {it})"
        others = f"{joined(unwritten)} (which it did not write) since the plan read {it}"
        return f"what this apply wrote meanwhile, or {others}"

    def _metrics_lost_first(self, after: Plan, why: str) -> str:
        """`why`, after the sensors still differing whose metrics the platform lost on this update,
        named first: no other writer needed, and writing them back does not take."""
        lost = [str(change.address) for change in after.writes if str(change.address) in self.metrics_lost]
        if not lost:
            return why
        named = _metrics_lost_said(lost)
        return named if len(lost) == len(after.writes) else f"{named}. For the rest, {why}"

    def _not_kept_message(self) -> str:
        """The updates answered as made and not kept, each said once: a sensor whose metrics the
        update lost as such (apply/metrics_lost.py: its maps emptied, not merely unchanged), the rest
        with the check-platform lines that probe what they changed."""
        lost = [address for address in self.not_kept if address in self.metrics_lost]
        ignored = [
            change
            for change in self.plan.writes
            if str(change.address) in self.not_kept and str(change.address) not in lost
        ]
        told = [_not_kept_said(ignored)] if ignored else []
        return ". ".join(told + ([_metrics_lost_said(lost)] if lost else []))

    def _gateways_left(self) -> str:
        """What `refuse_incomplete` lists of the gateways left waiting, each told as its outcome is
        (the report's message: the apply's reason, and the verifying read's where it found another),
        with each gateway unit that ran and was not applied, which that read may not leave waiting:
        every gateway the error's header names as pending or failed is told under a heading."""
        told = {
            o.connection: o.message for o in self.outcomes if o.status is not Status.APPLIED and o.message
        }
        waiting = self._waiting_to_refuse()
        changes = tuple(
            dataclasses.replace(change, reason=told.get(change.address, change.reason))
            for change in waiting.changes
            if change.action in WAITING
        )
        listed = {change.address for change in changes}
        units = gateway_unit_names(self.plan)
        ran = [
            outcome
            for outcome in self.outcomes
            if outcome.connection in units
            and outcome.connection not in listed
            and outcome.status in UNFINISHED
        ]
        return _incomplete(dataclasses.replace(waiting, changes=changes), self._written_to(), ran)

    def _written_to(self) -> set[str]:
        """Each unit (a connection's address, or a gateway's `{node}/edge`) this apply sent a write
        whose changes were applied (or read back in place), or may have been: `_incomplete` looks the
        waiting gateways up in it."""
        return {
            outcome.connection
            for outcome in self.outcomes
            if outcome.applied or outcome.unsure or outcome.confirmed
        }

    def _history_in_place(self) -> str:
        """The removals (replacements too) whose answer was lost and that the fresh read shows made
        (`Outcome.confirm_in_place`): their history is gone, said where CI logs look, and not claimed
        as this run's (another writer may have made the same removal meanwhile)."""
        destroying: dict[str, Change] = {c.address: c for c in self.plan.changes if c.destroys_data}
        gone = [destroying[a] for outcome in self.outcomes for a in outcome.confirmed if a in destroying]
        if not gone:
            return ""
        held = observations(sum(c.observations for c in gone), any(c.observations_unknown for c in gone))
        addresses = first([change.address for change in gone], LISTED)
        return f"{held} gone with {addresses}, removed by {WHOSE if len(gone) == 1 else WHOSES}"

    def _waiting_to_refuse(self) -> Plan:
        """The verifying plan's gateways left waiting (pending or refused) and THREAD loggers held, with
        each the plan applied left so and the verifying read no longer does (a gateway asleep when
        planned, awake since) yet finds differing: no unit ran for it, nothing was written to it, and
        what it still differs by is its own, not a write the platform did not keep. One that read finds
        as declared has nothing left to write (`_as_declared_since`)."""
        after = self.after or self.plan
        there = {change.address for change in after.changes if change.action in WAITING}
        since = [
            dataclasses.replace(change, reason=clause(change.reason) + _not_written_when_planned(self.replan))
            for change in self.plan.changes
            if change.action in WAITING
            and change.address not in there
            and not (self.after is not None and _as_declared_since(change.address, self.after))
        ]
        return dataclasses.replace(after, changes=(*after.changes, *since))

    def _only_powers_still_at_0_v(self) -> bool:
        """All that still differs is port powers this apply wrote on and read back at 0 V ('off')."""
        assert self.after is not None
        written = set(self._applied())
        return all(
            change.kind is Kind.EDGE
            and change.address.name.endswith(".power")
            and (change.before or {}).get("value") == "off"
            and str(change.address) in written
            for change in self.after.writes
        )


def _unread_by(after: Plan) -> Callable[[Outcome], bool]:
    """Whether a unit's writes fall where the verifying read did not compare: a gateway it left
    pending or refused, a THREAD logger it held (with its sensors)."""
    waiting = tuple(f"{change.address}/" for change in after.changes if change.action in WAITING)

    def unread(outcome: Outcome) -> bool:
        return any(f"{address}/".startswith(waiting) for address in (outcome.connection, *outcome.unsure))

    return unread


def _settled_failure(outcome: Outcome) -> bool:
    """A failed unit whose writes a fresh read showing nothing left settles: answers lost, found
    made by another writer, or refused."""
    return bool(outcome.confirmed or outcome.unsure or outcome.found_made or outcome.refused)


def _unfinished(outcomes: list[Outcome]) -> str:
    """The units not applied, by how each ended (`c1, c2 failed; thread-0/edge pending`)."""
    by_status: dict[Status, list[str]] = {}
    for outcome in outcomes:
        if outcome.status is not Status.APPLIED:
            by_status.setdefault(outcome.status, []).append(outcome.connection)
    return "; ".join(f"{first(names, LISTED)} {status}" for status, names in by_status.items())


def _copies_message(copies: list[str], stack: str, sensors_prefixed: bool) -> str:
    """A copy is no change to plan (duplicates are reported, never removed on their own), so the
    verifying plan converges; yet one refId now names two entities, which a later write could take
    for each other: the apply is not complete until one of the two goes, or carries another refId.
    Each copy is listed with what it holds, which its removal destroys: the step keeping it first.
    A copy carries the refId this apply made, most often `stack:`...: given another SERIAL_NO still
    starting so, or its sensors left so (`sensors_prefixed`: said only then), the next plan removes
    them as the stack's orphans."""
    prefix = f"{stack}:"
    sensors = (
        f" (and so those of its sensors whose SERIAL_NOs start with '{prefix}')" if sensors_prefixed else ""
    )
    return (
        f"a fresh read shows a copy of what this apply made: {listed(copies, '; ')}. Another writer made "
        "one with its refId (or one differing only as shown) after the plan read the project (or the "
        "platform made a second). To keep a copy and its history, give it a SERIAL_NO that does not "
        f"start with '{prefix}'{sensors} in the platform's web app; or remove it there, destroying the "
        "observations each holds (shown above); then run `iotplan plan`"
    )


def _beside_another_stacks_message(beside: list[str]) -> str:
    """Each stack owns its own, so neither plan shows the other's as a change: nothing later says
    that two stand where one was meant, and the next creation of either stack here is refused."""
    return (
        f"a fresh read shows another stack's entity at what this apply made: {listed(beside, '; ')}. That "
        "stack made it at this address while this apply ran (two stacks applied at once, or a pipeline "
        "still running under a stack's old name); a plan made after would have refused this creation. "
        f"{one_or_two('entity')}"
    )


def _left_unwritten(after: Plan) -> str:
    """What the fresh read shows that iotplan writes none of, each kind with its step, all in one
    error: told one kind a round, a THREAD whose SERIAL_NO and VERSION were both dropped failed the
    next apply again over its VERSION."""
    lost, edited, otherwise = identities_lost(after), serials_edited(after), left_unwritten_otherwise(after)
    said = [
        *([_identities_lost_message(lost)] if lost else []),
        *([_serials_edited_message(edited, which_edited_untold(after))] if edited else []),
        *([_left_unwritten_message(otherwise)] if otherwise else []),
    ]
    return ". Besides, ".join(said)


def _identities_lost_message(lost: list[str]) -> str:
    """Nothing is left to write, yet the platform does not record which box each is: never
    "verified" (plan/thread_identity.py). A logger's may never have been given (the reference's
    createDevice answer shows none): the read tells no cause, so none is said as sure."""
    return (
        f"a fresh read shows {joined(lost)} without a SERIAL_NO (another tool's update dropped it, or, a "
        "logger's, this platform never gave it one), so the platform does not record which THREAD, logger "
        "or sensor each is; iotplan writes no SERIAL_NO (an update resends it only as it stands, and which "
        "serial a logger holds is the platform's to say): set each in the platform's web app to the serial "
        "`iotplan drift` names on its line, then plan again"
    )


def _serials_edited_message(edited: list[str], unsure: bool) -> str:
    """As a lost one (`_identities_lost_message`): nothing is left to write, yet the platform's
    record of which logger each is differs from the manifest's, and iotplan writes none back."""
    whose = "its serial was" if len(edited) == 1 else "their serials were"
    # `unsure`: a family that disagrees is told whole (`which_edited_untold`): some of it is healthy.
    which = (
        " (where a logger family disagrees, one or more of it: iotplan cannot tell which)" if unsure else ""
    )
    restore = (
        "check each in the platform's web app and restore the edited ones"
        if unsure
        else "restore the serial in the platform's web app"
    )
    return (
        f"a fresh read shows that {listed(edited, '; ')}: {whose} likely edited behind iotplan{which} (a "
        "logger swapped, a serial typed in the web app), and iotplan writes no SERIAL_NO back: if the edit "
        f"was a mistake, {restore}; if a logger was swapped, declare the new one under its own `serial` and "
        "another `name` (a new device, with no history); then plan again"
    )


def _left_unwritten_message(otherwise: list[str]) -> str:
    """As an edited serial (`_serials_edited_message`), for whatever else the plan notes differing
    with nothing to write (a registered THREAD's VERSION dropped): each note names the step."""
    return (
        f"a fresh read shows that {listed(otherwise, '; ')}. iotplan writes none of it: take the step "
        f"{'its note names' if len(otherwise) == 1 else 'each note names'}, then plan again"
    )


def _channels_shared_message(shared: list[str], again: str) -> str:
    """Sensors sharing a channel are never right, yet each passed its own plan: another writer put
    one there while this apply ran (two applies at once). Told before what still differs, as the
    verifying plan may move one of them off (the other writer's), which that alone would hide."""
    return (
        f"a fresh read shows two sensors on one channel of a logger: {'; '.join(shared)}. Another writer "
        "put one of them there while this apply ran (another iotplan run, a person or a script), so no "
        f"plan showed it. Review `{again}` before applying again: it may move one of them off, which "
        "changes how that one's history reads, and the data mixed meanwhile stays mixed"
    )


def _ports_shared_message(shared: list[str]) -> str:
    """The note warns of a `port:` typo; written past it unreviewed, the logger stands on the port
    (no documented call removes a THREAD's device), and neither plan shows it as a change."""
    return (
        f"a fresh read shows a port-sharing note on what this apply wrote that its plan did not show: "
        f"{listed(shared, '; ')}. Another writer put a logger on that port while this apply ran (two "
        "stacks applied at once, or a person in the web app), so no review saw the note: if the loggers "
        "share an RS-485 bus, declare the port RS485 (`comm_type` or `mode`); if not, correct the `port:` "
        "that is wrong"
    )


def _metrics_lost_said(lost: list[str]) -> str:
    return (
        f"the platform lost the metrics and units of {first(lost, LISTED)} on this update, which say "
        f"what their observations mean. {METRICS_LOST_ADVICE}"
    )


def _not_kept_said(ignored: list[Change]) -> str:
    """A platform that ignores what such an update sends, and another writer who set each field back
    before the fresh read, leave the same read (each field as the applied plan found it): nothing
    this apply reads tells the two apart, as `updated_unlisted` says of a THREAD's. Whether the
    platform keeps what such an update sends is what check-platform probes; a plan made later shows
    whether the change is still to make."""
    them = "it" if len(ignored) == 1 else "them"
    addresses = [str(change.address) for change in ignored]
    return (
        f"the platform answered the update of {listed(addresses)} as made, but a fresh read shows {them} "
        f"not kept: the platform ignores what the update sent (a rerun would be answered the same), or "
        f"another writer changed {them} back meanwhile. Run `iotplan check-platform`: its "
        f"{_update_lines_probing(ignored)}, before running it again"
    )


def _update_lines_probing(ignored: list[Change]) -> str:
    """The check-platform lines that probe what these updates changed: a connection's props (A4), a
    generic sensor's metrics (A8), any other prop an update sends (A2)."""
    connections = any(change.kind is Kind.NODE for change in ignored)
    metrics = any(field.key == "metrics" for change in ignored for field in change.fields)
    others = any(
        change.kind is not Kind.NODE and field.key != "metrics"
        for change in ignored
        for field in change.fields
    )
    lines = [CONNECTION_PROPS_PROBED] * connections + [METRICS_PROBED] * metrics + [PROPS_PROBED] * others
    return " and its ".join(lines)


CONNECTION_PROPS_PROBED = "A4 lines say whether it keeps a connection's props"
METRICS_PROBED = "A8 line says whether it keeps a change of metrics"
PROPS_PROBED = "A2 lines say whether it keeps the props an update sends"


def _not_made_message(not_made: list[str], remove_first: str) -> str:
    """Running it again would be answered the same and change nothing: what the platform does with a
    removal it answers is the question, which check-platform's A3 lines probe."""
    them = "it" if len(not_made) == 1 else "them"
    return _then(
        f"the platform answered the removal of {listed(not_made)} as made, but a fresh read still shows "
        f"{them}: it may remove later (asynchronously), or refuse after answering (a device with sensors, a "
        f"connection with devices). Run `iotplan check-platform`: its {_lines_probing(not_made)} say which, "
        "before running it again",
        remove_first,
    )


# What a user can do where the platform removes nothing that still holds something (check-platform's
# A3 or A4 line failing): each rerun is answered the same, so what the removed entity holds goes first
# (`ApplyResult._remove_first` says which applies).
DEVICES_FIRST = (
    "where the platform removes no device that still holds sensors, remove those first: declare the device "
    "with `sensors: []` and apply, then leave it out (a replacement: declare it as you want it) and apply "
    "again, or remove them in the platform's web app"
)
CONNECTIONS_FIRST = (
    "where the platform refuses to remove a connection that still holds devices, remove those first: "
    "declare each device with `sensors: []` and apply, then the connection with `devices: []` and apply, "
    "then leave it out and apply again, or remove them in the platform's web app"
)


def _but_zero_date(change: Change, sent: Mapping[str, tuple[FieldChange, ...]]) -> bool:
    """Whether a verifying plan's update of a logger or sensor whose ZERO_DATE this apply wrote back
    sets its zero date, and besides nothing, or what the applied plan's update did: the lists show
    neither write, or the update and not the write-back (A16)."""
    rest = [field for field in change.fields if field.path != "zero_date"]
    return len(rest) < len(change.fields) and (not rest or tuple(rest) == sent.get(str(change.address)))


def _read_in_rest_lists(change: Change, action: Action) -> bool:
    """A THREAD logger's or sensor's `action`: the plan reads them in the REST lists, which may not show
    a JSON-RPC write yet (A16); a node it reads elsewhere."""
    return change.action is action and change.on_thread and change.kind is not Kind.NODE


# A verifying plan's creation of a THREAD logger or sensor this apply made: not a change left to make.
UNLISTED = "made by this apply (its create answered), not listed yet"


def _unlisted_advice(addresses: list[str], how: str, then: str) -> str:
    """Where the REST lists the plan reads a THREAD's loggers and sensors in do not show one that
    exists (A16): a real index updated late catches up, so planning again later is the step; a rerun
    now plans it again and is refused as "already exists". `how`: how it is known to exist; `then`:
    what to do once a plan no longer creates it."""
    it, them = ("it", "it") if len(addresses) == 1 else ("each", "them")
    after = f"; {then}" if then else ""
    return (
        f"plan again later (`iotplan plan`): {listed(addresses)} {how} yet the REST device and sensor lists "
        f"the plan reads do not show {them} yet, so the plan creates {them} again. Once a plan no longer "
        f"does, {it} is in sync{after}; if the lists never show {them}, this platform's lists lag behind "
        "JSON-RPC writes, which iotplan assumes they do not (A16 in docs/api-assumptions.md)"
    )


# A verifying plan's update of a THREAD logger or sensor this apply updated as it plans it: the lists
# may lag (A16), or another writer changed it back; nothing the apply read tells which.
UPDATED_UNLISTED = "updated by this apply (its update answered), maybe not listed yet"


def _as_told(address: str, action: Action, made: set[str], updated: set[str]) -> str:
    """A verifying plan's change as its line in the error tells it."""
    return UNLISTED if address in made else UPDATED_UNLISTED if address in updated else str(action)


def _written_again(made: set[str], updated: set[str]) -> str:
    """The error's opening where all the verifying plan writes is what this apply made or updated."""
    if not updated:  # made: the lists are all that can hide it (nothing removes a THREAD's entity, A17)
        return (
            "this apply made what the verifying plan creates again, and the REST lists do not show "
            f"{'it' if len(made) == 1 else 'them'} yet"
        )
    what, again = ("made and updated", "writes") if made else ("updated", "updates")
    it = "it" if len(made | updated) == 1 else "them"
    return (
        f"this apply {what} what the verifying plan {again} again: the REST lists may not show {it} yet, "
        f"or another writer changed {'back what it updated' if made else f'{it} back'}"
    )


def _updated_unlisted_advice(addresses: list[str]) -> str:
    """Where the verifying plan updates again, as this apply did, a THREAD logger or sensor whose
    update was answered: the REST lists it reads may not show the update yet (A16), or another writer
    changed it back; a plan made later tells which (it plans the update again only in the second)."""
    them, was = ("it", "was") if len(addresses) == 1 else ("them", "were")
    return (
        f"plan again later (`iotplan plan`): {listed(addresses)} {was} updated by this apply, its update "
        f"answered, yet the REST device and sensor lists the plan reads may not show {them} updated yet, so "
        f"the plan updates {them} again; or another writer changed {them} back meanwhile. Once a plan no "
        f"longer updates {them}, {them} {'is' if them == 'it' else 'are'} in sync; if plans keep updating "
        f"{them}, another writer keeps changing {them} back, or this platform's lists lag behind JSON-RPC "
        "writes, which iotplan assumes they do not (A16 in docs/api-assumptions.md)"
    )


def _then(advice: str, more: str) -> str:
    return f"{advice}; {more}" if more else advice


def _unsure_removals_message(still: list[str], again: str, remove_first: str) -> str:
    """A removal of unknown outcome the fresh read still shows did not take, yet: said as such, with
    what check-platform probes (`_not_made_message` for one answered as made)."""
    them = "it" if len(still) == 1 else "them"
    return _then(
        f"the removal of {listed(still)} was answered with an error, unreadably or not at all, and a "
        f"fresh read still shows {them}: it did not take (yet). The platform may remove later "
        "(asynchronously), or not at all (a device with sensors, a connection with devices). Run "
        f"`iotplan check-platform`: its {_lines_probing(still)} say which, before {again}",
        remove_first,
    )


def _server_erred_removals_message(still: list[str], replan: bool, remove_first: str) -> str:
    """Removals answered with a server error that the fresh read still shows: the platform said it
    failed, maybe before removing anything, so sending it again is the first step; yet a platform that
    ignores a removal, or refuses one of an entity still holding others, may answer that with a 5xx
    every time, so each run also says what check-platform probes: a rerun alone could loop."""
    them = "it" if len(still) == 1 else "them"
    again = "Plan again and apply the new plan" if replan else "Run it again"
    return _then(
        f"the removal of {listed(still)} was answered with a server error (5xx), and a fresh read still "
        f"shows {them}: it was not made, or not yet (the platform may have failed before removing {them}, "
        f"or may remove {them} later), or not at all (a device with sensors, a connection with devices, "
        f"which a platform may answer with a server error too). {again} to send it again; if a fresh read "
        f"still shows {them} after that, run `iotplan check-platform`: its {_lines_probing(still)} say which",
        remove_first,
    )


def _lines_probing(removed: list[str]) -> str:
    """The check-platform lines that probe these removals: A4 a connection's, A3 (and A3+) the rest's."""
    connections = any(Address(each).depth == 0 for each in removed)
    below = any(Address(each).depth > 0 for each in removed)
    return {(True, False): "A4 lines", (False, True): "A3 lines"}.get((connections, below), "A3 and A4 lines")


def read_saved_plan(path: str) -> Plan | None:
    """The saved plan `path` holds, told by its content whatever its name (`--out tfplan`,
    `PLAN.JSON`), read a change at a time; None when it holds a manifest, in YAML or in JSON."""
    _refuse_unopened(path)
    kind = saved_document(path)
    if kind is None:
        return None
    document = read_saved(path) if kind == PLAN else None
    if not isinstance(document, Plan):
        raise IotplanError(
            f"{path} is a drift report (made by `iotplan drift`): apply takes a manifest or a plan "
            f"saved by `iotplan plan --out`; show it with `iotplan show {shlex.quote(path)}`"
        )
    _refuse_writing_twice(document, path)
    return document


def _refuse_unopened(path: str) -> None:
    """A file that cannot be opened has no content to tell a plan from a manifest by: both are named
    (the manifest's reader would name a manifest alone, though `p2.json` is likely a plan mistyped).
    Looked up, not opened: a named pipe opened here would be read by nobody."""
    if path == STDIN:
        return
    try:
        os.stat(path)
    except OSError as error:
        raise IotplanError(
            f"{masked_in_place(path)}: cannot read the plan file or manifest: {error.strerror}"
        ) from None


def _refuse_writing_twice(saved: Plan, path: str) -> None:
    """A plan writes an address once: an apply holds its writes by address (apply/stale.py), so a
    second (a write's line copied, `summary.add` raised to match) was weighed as the first and shown
    to its review as one write more than it made. Other changes may share an address: a web-app copy
    of a device is reported at the one its refId names, beside the declared device's own. Told by a
    set's size first: 0.01 s of CPU for a plan of 111,000 writes."""
    written = [change.address for change in saved.writes]
    if len(set(written)) == len(written):
        return
    first: dict[Address, int] = {}
    for number, change in enumerate(saved.changes, 1):
        earlier = first.setdefault(change.address, number) if change.action.writes else number
        if earlier != number:
            raise IotplanError(
                f"{path}: changes {earlier} and {number} both write {change.address}, where a plan writes an "
                "address once: the plan file was edited"
            )


def as_reviewed(saved: Plan, file: SavedFile | None = None) -> Plan:
    """A saved plan as an apply holds it once the digest of its review is shown: its writes. They
    are all it checks against the fresh plan (apply/stale.py) and applies; whole, a merged plan
    of 1,000,000 entities stayed in memory through every shard of its apply. The THREAD loggers it
    held, written or not, are kept by address: what a port setting's cut-off note may name. `file`:
    where it was read, with the digest shown: what it read of the entities it held in sync is read
    there again only if a refusal asks (apply/stale.py `_read_otherwise_since`), so that an apply
    that passes pays nothing for it."""
    loggers = saved.thread_loggers | thread_loggers(saved.changes)
    held = None if file is None else dataclasses.replace(file, read_again=lambda: _still_shown(file))
    waiting = waiting_when_planned(saved.changes)  # taken as planned if they answer now (apply/woken.py)
    return dataclasses.replace(
        saved, changes=saved.writes, thread_loggers=loggers, file=held, waiting_when_planned=waiting
    )


def _still_shown(file: SavedFile) -> Plan | None:
    """The plan `file` holds now, read as the apply read it, if still the one whose digest it showed."""
    try:
        again = read_saved(file.path)
    except (IotplanError, OSError):
        return None
    return again if isinstance(again, Plan) and plan_digest(again) == file.digest else None


def saved_plan_input(saved: Plan) -> ManifestInput:
    """The manifest a saved plan was made from, rendered with the same --vars and --sites."""
    source = saved.manifest
    return ManifestInput(source.path, source.vars_file, source.sites_file, source.variables)


def refuse_missing_inputs(saved: Plan, plan_path: str) -> None:
    """A saved plan is re-made from the files it names, at the paths given to `plan` (relative to
    where it ran): a renamed or moved manifest, or an apply run elsewhere, finds nothing there. Said
    as such, not as a manifest that cannot be read; the plan is never matched to another file."""
    refuse_inputs_read_once(saved, plan_path)
    missing = [
        (noun, path) for noun, path in named_inputs(saved.manifest) if path and not os.path.exists(path)
    ]
    if not missing:
        return
    files = joined([f"{noun} {masked_in_place(path)}" for noun, path in missing])
    if all(os.path.isabs(path) for _, path in missing):
        where, there = "", "it is not there: put it back, or plan again"
    else:
        where = ", relative to the directory plan ran in"
        there = (
            f"apply looked in {os.getcwd()} and found nothing: run apply from the directory plan ran in, "
            "put the file back, or plan again"
        )
    raise IotplanError(
        f"{masked_in_place(plan_path)}: the plan re-reads {files} from the path given to `iotplan plan`"
        f"{where}; {there} "
        "(a renamed or moved manifest needs a new plan)"
    )


def refuse_inputs_read_once(saved: Plan, plan_path: str) -> None:
    """Refused before any input is opened: stdin, a pipe or a `<(...)` holds now what is not known to
    be what was planned (a /dev/fd/N names another process's descriptor, or none), and one with no
    writer (a terminal, a named pipe) would keep the apply waiting without a word."""
    read_once = inputs_read_once(saved.manifest)
    if read_once:
        raise IotplanError(
            f"{masked_in_place(plan_path)}: {read_once_said(read_once)} to re-make the plan: "
            "save it to a file, plan that with --out, and apply the new plan"
        )


async def prepare_apply(
    target: Target,
    desired: DesiredState,
    request: ApplyRequest,
    environ: Mapping[str, str],
    saved: Plan | None = None,
) -> PreparedApply:
    """A fresh plan; a saved one is honoured only while the world it was made against stands."""
    if saved is not None:
        request = _as_saved(target, desired, request, environ, saved)
    desired = shard_desired(desired, request.shard)  # once: the plan, its units and its replan take it
    planning = PlanRequest(desired, request.options, request.parallelism, shard=request.shard)
    props_read = PropsRead()
    fresh = await _fenced_as_saved(target, planning, environ, saved, props_read=props_read)
    grown: tuple[Grown, ...] = ()
    if saved is not None:
        fresh = woken_as_shown(saved, fresh)  # a gateway waking since the plan was made is no change
        check_not_stale(saved, fresh)
        grown = grown_since_review(saved, fresh)
    if grown:
        log.warning("%s", grown_said(grown))
    props = props_read.props
    return PreparedApply(desired, request, fresh, saved=saved is not None, props_read=props, grown=grown)


async def refuse_edited(
    target: Target,
    desired: DesiredState,
    request: ApplyRequest,
    environ: Mapping[str, str],
    saved: Plan,
    lists: SharedLists,
) -> None:
    """A saved plan's writes compared with a plan made now for the file's own edits alone
    (apply/stale.py `check_not_edited`): what a merged plan's apply asks of a shard's part before
    the first shard writes (commands/shard_apply.py). The plan made now is not kept. Its device and
    sensor lists are `lists`, read once for every shard's check (no write comes between them)."""
    request = _as_saved(target, desired, request, environ, saved)
    desired = shard_desired(desired, request.shard)
    planning = PlanRequest(desired, request.options, request.parallelism, shard=request.shard)
    fresh = await _fenced_as_saved(target, planning, environ, saved, lambda: PagedLists(shared=lists))
    check_not_edited(saved, fresh)


async def _fenced_as_saved(
    target: Target,
    planning: PlanRequest,
    environ: Mapping[str, str],
    saved: Plan | None,
    paged: Callable[[], PagedLists | None] = lambda: None,
    props_read: PropsRead | None = None,
) -> Plan:
    """The plan made now with the saved plan's options. Its own --target or --exclude that selects
    nothing now is told as the platform's change: the user gave the apply none, and the plan's
    patterns each selected something when it was made, from the manifest it is checked to still be.
    Where the entity a write names stands now a `#` and short id away, it is told where: a plan
    made without the fence, read again for this refusal alone, says (nothing where it is refused
    too). `paged`: each plan's own lists to fill."""
    try:
        return await plan_command(target, planning, environ, paged(), props_read)
    except EmptySelectionError as error:
        if saved is None or not error.patterns:
            raise
        options = dataclasses.replace(planning.options, targets=(), excludes=())
        try:
            unfenced = await plan_command(
                target, dataclasses.replace(planning, options=options), environ, paged()
            )
        except IotplanError:
            unfenced = None
        shifted = shifted_outside_the_fence(saved, unfenced) if unfenced is not None else {}
        raise StalePlanError(fence_selects_nothing_said(error.patterns, shifted)) from error


def _as_saved(
    target: Target, desired: DesiredState, request: ApplyRequest, environ: Mapping[str, str], saved: Plan
) -> ApplyRequest:
    """The request with the saved plan's options and shard, once what needs no read of the platform
    says the plan may apply here: its target, its manifest and the tokens it writes."""
    refuse_other_target(saved, target)
    check_saved_inputs(saved, desired, environ)  # before the platform is read
    options = dataclasses.replace(saved.options, reviewed=True)
    return dataclasses.replace(request, options=options, shard=saved_shard(saved, request.shard))


def check_saved_inputs(saved: Plan, desired: DesiredState, environ: Mapping[str, str]) -> None:
    """What every apply of a saved plan holds its file to before anything live is read, on a
    platform, shard by shard for a merged plan, or on a THREAD (commands/on_device.py): the manifest
    is the one it was made from, each gateway setting it writes is what that manifest declares, and
    each token it sets is the one reviewed. One place, so no way of applying a plan skips one: an edit
    in the file is blamed on the file, never on the platform or the gateway it is applied to."""
    check_manifest_unchanged(saved, desired.source.digest)
    check_settings_as_declared(saved, declared_values(desired), __version__)
    check_tokens_unchanged(saved, lambda reference: lookup_secret(reference, environ))


def saved_shard(saved: Plan, asked: Shard | None) -> Shard | None:
    """The shard a saved plan covers, which is the one an apply of it works in."""
    coverage = saved.shard
    if coverage is None:
        if asked is not None:
            raise IotplanError(
                f"--shard {asked}: this plan was made without --shard and covers the whole manifest; "
                "apply it without --shard, or plan the shard with `iotplan plan --shard`"
            )
        return None
    if len(coverage.covered) != 1:
        raise IotplanError("a merged plan is applied shard by shard (iotplan.commands.apply_merged)")
    shard = Shard(coverage.covered[0], coverage.count)
    if asked is not None and asked != shard:
        raise IotplanError(
            f"--shard {asked}: this plan covers shard {shard}; apply it with --shard {shard}, or without"
        )
    return shard


def refuse_other_target(saved: Plan, target: Target) -> None:
    """A plan reviewed for one platform is never applied to another, nor through another's JSON-RPC."""
    # A plan from before targets had an identity names the target by its description.
    here = target_identity(target) if saved.target_identity else target.description
    _refuse_unless_made_against(saved, here, getattr(target, "rpc_identity", ""), rpc_variable_read=False)


def refuse_other_target_unopened(saved: Plan, options: TargetOptions, environ: Mapping[str, str]) -> None:
    """refuse_other_target before the target is opened: `--sim-db other.db` would create other.db
    only to be refused."""
    if saved.target_identity and not made_on_device(saved):
        # IOTPLAN_RPC_ENDPOINT is read only when no flag names the target (or its JSON-RPC).
        variable_read = options.endpoint is None and options.rpc_endpoint is None
        _refuse_unless_made_against(saved, *identity_of(options, environ), rpc_variable_read=variable_read)


def _refuse_unless_made_against(saved: Plan, here: str, here_rpc: str, *, rpc_variable_read: bool) -> None:
    made = saved.target_identity or saved.target
    if made != here:
        again = (
            "it was made on a THREAD: apply it there with `iotplan apply --on-device`"
            if made_on_device(saved)
            else "plan again against this target (or point iotplan at the one the plan was made for)"
        )
        raise StalePlanError(
            f"this plan was made against {made}, not against the current target {here}: {again}"
        )
    _refuse_other_rpc_endpoint(saved, here_rpc, rpc_variable_read)


def _refuse_other_rpc_endpoint(saved: Plan, here: str, variable_read: bool) -> None:
    """Its THREAD entities are written through the JSON-RPC the plan was made with. A plan made
    before plans recorded it (format 1.4 and older) records none, and is checked by REST alone;
    from 1.5 one records null for none (in-process), which its reader requires the key for.
    IOTPLAN_RPC_ENDPOINT is advised only where this command would read it: beside `--endpoint`
    it is passed over, and following the advice would be refused again. So is `--rpc-endpoint`
    alone (its REST half would be IOTPLAN_ENDPOINT's): the flag is advised with its `--endpoint`."""
    made = saved.target_rpc_endpoint
    if not made and format_known(TARGET_CHECKS_SINCE, saved.format_version) and here:
        raise StalePlanError(
            f"this plan was made against {saved.target_identity} without a JSON-RPC API, not with one at "
            f"{here} as now: plan again against this target (or point iotplan at the one the plan was "
            "made for)"
        )
    if made and made != here:
        variable = " (or set IOTPLAN_RPC_ENDPOINT to it)" if variable_read else ""
        raise StalePlanError(
            f"this plan was made against {saved.target_identity} with its JSON-RPC API at {made}, not at "
            f"{here or 'none'} as now: give --endpoint {saved.target_identity} --rpc-endpoint {made}"
            f"{variable}, or plan again against this target"
        )


async def run_apply(
    target: Target,
    prepared: PreparedApply,
    environ: Mapping[str, str],
    *,
    confirm: Callable[[], bool],
    on_done: ProgressCallback = lambda outcome: None,
) -> ApplyResult:
    request = prepared.request
    verifying = verifying_options(prepared.plan, request.options)
    made = tuple(_made_with_ref_ids(prepared.plan))
    after_request = PlanRequest(
        prepared.desired, verifying, request.parallelism, shard=request.shard, made=made
    )
    shown = PlanRequest(prepared.desired, request.options, request.parallelism, shard=request.shard)
    said = Said()  # counted again before each unit that removes: JSON-RPC not answering is said once
    _say_pacing_window(prepared.plan, target.client.throttle.known_pace)  # the pace kept, not the limit
    props_now = PropsRead(of=frozenset(prepared.props_read))
    result = await apply_prepared(
        prepared,
        environ,
        units=lambda plan: _units(target, prepared, plan, environ),
        replan=lambda: plan_command(target, after_request, environ, props_read=props_now),
        confirm=confirm,
        on_done=on_done,
        recount=lambda plan, plan_again: recounted(target, plan, request.parallelism, said, plan_again),
        read_again=lambda: plan_command(target, shown, environ),
    )
    if result.after is None:
        return result
    _say_props_lost(prepared.plan, prepared.props_read, props_now.props, result.outcomes)
    lost = metrics_lost(prepared.plan.changes, prepared.props_read, props_now.props)
    for address in lost:
        log.warning(
            "%s: the platform lost its metrics and units on this update, which say what its observations "
            "mean. %s",
            address,
            METRICS_LOST_ADVICE,
        )
    return _lost_not_kept(dataclasses.replace(result, metrics_lost=lost))


def _lost_not_kept(result: ApplyResult) -> ApplyResult:
    """A sensor whose metrics its update lost is an update the platform did not keep: its unit fails
    as one `_answered_not_kept` found does, with what was lost; the closing error names it once, so."""
    lost = {address for address in result.metrics_lost if address not in result.not_kept}
    updates = [change for change in result.plan.writes if str(change.address) in lost]
    failed: list[str] = []
    for outcome in result.outcomes:
        there = [change for change in updates if change.address in outcome.applied]
        if there:
            their = "its" if len(there) == 1 else "their"
            note = f"{ANSWERED_UPDATE}, but a fresh read shows {their} metrics and units lost"
            _fail_as_answered(outcome, there, note)
            failed += [str(change.address) for change in there]
    return dataclasses.replace(result, not_kept=[*result.not_kept, *failed]) if failed else result


# Seconds between a removal's recount and the removal itself past which the window is said: at a
# strict --rate-limit the pair cannot be closer than one pacing interval (the write sent at once would
# be the request over the limit, answered 429 and sent again later, counted again first).
WINDOW_SAID_FROM = 2.0


def _say_pacing_window(plan: Plan, rate: float | None) -> None:
    """Once, on stderr: under a --rate-limit slow enough, what arrives between the reads counting a
    removal (or a data-model change held to its review) again and the write is not seen for a pacing
    interval at least, as every request takes one: the write goes an interval after the count's last
    read, and an interval later still for each read before it (a connection's REST read, then
    JSON-RPC's count reads) and each request whose turn comes between (the unit's writes before it,
    another unit's, REST and JSON-RPC alike), which no one can say before the run. `rate`: the pace
    the throttle keeps (clients/throttle.py `known_pace`, 90% of a slow limit), whose interval a request
    waits, not the limit: said at the limit, the interval was 10% short."""
    if rate is None or 1 / rate <= WINDOW_SAID_FROM:
        return
    if not plan.destroying and not any(counted_before_written(change) for change in plan.changes):
        return
    interval = 1 / rate
    log.warning(
        "pacing at %s/min: a removal (or a data-model change counted again) goes %s s after the last read "
        "counting it at the soonest, an interval of %s s more for each read before that one (a connection's "
        "REST read, then JSON-RPC's count reads: %s s after the first with one) and for each request whose "
        "turn comes between (its unit's writes before it, another unit's, REST or JSON-RPC); what arrives in "
        "between is not seen",
        f"{round(rate * 60, 2):g}",
        f"{round(interval, 1):g}",
        f"{round(interval, 1):g}",
        f"{round(2 * interval, 1):g}",
    )


def _say_props_lost(
    plan: Plan,
    before: Mapping[str, Mapping[str, Any]],
    now: Mapping[str, Mapping[str, Any]],
    outcomes: Sequence[Outcome] = (),
) -> None:
    """Each entity's props the plan read and the apply did not send (`props_written`: an update's
    undeclared ones; a device's sent as it stands to reach its sensors, A2+, those it does not manage or
    plans show masked) that the verifying read no longer finds: the platform's doing where an update
    replaces props (A2), which no plan compares (iotplan leaves an undeclared prop as it is), so "a
    fresh read shows no changes" says nothing of them. Said on stderr, by name, never a value; the exit
    code stays the write's. A ZERO_DATE an update left out (`outcomes` say each) is said as its unit
    says it: written back, or not confirmed kept with the one next step the closing error gives, or,
    its write-back withheld as the entity changed after the update, as maybe another writer's doing."""
    if not before:  # the plan read none of them (a cold apply's creations): nothing to have lost
        return
    written_back, unconfirmed = zero_date.all_written_back(outcomes), zero_date.all_unconfirmed(outcomes)
    for change in props_written(plan.changes):
        live_id = change.live_id or ""
        if live_id in before and live_id in now:
            gone = _gone(before[live_id], now[live_id], update_prop_names(change))
            others = [prop for prop in gone if prop != EXTERNAL_ID]
            address = str(change.address)
            if zero_date.ZERO_DATE in others and (address in written_back or address in unconfirmed):
                others.remove(zero_date.ZERO_DATE)
                log.warning("%s", zero_date.verifying_read_said(address, unconfirmed.get(address)))
            if others:
                log.warning(
                    "%s: the platform dropped %s, %s: a platform whose update replaces props (%s) loses "
                    "what an update does not send; set them again in the platform's web app",
                    change.address,
                    joined(others),
                    _unsent_because(change),
                    _where_updates_replace(change),
                )
            if EXTERNAL_ID in gone:
                log.warning(EXTERNAL_ID_DROPPED, change.address, _where_updates_replace(change))


# A connection's copy of its refId at creation (docs/api-assumptions.md A4), which iotplan never reads.
# An update does not resend it as it stands (after a `moved` rename, that wrote the old refId back):
# lost where updates replace props, it is said for what it is, not as a prop to set again.
EXTERNAL_ID = "EXTERNAL_ID"
EXTERNAL_ID_DROPPED = (
    "%s: the platform dropped EXTERNAL_ID (its copy of the connection's refId at creation; iotplan does not "
    "use it), as a platform whose update replaces props (%s) does: set it again in the platform's web app "
    "only if another tool reads it"
)


def _where_updates_replace(change: Change) -> str:
    """What says a platform's update replaces props: check-platform's A2 probes a REST update; a
    THREAD's entities are updated over JSON-RPC, which it does not probe."""
    if change.on_thread:
        return "JSON-RPC `update*`: docs/api-assumptions.md, variant `rpc-update-replaces`"
    return "`iotplan check-platform`, A2"


def _unsent_because(change: Change) -> str:
    """Why an entity was written without the props it lost: its update sends what the manifest
    declares; a device sent as it stands, its live fields iotplan manages and does not show masked."""
    if change.action.writes:
        return "which the manifest does not declare, when it was updated"
    return (
        "which iotplan does not manage or holds only masked, when it was sent as it stands to reach its "
        "sensors"
    )


def _gone(before: Mapping[str, Any], now: Mapping[str, Any], sent: set[str]) -> list[str]:
    """The props a read after an update no longer shows that it did not send. Not the platform's own
    (`PLATFORM_PROPS`): nobody sets them, so none is "dropped" for anyone to set again."""
    return sorted(
        prop
        for prop, value in before.items()
        if value is not None and now.get(prop) is None and prop not in sent and prop not in PLATFORM_PROPS
    )


def verifying_options(plan: Plan, options: PlanOptions) -> PlanOptions:
    """The options the verifying plan is made with: the same fences, over the same scope. A target
    that named what the apply removes matches nothing once the removal is done, which verifies it;
    one whose entity is still there still selects it, and the apply is incomplete."""
    destroyed = [
        address
        for change in plan.changes
        if change.action.destroys
        for address in (change.address, *change.collateral)
    ]
    removed = tuple(glob for glob in options.targets if any(fnmatchcase(a, glob) for a in destroyed))
    return dataclasses.replace(options, removed_targets=removed)


# By connection (its unit's name), each removal of the plan given that would now destroy what the
# plan did not show, and each data-model change that would now reread history it did not show; an
# IotplanError when that could not be read. The bool: whether a count unknown now is told to plan
# again (False for a plan confirmed at the prompt: apply/recount.py `taking_more_now`).
Recount = Callable[[Plan, bool], Awaitable[dict[str, list[str]]]]


async def recounted(
    target: Target, plan: Plan, parallelism: int, said: Said, plan_again: bool = True
) -> dict[str, list[str]]:
    """The connections the plan removes from (or changes the data model of a sensor shown without
    history in), read again (one request each, and JSON-RPC's getSensors per project, in parts of
    live/counts.py COUNTS_PER_CALL ids, for counts REST lacks, or gives as 0, of the sensors the
    removals take and those reread, with getNodes and getDevices once where a parent's count is in
    question), each of those writes held to
    the rule a saved plan's is (apply/recount.py). No request at all when the plan makes none."""
    fresh: dict[str, LiveConnection] = {}
    # What REST does not count of these, JSON-RPC does: what the removals take, the sensors reread
    # (each a write: the plan's writes are asked, not all its changes).
    removing = {change.live_id for change in plan.writes if counted_before_written(change) and change.live_id}
    for project_id, node_ids in connections_to_recount(plan).items():
        reader = target.jsonrpc.in_project(project_id) if target.jsonrpc is not None else None
        read = await counted_again(
            target.client,
            reader,
            project_id,
            node_ids,
            parallelism,
            removing=removing,
            said=said,
            sources=target.endpoints,
        )
        fresh.update(zip(node_ids, read, strict=True))
    return taking_more_now(plan, fresh, plan_again)


async def _nothing_to_recount(plan: Plan, plan_again: bool = True) -> dict[str, list[str]]:
    """An apply on a THREAD (`--on-device`) writes its gateway's settings alone: no removal, no data-
    model change. A THREAD connection's platform writes are counted by their unit, with the read its
    updates make anyway (apply/thread.py): no API removes its entities."""
    return {}


async def refuse_taking_more_now(plan: Plan, recount: Recount) -> None:
    """Once approved, before the first write (under --auto-approve, or after a `yes` whose plan is
    not read again: its refusal names neither, as it holds for both): a person may take minutes over
    the prompt while sensors report, so a removal that would now destroy what its review did not
    see, or a data-model change that would now reread history its review did not show (no
    --allow-data-model-change was needed then), is refused, as a saved plan's is (apply/stale.py),
    and nothing is written. Each unit that makes them is counted again just before its own writes
    too (`_JustBefore`): it may run long after this."""
    try:
        # approved with no prompt (--auto-approve): a count unknown now keeps its cause's own step
        said = await recount(plan, True)
    except IotplanError as error:
        advice = "" if isinstance(error, CountsUnknownNow) else ": run iotplan apply again"  # it says its own
        raise IotplanError(
            f"{what_is_counted(plan.changes, 'the')} could not be counted again before the first write: "
            f"{error}. Nothing was written{advice}"
        ) from None
    if said:
        raise StalePlanError(
            f"{AWAITED}: {_said(said)}. "
            "Nothing was written: run iotplan apply again to review the plan as it is now"
        )


# Said of a plan approved (--auto-approve: no prompt waited), then found taking more by the recount
# made before the first write; a plan a person confirmed is held to a fresh read instead.
AWAITED = "the platform changed since the plan was made"


async def held_to_a_fresh_read(
    prepared: PreparedApply, read_again: Callable[[], Awaitable[Plan]], again: str
) -> PreparedApply:
    """Once a person confirmed, before the first write: the plan shown is held to the platform read
    again as a saved plan is (apply/stale.py `check_not_stale`), for the prompt may wait minutes
    while another writer takes a channel or a port, changes a gateway setting or renames a device;
    applied, the shown plan would write over what nobody was shown. Its writes alone, as a saved
    plan's (`as_reviewed`); what its removals destroy is counted by that read, and grown within its
    bound, said (`grown_since_review`). Passed, the plan that read made is the one applied and
    reported, as a saved plan's is (`prepare_apply`): its counts are those destroyed. A refusal's
    one next step is `again`, the apply as it was run."""
    shown = as_reviewed(prepared.plan)
    next_step = f"Nothing was written: run {again} again to review the plan as it is now"
    try:
        fresh = woken_as_shown(prepared.plan, await read_again())  # a gateway waking is no change
        check_not_stale(shown, fresh, SHOWN)
    except StalePlanError as error:  # it says what changed, and when
        raise StalePlanError(f"{str(error).rstrip('.')}.\n{next_step}") from None
    except PlanError as error:  # the manifest planned safely a moment before
        raise StalePlanError(
            f"the plan made again once `yes` was typed is refused, for what changed while it awaited "
            f"confirmation: {str(error).rstrip('.')}.\n{next_step}"
        ) from None
    except IotplanError as error:
        raise IotplanError(
            f"the plan could not be read again after the confirmation: {str(error).rstrip('.')}.\n"
            f"Nothing was written: run {again} again"
        ) from None
    grown = grown_since_review(shown, fresh)
    if grown:
        log.warning("%s", grown_said(grown))
    return dataclasses.replace(prepared, plan=fresh, grown=grown)


def _said(by_connection: Mapping[str, list[str]]) -> str:
    return listed([text for texts in by_connection.values() for text in texts], "; ")


class _JustBefore:
    """Each unit that removes (or changes the data model of a sensor shown without history), counted
    again just before its writes: the other units' writes, a rate limit, JSON-RPC's retries or a
    rollout's waves can hold it back for minutes or hours while sensors report and others write
    (another stack's device under a connection it removes). So is each later call of the unit that
    carries such writes (apply/execute.py `recount_check`): its calls before it take time too. What
    arrives between that read and the call is still not seen: the platform offers no conditional
    removal. A plan making no such write costs no read.

    The count made once confirmed (`refuse_taking_more_now`) serves the first unit to start when
    it read that unit's connection alone: only reads came between, so it is read once, not twice.
    The unit's first call goes on the count as it was read (`first_count_read`): time passing before its
    first attempt (a slow answer, a large plan's calls built) makes it older, as a wait after does."""

    def __init__(
        self,
        plan: Plan,
        recount: Recount,
        counted_alone: str = "",
        reads: CountRead | None = None,
        plan_again: bool = True,
    ) -> None:
        self.plan, self.recount = plan, recount
        self.counts = counts_before_writing(plan)  # whether any unit's changes are to be counted first
        # True for a saved plan alone, whose stop says to plan again too. A plan confirmed at the prompt
        # or with --auto-approve was made by the apply: its person (or CI) ran no `iotplan plan`, and
        # the rollout's stop says the one next step, the apply again, which plans afresh
        # (apply/stale.py `uncounted_said`).
        self.plan_again = plan_again
        self.counted_alone = counted_alone  # the unit the last count still serves, if any
        self.reads = reads  # that count's reads: when the first went, how long they took

    def guarded(self, unit: Unit, gate: Gate) -> Unit:
        async def run() -> Outcome:
            fresh, self.counted_alone = self.counted_alone == unit.name, ""  # any start spends it
            told = recount_check.set(partial(self._call_held, unit, gate))  # this unit's task alone
            try:
                return await checked(fresh)
            finally:
                recount_check.reset(told)

        async def checked(fresh: bool) -> Outcome:
            reads = self.reads if fresh else None
            if not fresh and self.counts and any(counted_before_written(change) for change in unit.changes):
                with counting() as reads:  # dated from its first read: the unit's first call's count
                    held = await self._held(unit, gate, unit.changes)
                if held is not None:
                    outcome = not_started(unit.name, unit.changes, f"not started: {held.told}")
                    outcome.unreviewed = held.unreviewed
                    return outcome
                if gate.stopped:  # by another unit while this one was counted
                    return not_started(unit.name, unit.changes)
            told = first_count_read.set(reads)
            try:
                return await unit.run()
            finally:
                first_count_read.reset(told)

        return dataclasses.replace(unit, run=run)

    async def _call_held(self, unit: Unit, gate: Gate, removing: list[Change], before: str) -> Held | None:
        """A call's removals, counted with their connection (its change carries the id), before its unit's
        next call, or before it is sent (again) after a wait (`before` says which)."""
        node = [change for change in unit.changes if change.kind is Kind.NODE]
        return await self._held(unit, gate, [*node, *removing], before=before)

    async def _held(
        self, unit: Unit, gate: Gate, changes: Sequence[Change], before: str = "its writes"
    ) -> Held | None:
        """Why `changes` of the unit may not be written, when their removals would now take what
        the plan did not show, or cannot be counted again (the rollout stops); None when they may.
        `before`: what the count was to precede (a later call follows writes already made)."""
        part = dataclasses.replace(self.plan, changes=tuple(changes))
        try:
            said = await self.recount(part, self.plan_again)
        except IotplanError as error:
            counted = what_is_counted(changes, f"{unit.name}'s")
            why = f"{counted} could not be counted again before {before}: {str(error).rstrip('.')}"
            gate.stop(why)
            return Held(why)
        if not said:
            return None
        gate.stop(f"the platform changed during the rollout: {_said(said)}")
        texts = [text for texts in said.values() for text in texts]  # its own connection's alone
        return Held("; ".join(texts), unreviewed=True)


def _counted_alone(plan: Plan) -> str:
    """The unit whose connection is the only one the plan removes from, if there is one: the count
    made once confirmed read it, and nothing else, just before."""
    if not counts_before_writing(plan):
        return ""
    removing = [
        name
        for name, changes in writes_by_connection(plan).items()
        if any(counted_before_written(change) for change in changes)
    ]
    return removing[0] if len(removing) == 1 else ""


async def apply_prepared(
    prepared: PreparedApply,
    environ: Mapping[str, str],
    *,
    units: Callable[[Plan], dict[str, Unit]],
    replan: Callable[[], Awaitable[Plan]],
    confirm: Callable[[], bool],
    on_done: ProgressCallback = lambda outcome: None,
    recount: Recount = _nothing_to_recount,
    read_again: Callable[[], Awaitable[Plan]] | None = None,
    again: str = "iotplan apply",
) -> ApplyResult:
    """Guards, confirmation, `recount` (what the removals destroy, read again once confirmed and
    before each unit that removes), the units in waves, then `replan` to verify: the apply sequence,
    whatever the units write to (the platform and its gateways, or the one THREAD on-device).
    `confirm` answers whether a person was asked: the plan waited for the answer, so `read_again`
    (the plan made afresh, as it was shown) holds it to the platform as it is now, as a saved plan is,
    and the plan it made is applied, guards checked again; a refusal advises `again`, the apply as run.
    `units` are those that write the plan applied."""
    plan, request = prepared.plan, prepared.request
    declared = declared_settings(prepared.desired)
    if not plan.summary.has_changes:
        # Gateways left waiting, and what differs with nothing to write (a THREAD entity without its
        # SERIAL_NO or with one edited, a registered THREAD without its VERSION), are reported like any
        # apply's (the fresh read is the verifying one); `raise_if_incomplete` then exits 1, as an
        # apply that wrote something else does: iotplan cannot make them match.
        waiting = waiting_gateways(plan, declared)
        if prepared.saved:  # read when planned, not now: the gateway may answer since (plan again)
            for outcome in waiting:
                outcome.message = clause(outcome.message) + NOT_WRITTEN_WHEN_SAVED
        unwritten = any(differs_unwritten(change) for change in plan.changes)
        after = plan if plan.summary.gateways_waiting or unwritten else None
        return ApplyResult(plan, waiting, after=after, grown=prepared.grown)
    secret = partial(lookup_secret, environ=environ)
    refuse_unsafe(plan, request.permissions, secret)
    # A saved plan was checked against a fresh read (prepare_apply), but of every connection it writes:
    # requests came after its removing one's, so that one is read again just before its writes.
    alone, reads = "", None
    if not prepared.saved:
        if confirm() and read_again is not None:  # that read counts too: no recount, as for a saved plan
            prepared = await held_to_a_fresh_read(prepared, read_again, again)
            plan = prepared.plan
            refuse_unsafe(plan, request.permissions, secret)
        else:
            with counting() as reads:  # dated from its first read: what the unit it serves goes on
                await refuse_taking_more_now(plan, recount)
            alone = _counted_alone(plan)
    work = units(plan)
    writes.may_have_begun = True  # from here on, an interrupt cannot say nothing was written
    ledger = _Ledger()
    saved = prepared.saved  # its person planned: a refusal may say to plan again
    try:
        just_before = _JustBefore(plan, recount, alone, reads, plan_again=saved)
        outcomes, stopped = await _in_waves(work, request, on_done, ledger, just_before)
    except asyncio.CancelledError:
        cut_short = ledger.when_interrupted(work) + waiting_gateways(plan, declared)
        raise interrupted(
            ApplyResult(plan, cut_short, stopped=INTERRUPTED, replan=saved, grown=prepared.grown)
        ) from None
    try:
        after = await _read_again_once(replan)
    except IotplanError as error:  # what was done is still reported
        outcomes += waiting_gateways(plan, declared)
        failed = str(error)
        return ApplyResult(plan, outcomes, None, stopped, failed, replan=saved, grown=prepared.grown)
    except asyncio.CancelledError:  # every unit is done: what they did is reported, unverified
        outcomes += waiting_gateways(plan, declared)
        unverified = ApplyResult(
            plan,
            outcomes,
            stopped=INTERRUPTED,
            verify_error=VERIFY_INTERRUPTED,
            replan=saved,
            grown=prepared.grown,
        )
        raise interrupted(unverified) from None
    not_made = _answered_not_made(plan, outcomes, after)
    not_kept = _answered_not_kept(plan, outcomes, after)
    copies = _copies_made(plan, outcomes, after)
    beside = _beside_another_stacks(plan, outcomes, after)
    ports_shared = _ports_shared_meanwhile(plan, outcomes, after)
    verified = _without_forced_writes(after, outcomes)
    _confirm_in_place(outcomes, verified)
    outcomes += _left_waiting(plan, verified, outcomes, declared, saved)
    result = ApplyResult(
        plan,
        outcomes,
        verified,
        stopped,
        replan=saved,
        not_made=not_made,
        not_kept=not_kept,
        copies=copies,
        beside_another_stacks=beside,
        ports_shared=ports_shared,
        grown=prepared.grown,
    )
    result.tell_unsure_removals()
    return result


def declared_values(desired: DesiredState) -> dict[Address, dict[str, Any]]:
    """By gateway (`{node}/edge`), the settings its THREAD's `edge:` block declares, with their values."""
    return {
        node.address.child("edge"): desired_edge_settings(node.edge)
        for node in desired.nodes
        if node.edge is not None
    }


def declared_settings(desired: DesiredState) -> dict[str, list[str]]:
    """By gateway (`{node}/edge`), the addresses of the settings its THREAD's `edge:` block declares:
    what a gateway no unit ran for (pending or refused) lists as not applied, as a unit's would."""
    return {
        node.address.child("edge"): [
            node.address.child("edge").child(name) for name in desired_edge_settings(node.edge)
        ]
        for node in desired.nodes
        if node.edge is not None
    }


def _confirm_in_place(outcomes: list[Outcome], after: Plan) -> None:
    """A verifying read that shows nothing left to write settles every write whose answer was lost
    (a 5xx, a dropped connection) as in place (not a unit's under a gateway that read left waiting,
    which it did not compare), the history its removals took included, not "outcome
    unknown" beside a report of 0 changes applied; yet not applied by this run: another writer may
    have made the same change before the answer was lost. Not a unit's the platform refused: what
    stands in place of its writes may be another writer's (a connection race), not this run's."""
    if after.summary.has_changes:
        return
    unread = _unread_by(after)  # a gateway it left waiting: nothing of that unit's writes was read
    for outcome in outcomes:
        if not outcome.refused and not unread(outcome):
            outcome.confirm_in_place()


def _left_waiting(
    plan: Plan, after: Plan, ran: list[Outcome], declared: dict[str, list[str]], saved: bool
) -> list[Outcome]:
    """What no unit ran for, as outcomes: each gateway pending or refused (or THREAD logger held) in the
    plan applied, nothing written to it, reported so unless the verifying read finds it as declared
    (then applied, with nothing to write), then each the verifying read left so that no unit reports
    (asleep since it was read in sync). `saved`: a saved plan was applied, whose apply again would
    write the gateway no more than this one did: its next step is to plan again."""
    planned = waiting_gateways(plan, declared)
    there = {str(change.address): change.reason for change in after.changes if change.action in WAITING}
    # What that read lists as not written (unverifiable: the report's `Not written:`) is said there.
    apart = {change.address for change in not_written(after)}
    _say_the_verifying_read(ran, there, WHEN_WRITTEN_TO)
    for outcome in planned:
        if outcome.connection in there:
            _say_the_verifying_read([outcome], there, WHEN_PLANNED)
            continue
        if _as_declared_since(outcome.connection, after):
            _read_as_declared(outcome)
        else:
            outcome.message = clause(outcome.message) + _not_written_when_planned(saved)
            outcome.pending = [address for address in outcome.pending if address not in apart]
    named = {outcome.connection for outcome in [*ran, *planned]}
    return planned + [each for each in waiting_gateways(after, declared) if each.connection not in named]


def _not_written_when_planned(saved: bool) -> str:
    return NOT_WRITTEN_WHEN_SAVED if saved else NOT_WRITTEN_WHEN_PLANNED


def _say_the_verifying_read(outcomes: list[Outcome], there: Mapping[str, str], when: str) -> None:
    """A gateway left waiting (or a unit's found so) that the verifying read left waiting for another
    reason is told with both, each with when it was found: the report and the closing error say the
    same of it (`_gateways_left`), never one the apply's reason and the other that read's."""
    for outcome in outcomes:
        read = there.get(outcome.connection)
        if outcome.status is Status.APPLIED or read is None or read == outcome.message:
            continue
        outcome.message = f"{clause(outcome.message)}{when}; {clause(read)}{AT_THE_VERIFYING_READ}"


def _as_declared_since(address: str, after: Plan) -> bool:
    """A gateway (or THREAD logger) left waiting when planned that the verifying read reads with
    nothing of it to write: as declared, as an apply of a plan made once it woke finds it."""
    within = f"{address}/"
    return not any(
        change.address == address or change.address.startswith(within)
        for change in after.changes
        if change.action.writes or change.action in WAITING
    )


def _read_as_declared(outcome: Outcome) -> None:
    """Nothing was written to it, and nothing is left to: the run is complete there (exit 0), as an
    apply of a plan that read it awake is; none of its settings is "not applied"."""
    outcome.status = Status.APPLIED
    outcome.pending = []
    outcome.message = clause(outcome.message) + AS_DECLARED_SINCE


# How a verifying plan that failed twice says so (`_read_again_once`).
AGAIN = (
    "read once more, in case another writer such as a sibling shard changed a list meanwhile: failed again"
)


async def _read_again_once(replan: Callable[[], Awaitable[Plan]]) -> Plan:
    """The verifying plan, made again once when a request of its failed (a 5xx, say) or a writer at
    work beside this apply (a sibling shard of a CI matrix, by design) removed an entity between two
    pages of the read, which then stops rather than miss one of this apply's entities. The writes are
    done; only the read is made again, never a write. Not for a refused credential, nor a plan
    refused as such: either fails the same way twice, and a second read of a fleet costs minutes."""
    try:
        return await replan()
    except PlatformError as first:
        if isinstance(first, AuthError):
            raise
        try:
            return await replan()
        except IotplanError as again:
            before = "" if str(again) == str(first) else f"; the first read failed with: {first}"
            raise IotplanError(f"{again} ({AGAIN}{before})") from None


def _answered_not_made(plan: Plan, outcomes: list[Outcome], after: Plan) -> list[str]:
    """The removals answered as made that the verifying plan still removes: the entity is still
    there. Each is no longer reported applied but may or may not be (the platform may remove it
    later), and its unit failed, with why. A replacement's removal so answered its unit already
    failed on, read back before its creation again; it is told alike, a rerun being answered the same."""
    still = {str(change.address) for change in after.writes if change.action.destroys}
    if not still:  # nearly always: no removal is still there, so none answered as made is one
        return []
    removals = {str(change.address): change for change in plan.writes if change.action is Action.REMOVE}
    not_made: list[str] = []
    for outcome in outcomes:
        not_made += [address for address in outcome.answered_unmade if address in still]
        there = [removals[a] for a in outcome.applied if a in removals and a in still]
        if there:
            them = "it" if len(there) == 1 else "them"
            _fail_as_answered(
                outcome, there, f"the removal was answered as made, but a fresh read still shows {them}"
            )
            not_made += [str(change.address) for change in there]
    return not_made


def _answered_not_kept(plan: Plan, outcomes: list[Outcome], after: Plan) -> list[str]:
    """The updates answered as made whose fields the verifying plan still changes as the applied plan
    did (the platform ignored them: A2, A4, A8), told as removals answered but still there are: not
    applied, and their unit failed, a rerun being answered the same. Not a THREAD's entity: the REST
    lists it is read in may not show a JSON-RPC update yet (`updated_unlisted` tells those)."""
    again = {str(change.address): change.fields for change in after.writes if change.action is Action.UPDATE}
    if not again:  # nearly always: the verifying plan writes nothing
        return []
    updates = {
        str(change.address): change
        for change in plan.writes
        if change.action is Action.UPDATE and not change.on_thread and change.kind is not Kind.EDGE
    }
    not_kept: list[str] = []
    for outcome in outcomes:
        there = [
            updates[a]
            for a in outcome.applied
            if a in updates and any(sent in again.get(a, ()) for sent in updates[a].fields)
        ]
        if there:
            them = "it" if len(there) == 1 else "them"
            _fail_as_answered(outcome, there, f"{ANSWERED_UPDATE}, but a fresh read shows {them} not kept")
            not_kept += [str(change.address) for change in there]
    return not_kept


# How a unit failed by an update the platform answered and did not keep begins its note.
ANSWERED_UPDATE = "the update was answered as made"


def _fail_as_answered(outcome: Outcome, there: list[Change], note: str) -> None:
    """Writes answered as made that the verifying read shows not done: no longer applied (they may yet
    be, or never), and their unit failed, with why."""
    outcome.mark_unconfirmed(there)
    outcome.status = Status.FAILED
    outcome.message = f"{outcome.message}; {note}" if outcome.message else note


def _made_with_ref_ids(plan: Plan) -> Iterator[Change]:
    """The devices and sensors whose refId the plan's writes make or give (`expected_ref_ids`),
    integrate's: a copy of one the verifying read finds anywhere in the project is told
    (`_copies_made`). A THREAD's are written by id."""
    for change in expected_ref_ids(list(plan.writes)).values():
        if change.kind in (Kind.DEVICE, Kind.SENSOR) and not change.on_thread:
            yield change


def _copies_made(plan: Plan, outcomes: list[Outcome], after: Plan) -> list[str]:
    """The verifying plan's duplicates of what this apply created or renamed (`_copied`): another
    writer made an entity with that refId between the plan's read of the project and the write (A1++
    is checked when planning, not at the write), or the platform made a second. Each unit that made
    one fails, naming them; the apply is incomplete."""
    shown = [(change.address, _made_and_its_copy(change, copy)) for change, copy in _copied(plan, after)]
    return _fail_on_the_fresh_read(outcomes, "a copy of what {} made", shown)


def _copied(plan: Plan, after: Plan) -> list[tuple[Change, Change]]:
    """What this apply created or renamed and each copy of it the verifying plan shows (folded, as
    the plan's copy checks fold refIds), under any connection it read (`PlanRequest.made`)."""
    copies = [change for change in after.changes if change.action is Action.DUPLICATE]
    if not copies:  # nearly always: then no refId of the plan's 100,000 writes needs folding
        return []
    made = {fold_ref_id(ref_id): change for ref_id, change in expected_ref_ids(list(plan.writes)).items()}
    return [
        (made[fold_ref_id(str(copy.live_ref_id))], copy)
        for copy in copies
        if fold_ref_id(str(copy.live_ref_id)) in made
    ]


def _beside_another_stacks(plan: Plan, outcomes: list[Outcome], after: Plan) -> list[str]:
    """Another stack's entity the verifying plan shows where this apply created one, as the plan's
    creation check would have refused it (`beside_another_stacks`): that stack made it at once with
    this apply. Each unit that created one fails, naming both; the apply is incomplete."""
    created = (change for change in plan.writes if change.action is Action.CREATE)
    found = list(beside_another_stacks(created, after))
    if not found:  # nearly always: the verifying plan lists nothing of other stacks
        return []
    shown = [(made.address, _made_and_another_stacks(made, other, stack)) for made, other, stack in found]
    return _fail_on_the_fresh_read(outcomes, "another stack's entity at what {} made", shown)


def _ports_shared_meanwhile(plan: Plan, outcomes: list[Outcome], after: Plan) -> list[str]:
    """The port-sharing notes the verifying plan puts on the loggers this apply wrote that the same
    line of the plan applied did not carry: another writer put a logger on the port between the plan's
    read and this one, and the note, which warns of a `port:` typo, was never shown (a saved plan's
    apply refuses one that appeared before its writes: apply/stale.py `_notes_not_reviewed`). A note
    the plan showed was reviewed, and fails nothing, nor one naming fewer loggers or the same in
    another order (stale.py `notes_unshown`). Each unit that wrote such a logger fails."""
    if not any(change.loggers_sharing_port for change in after.changes):
        return []  # nearly always: then no line of a cold apply's 111,100 writes needs looking up
    written = {address for outcome in outcomes for address in outcome.applied}
    shown = [change for change in plan.changes if change.address in written]
    now = [change for change in after.changes if change.address in written]
    return _fail_on_the_fresh_read(
        outcomes, "a port-sharing note on what {} wrote that its plan did not show", notes_unshown(shown, now)
    )


def _made_and_another_stacks(made: Change, other: Change, stack: str) -> str:
    """Both, the other as the verifying plan lists it: its address there, id, name and refId."""
    kind = "connection" if other.kind is Kind.NODE else other.kind  # as the plan's views name it
    return (
        f"{made.address} (refId {made.ref_id!r}) and {kind} {other.address} of stack {stack!r} "
        f"({other.live_id}{named_as_listed(other)}, refId {other.live_ref_id!r})"
    )


def _fail_on_the_fresh_read(
    outcomes: list[Outcome], shows: str, shown: list[tuple[Address, str]]
) -> list[str]:
    """Each unit that applied an address of `shown` failed, naming what the verifying read shows of
    each (`shows`, `{}` standing for who made it: the unit, or the apply); what it names of all."""
    said: list[str] = []
    for outcome in outcomes:
        applied = set(outcome.applied)
        own = [told for address, told in shown if address in applied]
        if not own:
            continue
        outcome.status = Status.FAILED
        note = f"a fresh read shows {shows.format('it')}: {listed(own, '; ')}"
        outcome.message = f"{outcome.message}; {note}" if outcome.message else note
        outcome.fresh_read_shows.append(f"{shows.format('this apply')}: {listed(own, '; ')}")
        said += own
    return said


def _made_and_its_copy(made: Change, copy: Change) -> str:
    """Both, the copy's refId too where it differs from the one made (`QUICKSTART:` for `quickstart:`,
    a zero-width space), escaped where only code points tell them apart: folded alike, it is a copy."""
    both = f"{made.address} (refId {made.ref_id!r}) and its copy {copy.address}"
    holding = f"holding {observations(copy.observations, copy.observations_unknown)}"
    carried = str(copy.live_ref_id)
    if carried == made.ref_id:
        return f"{both}, {holding}"
    alike = FoldedAlike(str(made.ref_id), carried)
    return f"{both} (refId {alike.shown(carried)}, which differs only in {alike.how}), {holding}"


def _without_forced_writes(after: Plan, outcomes: list[Outcome]) -> Plan:
    """The verifying plan, less the unverifiable settings this run wrote under --force-write-only:
    planned again because they cannot be read back, not because the gateway did not keep them.
    Each gateway's outcome names them, written but not verified."""
    if not after.options.force_write_only:  # the default: nothing was forced, nothing to settle
        return after
    written = {address for outcome in outcomes for address in outcome.applied}
    settled = settle_forced_writes(after, written)
    unverified = set(forced_unverified(settled))
    for outcome in outcomes:
        _note_unverified(outcome, [address for address in outcome.applied if address in unverified])
    return settled


def _note_unverified(outcome: Outcome, addresses: list[str]) -> None:
    if addresses:
        names = ", ".join(Address(address).name for address in addresses)
        note = f"written, cannot be verified (the gateway cannot report it): {names}"
        outcome.message = f"{outcome.message}; {note}" if outcome.message else note


def _units(
    target: Target, prepared: PreparedApply, plan: Plan, environ: Mapping[str, str]
) -> dict[str, Unit]:
    """The units that write `plan`: the one prepared, or the one a confirmation's read made."""
    resolve = lambda reference: require_secret(reference, environ)  # noqa: E731
    gateways = _gateways_of(shard_desired(prepared.desired, prepared.request.shard).nodes)
    allow_disconnect = prepared.request.permissions.allow_disconnect
    identities = identity_checks(target.open_gateway, gateways, plan)
    # Only a saved plan's person ran `iotplan plan`: after `yes` or under --auto-approve a refusal's one
    # next step is the apply again, which plans afresh (as a REST unit's, `_JustBefore`).
    plan_again = prepared.saved
    units = [
        *platform_units(
            target.client, plan, resolve, prepared.request.entities_per_call, prepared.props_read
        ),
        *thread_units(target.jsonrpc, thread_groups(plan), identities, plan_again),
    ]
    pushes = gateway_units(target.open_gateway, gateways, plan, allow_disconnect=allow_disconnect)
    return {unit.name: unit for unit in units + pushes}


class _Ledger:
    """Which units started and which finished: what an interrupted apply can still report."""

    def __init__(self) -> None:
        self.started: set[str] = set()
        self.finished: dict[str, Outcome] = {}

    def when_interrupted(self, units: dict[str, Unit]) -> list[Outcome]:
        return [self._outcome(name, unit) for name, unit in units.items()]

    def _outcome(self, name: str, unit: Unit) -> Outcome:
        if name in self.finished:
            return self.finished[name]
        if name in self.started and unit.progress is not None and unit.progress.calls:
            return _cut_short(unit.progress)
        # Not started, or started without a request handed over (waiting for --rate-limit's pace, or
        # reading before its writes): nothing of it was sent.
        return not_started(name, unit.changes, "not started: interrupted")


def _cut_short(progress: Outcome) -> Outcome:
    """A started unit's own record, its task cancelled: the requests it sent stay counted and what
    their answers confirmed stays applied, a replacement's removal answered included (removed, not
    created again: its history is gone); what may or may not be applied is the write in flight (the
    writes after it were never sent: not applied). Cut between two writes (a gateway or a removal
    read back), it has none in flight, and says so."""
    pending = set(progress.pending)  # a connection may hold 100,000 changes: one look-up each
    unknown = [change for change in progress.in_flight if change.address in pending]
    progress.status = Status.INTERRUPTED
    if unknown:
        progress.message = "in flight when interrupted: outcome unknown"
    elif progress.in_flight:  # a ZERO_DATE's write-back, its update read back made: applied
        progress.message = "interrupted while writing a ZERO_DATE back: that write's outcome unknown"
    else:
        progress.message = "interrupted between writes: nothing in flight"
    progress.tell_removed_not_recreated()  # read back removed: their history is gone
    zero_date.tell(progress)  # a ZERO_DATE an update left out, not read back kept yet
    progress.mark_unsure(unknown)
    return progress


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _probes(units: dict[str, Unit]) -> Iterator[str]:
    """The units whose writes leave refIds to find again, each run alone until one is applied: until
    then nobody knows this platform keeps refIds, and a wave of creations could each leave a copy. A
    probe that failed, even with a write whose outcome is unknown, leaves that question open."""
    return (name for name, unit in units.items() if unit.finds_ref_ids)


def interrupted(result: ApplyResult) -> ApplyInterrupted:
    """The error an interrupted apply ends in: its counts, and `result` for the report. They count
    units (connections and gateways), which the report's heading, counting changes, does not: said so.
    In flight: a unit cut short with a write of unknown outcome; one cut between writes is apart. A
    gateway pending or refused (one that ran, its read back failed, or one no unit ran for) is counted
    too, named as the report names it: the counts add up to the units the report lists."""
    counts = {status: sum(o.status is status for o in result.outcomes) for status in Status}
    in_flight = sum(o.status is Status.INTERRUPTED and bool(o.unsure or o.in_flight) for o in result.outcomes)
    between = counts[Status.INTERRUPTED] - in_flight
    waiting = "".join(
        f", {counts[status]} {status}" for status in (Status.PENDING, Status.REFUSED) if counts[status]
    )
    unverified = f"; not verified: {result.verify_error}" if result.verify_error else ""
    message = (
        f"interrupted: connections and gateways: {counts[Status.APPLIED]} applied, "
        f"{in_flight} in flight (outcome unknown), "
        + (f"{between} between writes (nothing in flight), " if between else "")
        + f"{counts[Status.NOT_STARTED]} not started, {counts[Status.FAILED]} failed{waiting}{unverified}. "
        f"{_sentence(result._what_is_lost())}; {zero_date.next_steps_then(result.outcomes, result.rerun)}"
        + ("" if result.replan else " (the plan is made from live state)")
    )
    return ApplyInterrupted(message, result)


async def _in_waves(
    units: dict[str, Unit],
    request: ApplyRequest,
    on_done: ProgressCallback,
    ledger: _Ledger,
    just_before: _JustBefore,
) -> tuple[list[Outcome], str]:
    """Wave by wave as the rollout says, each unit that removes counted again `just_before` its
    writes; every unit is reported once, in plan order."""
    gate = Gate(request.rollout, len(units))
    outcomes: list[Outcome] = []

    def finished(outcome: Outcome) -> None:
        ledger.finished[outcome.connection] = outcome
        gate.record(outcome)
        on_done(outcome)

    async def run_wave(wave: list[str]) -> list[Outcome]:
        return await run_units(
            [just_before.guarded(units[name], gate) for name in wave],
            parallelism=request.parallelism,
            admit=gate.admit,
            on_done=finished,
            on_start=ledger.started.add,
            earlier=ledger.finished,
        )

    probed: set[str] = set()
    if not request.rollout.canary:  # a canary wave is the probe itself
        for probe in _probes(units):
            if gate.stopped:
                break
            outcomes += await run_wave([probe])
            probed.add(probe)
            ended = ledger.finished.get(probe)
            if ended is not None and ended.status is Status.APPLIED:  # its refIds were found again
                break
    rest = [name for name in units if name not in probed]
    for index, wave in enumerate(request.rollout.waves(rest)):
        if gate.stopped:
            break
        outcomes += await run_wave(wave)
        gate.after_wave(index)
    done = {  # a unit not started for a reason of its own keeps it
        outcome.connection: outcome
        for outcome in outcomes
        if outcome.status is not Status.NOT_STARTED or outcome.message
    }
    reported = [
        done.get(name) or not_started(name, unit.changes, f"not started: {gate.reason}")
        for name, unit in units.items()
    ]
    return reported, gate.reason


def _gateways_of(nodes: list[DesiredEntity]) -> dict[str, Gateway]:
    return {
        node.address: Gateway(node.address, node.edge.host, thread_serial(node.pinned_id))
        for node in nodes
        if node.edge is not None and node.pinned_id
    }


READ_NOTHING = "nothing was read or written"  # what live/gateways.py says a refused gateway's read did


def refuse_incomplete(plan: Plan, written: Collection[str] = ()) -> None:
    """Gateways that were not reached, or were refused, and THREAD loggers held (with their sensors)
    because their port is not confirmed, leave the run incomplete: exit 1. Each is told under a
    heading true of it: a held logger is not a gateway, and its gateway may have been changed; a
    gateway this apply wrote (`written`, `{node}/edge`), which the verifying plan then could not
    read, was changed, and what that read did not do is said of that read alone."""
    said = _incomplete(plan, written)
    if said:
        raise ApplyError(f"apply is incomplete; {said}")


def _incomplete(plan: Plan, written: Collection[str] = (), ran: Sequence[Outcome] = ()) -> str:
    """What `refuse_incomplete` lists, under its headings; "" when nothing is waiting. `ran`: the
    gateway units that ran and were not applied, which the plan does not list waiting."""
    waiting = [c for c in plan.changes if c.action in WAITING]
    held = [_change_line(change) for change in waiting if change.cause is Cause.PORT_UNCONFIRMED]
    gateways = [change for change in waiting if change.cause is not Cause.PORT_UNCONFIRMED]
    unchanged = [_change_line(change) for change in gateways if str(change.address) not in written]
    unchanged += [_outcome_line(outcome) for outcome in ran if outcome.connection not in written]
    unread = [_change_line(_as_read(change)) for change in gateways if str(change.address) in written]
    unfinished = [_outcome_line(outcome) for outcome in ran if outcome.connection in written]
    said = [
        _listed_under("these gateways were not changed", unchanged),
        _listed_under("these gateways were written, then the verifying plan could not read them", unread),
        _listed_under("these gateways were written to, and did not finish", unfinished),
        _listed_under("these THREAD loggers and sensors were held, not created", held),
    ]
    return "\n".join(text for text in said if text)


def _change_line(change: Change) -> str:
    return f"{change.address}: {change.action}: {change.reason}"


def _outcome_line(outcome: Outcome) -> str:
    return f"{outcome.connection}: {outcome.status}: {outcome.message}"


def _listed_under(heading: str, lines: list[str]) -> str:
    listed = "".join(f"\n  {line}" for line in lines)
    return f"{heading}:{listed}" if lines else ""


def _as_read(change: Change) -> Change:
    """A gateway this apply wrote, its reason saying what the verifying plan's read did not do as
    that read's: the words of live/gateways.py and clients/edge.py speak of that read alone."""
    reason = change.reason.replace(READ_NOTHING, "the verifying plan read nothing of it")
    reason = reason.replace(NOTHING_WRITTEN, "so the verifying plan read nothing of it")
    return dataclasses.replace(change, reason=reason)
