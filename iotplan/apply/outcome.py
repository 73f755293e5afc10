"""What happened to one unit of apply work: a connection's integrate calls or a gateway's push."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from iotplan.clients.throttle import Turn, current_turn
from iotplan.errors import IotplanError, WriteWithdrawn, refuses_credential, status_of
from iotplan.plan.model import WAITING, WRITING, Action, Change, Plan

T = TypeVar("T")


class Status(StrEnum):
    APPLIED = "applied"
    FAILED = "failed"
    PENDING = "pending"  # a gateway that did not answer: tried again next run
    REFUSED = "refused"  # a gateway whose serial does not match its node: nothing is sent to it
    INTERRUPTED = "interrupted"  # in flight when the run was interrupted: outcome unknown
    NOT_STARTED = "not started"


@dataclass
class RolloutHalt:
    """Why the running units' writes stop, set the moment a unit finds it (a refused credential):
    a unit already started, waiting for its pace, must not send a write refused alike. The units of
    one `run_units` share it (apply/units.py); the rollout's Gate learns of it as that unit ends."""

    reason: str = ""


rollout_halt: ContextVar[RolloutHalt | None] = ContextVar("rollout_halt", default=None)


def halted() -> str:
    """Why the rollout halted, or ""."""
    halt = rollout_halt.get()
    return halt.reason if halt is not None else ""


@dataclass(frozen=True)
class UnconfirmedZeroDate:
    """A ZERO_DATE an update left out that no read back has shown kept (apply/thread_zero_date.py):
    the value held, why it is not confirmed, whether iotplan withheld its write-back on purpose
    (the entity changed after the update, so the platform is not known to have dropped it), and
    whether the manifest declares it (as it stands): then a plan shows it to be written again where
    it is gone, and the user has nothing to declare."""

    held: Any
    why: str
    withheld: bool = False
    declared: bool = False


_SERVER_ERROR = 500


@dataclass
class Outcome:
    """What happened to one unit's changes."""

    connection: str  # the unit's name: a connection's address, or `{node}/edge` for a gateway
    status: Status = Status.NOT_STARTED
    message: str = ""
    calls: int = 0
    applied: list[str] = field(default_factory=list)  # addresses written
    pending: list[str] = field(default_factory=list)  # addresses not written
    unsure: list[str] = field(default_factory=list)  # sent, but may or may not have been applied
    # Of `unsure`, those whose write the platform answered with a server error (a 5xx): it said it
    # failed, and may have failed before writing, so one still shown is not told as a removal
    # it made later or ignored (commands/apply.py `_unsure_removals_message`).
    server_erred: list[str] = field(default_factory=list)
    # Refused as already existing (a 409), then read back made: another writer's (a concurrent
    # apply), not counted as this run's.
    found_made: list[str] = field(default_factory=list)
    # Of those, the THREAD loggers and sensors read back as this run's create would have made them:
    # maybe an earlier apply's write the REST lists do not show yet (A16). One read back otherwise
    # (another name, another MUX_INDEX) is another writer's, and differs from the manifest.
    found_as_created: list[str] = field(default_factory=list)
    # Of `found_made`, those a refused integrate call of more than one change read back as it wrote: a
    # platform keeping part of a refused call (`integrate-partial`) may have kept them, this run's own,
    # before refusing another entry; the read cannot tell them from another writer's (apply/refused.py).
    found_maybe_kept: list[str] = field(default_factory=list)
    # Replacements whose removal is made, in the order removed: the record that `removed_not_recreated`
    # is told from. Made once the platform answered it (A3+), unless its read back still shows one
    # (`answered_not_seen_made`): an interrupt during that read leaves it removed, never unknown. A
    # dict, so that each removal call of a connection of 100,000 replacements adds its own in time of
    # its size.
    removed: dict[str, None] = field(default_factory=dict)
    # Replacements whose removal the platform answered and the unit's read back did not see made: of
    # unknown outcome (in `unsure`), yet answered, not lost: where the verifying read still shows one,
    # the platform did not make what it answered (commands/apply.py `_answered_not_made`).
    answered_unmade: list[str] = field(default_factory=list)
    # Why no further unit may start: a broken platform assumption, or a credential the platform
    # refused (every write after it would be refused alike).
    halt: str = ""
    # Not written: its removals now destroy what its plan did not show (the rollout stops; a new
    # plan must be reviewed before the rest is applied).
    unreviewed: bool = False
    # A write the platform answered with a refusal (a 4xx, a JSON-RPC error): a rerun is refused the
    # same way until its cause is dealt with, whatever a read back settled its changes as, unless the
    # verifying read finds nothing left to write (commands/apply.py).
    refused: bool = False
    # The changes of the write sent and not yet answered (or, a refused integrate call, not yet read
    # back): all an interrupt leaves of unknown outcome (the writes after it were never sent), and
    # never removed, not created again.
    in_flight: list[Change] = field(default_factory=list)
    # The project its changes are in ("" when not one): a key names a connection in each project,
    # and what the unit wrote is found in the plan by it, never by reading its name.
    project_id: str = ""
    # The serial another box at a gateway's address reported once this unit had written there: its
    # writes of unknown outcome may be that box's, which no plan of this gateway reads.
    answered_by: str = ""
    # Those whose write's answer was lost (outcome unknown) and that the verifying read shows in place
    # (`confirm_in_place`): no longer unknown, yet not `applied`: a lost answer does not say that this
    # run's write made them, and another writer may have made the same change meanwhile (a removal's
    # history included), as a 409 says of `found_made`.
    confirmed: list[str] = field(default_factory=list)
    # What the verifying read shows that fails this unit though nothing is left to write (a copy of what
    # it made, another stack's entity at its address: commands/apply.py), as the apply's closing error
    # says it: the report says that, never "shows no changes".
    fresh_read_shows: list[str] = field(default_factory=list)
    # The THREAD loggers and sensors whose ZERO_DATE an update left out, as it did not change it, that no
    # read back has shown kept yet (apply/thread_zero_date.py), by address. One left when the unit ends
    # fails it, named with the ZERO_DATE held.
    zero_dates_unconfirmed: dict[str, UnconfirmedZeroDate] = field(default_factory=dict)
    # Those the platform dropped and iotplan wrote back, by address: `{address}: the platform dropped ...`.
    zero_dates_written_back: dict[str, str] = field(default_factory=dict)
    # No unit ran for it: a gateway the plan applied (or the verifying read) found pending or refused,
    # or a THREAD logger held (`waiting_gateways`); nothing was sent to it.
    waiting: bool = False
    # What must be done before this unit's writes can take, where a rerun alone sends the refused write
    # again in the same order and is refused alike (a swap of a logger's channels, apply/thread.py
    # `_through_a_free_channel`): the closing advice says it in place of "run it again".
    first_step: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "connection": self.connection,
            "status": str(self.status),
            "message": self.message,
            "calls": self.calls,
            "applied": self.applied,
            "not_applied": self.not_applied,
            "not_checked": self.not_checked,
            "outcome_unknown": self.unsure,
            "confirmed_by_fresh_read": self.confirmed,
            "found_made": self.found_made,
            "removed_not_recreated": self.removed_not_recreated,
            "removed_recreation_unknown": self.removed_recreation_unknown,
            "unreviewed": self.unreviewed,
            "next_step": self.first_step or None,
        }

    @property
    def not_checked(self) -> list[str]:
        """A gateway its plan could not read (no unit ran): the settings its `edge:` block declares, by
        address. Never compared, most may be in sync: not changes left unapplied. Empty for any other
        outcome, and for a gateway listing itself (its declared settings not known)."""
        under = f"{self.connection}/"
        if not self.waiting or not all(address.startswith(under) for address in self.pending):
            return []
        return list(self.pending)

    @property
    def not_applied(self) -> list[str]:
        """What was left unwritten: `pending`, but for settings never read (`not_checked`)."""
        return [] if self.not_checked else self.pending

    @property
    def removed_not_recreated(self) -> list[str]:
        """Replacements whose removal this run made and whose creation again it did not (refused, or
        in a call never sent): each is in `pending` too, yet gone with its history until the next plan
        creates it, which "not applied" alone would read as untouched; or in `found_made`, its creation
        refused over another writer's copy made meanwhile (or this run's own, kept by a platform that keeps
        part of a refused call: `found_maybe_kept`), which holds none of that history. Told, not
        kept: those removed that are still pending or found made, and not in a write in flight, whose
        outcome is unknown. In the order removed."""
        left = set(self.pending) | set(self.found_made)
        flying = {change.address for change in self.in_flight}
        return [address for address in self.removed if address in left and address not in flying]

    @property
    def removed_recreation_unknown(self) -> list[str]:
        """Replacements whose removal this run made (read back gone) and whose creation again is of
        unknown outcome: its call in flight when interrupted, or its answer lost. Gone with their
        history whatever that call did (an entity made again holds none of it), so never told as a
        removal of unknown outcome; each also in `unsure` (or, its call in flight, still pending until an
        interrupt marks it so). Told, not kept, in the order removed."""
        unknown = set(self.unsure) | {change.address for change in self.in_flight}
        return [address for address in self.removed if address in unknown]

    def mark_unsure(self, changes: list[Change]) -> None:
        """A write whose answer is unknown: neither applied nor not applied."""
        for change in changes:
            if change.address in self.pending:
                self.pending.remove(change.address)
                self.unsure.append(change.address)

    def confirm_in_place(self) -> None:
        """The verifying read shows nothing left to write: the changes of each write whose answer was
        lost are in place, no longer of unknown outcome; whose write made them is still not known."""
        self.confirmed += self.unsure
        self.unsure = []

    def mark_unconfirmed(self, changes: list[Change]) -> None:
        """Writes answered as done that a read back does not show done: they may yet be made."""
        for change in changes:
            if change.address in self.applied:
                self.applied.remove(change.address)
                self.unsure.append(change.address)

    def answered_not_seen_made(self, removed: list[Change]) -> None:
        """Replacements whose removal the platform answered and a read back still shows (or could not
        read): not removed after all, so far as anyone knows, but of unknown outcome (it may yet be)."""
        for change in removed:
            self.removed.pop(change.address, None)
        self.mark_unsure(removed)
        self.answered_unmade += [change.address for change in removed]

    def mark_half_done(self, replaced: list[Change]) -> None:
        """Replacements whose removal is made: not applied until the call creating them again is
        answered (one refused or lost leaves the entity gone, not replaced), and removed, not created
        again meanwhile (an interrupt before that call is sent reports them so). Those of a removal
        call read back gone are still pending, removed since its answer (`send`'s `read_back`);
        those a refused call's read back settled applied go back to pending. Only the call's own: a
        unit's removal calls each add theirs, never going over those before again."""
        self.in_flight = []
        for change in replaced:
            if change.address in self.applied:
                self.applied.remove(change.address)
                self.pending.append(change.address)
            self.removed[change.address] = None

    def tell_removed_not_recreated(self) -> None:
        """Ends the message in `said_removed_not_recreated`, closing its last sentence first: a
        platform's message may end without a period, and the next sentence must not run on."""
        said = self.said_removed_not_recreated()
        if said:
            self.message = self.message.rstrip()
            self.message += said if self.message.endswith((".", "?", "!")) else f".{said}"

    def said_removed_not_recreated(self) -> str:
        """The sentences a message ends in that name the replacements removed, not created again, and
        those removed whose creation again is of unknown outcome."""
        gone = self.removed_not_recreated
        found = set(self.found_made)
        to_create = [address for address in gone if address not in found]
        maybe_kept = set(self.found_maybe_kept)
        taken = [address for address in gone if address in found and address not in maybe_kept]
        maybe_this_runs = [address for address in gone if address in found and address in maybe_kept]
        said = ""
        if to_create:
            them = "them" if len(to_create) > 1 else "it"
            said += f" Removed, not created again (the next plan creates {them}): {', '.join(to_create)}."
        said += _said_taken(taken) + _said_maybe_kept(maybe_this_runs)
        return said + _said_recreation_unknown(self.removed_recreation_unknown)

    async def send(
        self,
        write: Callable[[], Awaitable[T]],
        changes: list[Change],
        *,
        withdrawable: bool = True,
        read_back: bool = False,
    ) -> T:
        """One write carrying `changes`, counted when sent, whatever the answer: its changes are
        applied once answered, or unsure when the answer is unknown (a 5xx, or lost); errors go on.
        A write to be `read_back` before its changes count (a replacements' removal: a platform may
        answer before it removes) leaves them pending, removed once answered (A3+) and no longer in
        flight, so that an interrupt during the read reports them removed, not created again, their
        history gone, never applied: the caller settles them (`answered_not_seen_made`, `mark_half_done`).
        A refusal leaves them not applied: the caller settles them if it can tell better (a refused
        integrate call is read back, apply/refused.py). A platform write is `withdrawable`: not sent
        once the rollout halted (RolloutHalt); a write the halt's reason does not concern is."""
        self.calls += 1
        self.in_flight = changes  # still so if the task is cancelled while it waits for the answer
        turn = Turn(withdrawn=halted) if withdrawable else Turn()
        told = current_turn.set(turn)
        try:
            answer = await write()
        except asyncio.CancelledError:
            if turn.waiting and not turn.handed_over:  # cut short while waiting for its pace: never sent
                self._never_sent()
            raise
        except WriteWithdrawn as withdrawn:  # the rollout halted before its turn, or its guard held it
            if withdrawn.sent:  # an attempt went, answered 429 (or -32029): a request sent, not in flight
                self.in_flight = []
            else:
                self._never_sent()
            raise
        except IotplanError as error:
            self.in_flight = []
            if getattr(error, "outcome_unknown", False):
                self.mark_unsure(changes)
                if (status_of(error) or 0) >= _SERVER_ERROR:
                    self.server_erred += [
                        change.address for change in changes if change.address in self.unsure
                    ]
            else:
                self.refused = True
            self.stop_if_credential_refused(error)
            raise
        finally:
            current_turn.reset(told)
            # one counted above: each request sent again (after a 429 or -32029) is a request sent too
            self.calls += max(0, turn.sent - 1)
        self._answered(changes)
        self.in_flight = []
        if read_back:
            self.removed.update(dict.fromkeys(change.address for change in changes))
            return answer
        self.mark_applied(changes)
        return answer

    def _answered(self, changes: list[Change]) -> None:
        tell = write_answered.get()
        if tell is not None:
            tell(self, len(changes))

    def _never_sent(self) -> None:
        """A write whose first request never went: not counted, and nothing of it in flight, so its
        replacements' creation was not sent either: removed, not created again (not "outcome
        unknown"). Once: the unit stops there."""
        self.calls -= 1
        self.in_flight = []

    def stop_if_credential_refused(self, error: IotplanError) -> None:
        """The credential itself refused (a 401 to an OAuth token already renewed once on it, the token
        endpoint refusing to renew it, JSON-RPC authenticate refused): the units not yet started would
        each send their requests only to be refused the same way."""
        if refuses_credential(error) and not self.halt:
            # Named with its error: a JSON report prints no unit's text "above" the reason.
            self.halt = f"credentials refused at {self.connection}: {error}"
            halt = rollout_halt.get()
            if halt is not None and not halt.reason:
                halt.reason = self.halt

    def withdrawn(self, why: WriteWithdrawn) -> Outcome:
        """Its next write was withdrawn, not sent, as the rollout halted: the changes it had not sent
        are not applied. With nothing sent, it is reported as the units the halt kept from starting."""
        if self.calls:
            self.status = Status.FAILED
            self.message = f"stopped before its next write, which was not sent: {why}"
        else:
            self.status, self.message = Status.NOT_STARTED, f"not started: {why}"
        return self

    def mark_applied(self, changes: list[Change]) -> None:
        for change in changes:
            if change.address in self.pending:
                self.pending.remove(change.address)
                self.applied.append(change.address)

    def mark_found_made(self, changes: list[Change]) -> None:
        """Writes refused because what they make already exists, which a read back shows made."""
        for change in changes:
            if change.address in self.pending:
                self.pending.remove(change.address)
                self.found_made.append(change.address)


def kept_or_another(whose: str) -> str:
    """Whose an entity is that a refused call of more than one change read back as it wrote it: the
    read cannot tell a platform keeping part of a refused call (`integrate-partial`) from another
    writer. `whose`: "this call", "this run"."""
    return f"another writer's, or {whose}'s own kept by a platform that keeps part of a refused call"


def _said_taken(taken: list[str]) -> str:
    """The replacements removed whose creation again met another writer's entity at their refIds."""
    if not taken:
        return ""
    its = "their" if len(taken) > 1 else "its"
    return (
        f" Removed by this run, {its} history gone, and not created again by it: what stands there "
        f"now is another writer's (found made): {', '.join(taken)}."
    )


def _said_maybe_kept(found: list[str]) -> str:
    """The replacements removed whose creation again, in a refused call of more than one change, is
    read back as the call wrote it (`found_maybe_kept`): whose, the read cannot tell."""
    if not found:
        return ""
    it, its = ("them", "their") if len(found) > 1 else ("it", "its")
    return (
        " Removed by this run, and not counted as created again by it: what stands there now reads "
        f"as the call wrote {it}: {kept_or_another('this call')} (found made); "
        f"either way {its} history before the removal is gone: {', '.join(found)}."
    )


def _said_recreation_unknown(removed: list[str]) -> str:
    """The replacements removed whose creation again is of unknown outcome: their removal is known."""
    if not removed:
        return ""
    them, their = ("them", "their") if len(removed) > 1 else ("it", "its")
    return (
        f" Removed, {their} history gone, {their} creation again of unknown outcome (the next plan creates "
        f"{them} again or finds {them} made): {', '.join(removed)}."
    )


ProgressCallback = Callable[[Outcome], None]
# Told of each write answered, with its unit's outcome and how many changes it carried: a progress
# view (cli/progress.py) counts a unit's changes as its calls are answered, not only once it ends (a
# connection's 40 calls showed "0 of 40 changes" until the last).
WriteAnswered = Callable[[Outcome, int], None]
write_answered: ContextVar[WriteAnswered | None] = ContextVar("write_answered", default=None)


def not_started(unit: str, changes: list[Change], message: str = "") -> Outcome:
    pending: list[str] = [c.address for c in changes if c.action in WRITING]
    return Outcome(unit, Status.NOT_STARTED, message, pending=pending, project_id=project_of(changes))


def project_of(changes: list[Change]) -> str:
    """The one project a unit's changes are in, or "" when they are in none or several (a unit is one
    connection in one project: apply/execute.py `writes_by_connection`)."""
    projects = {change.project_id for change in changes}
    return projects.pop() if len(projects) == 1 else ""


def waiting_gateways(plan: Plan, settings: Mapping[str, list[str]] | None = None) -> list[Outcome]:
    """The gateways a plan could not read (pending) or refused, and the THREAD loggers it held, as
    outcomes: no unit ran for them, so nothing was sent, and their settings were never compared.
    `settings`: by gateway (`{node}/edge`), the addresses of the settings its `edge:` block declares,
    listed as not applied, as a gateway unit's own are (a gateway not known there lists itself)."""
    known = settings or {}
    return [_waiting(change, known) for change in plan.changes if change.action in WAITING]


_STATUS = {Action.PENDING: Status.PENDING, Action.REFUSED: Status.REFUSED}  # of each `WAITING` action


def _waiting(change: Change, settings: Mapping[str, list[str]]) -> Outcome:
    status = _STATUS[change.action]
    pending = list(settings.get(change.address) or [change.address])
    return Outcome(
        change.address, status, change.reason, pending=pending, project_id=change.project_id, waiting=True
    )
