"""One client's pace: after a 429, stay under the rate the platform has shown it accepts, and
find the way back up when it stops refusing.

Until a 429, requests go out as fast as `--parallelism` allows. A 429 makes every request of the
client wait out its `retry-after` (one second when it gives none), not only the refused one. If
the platform had accepted requests in the minute before, requests are then spaced at 90% of that
rate (the requests accepted over the time they span, plus one second for the burst a token bucket
allows); with nothing accepted, at a cautious STARTING rate. While paced:
- a 429 lowers the pace by 30%, down to SLOWEST at most (a guarded write's, to the rate accepted over
  the last minute where the platform accepted less: `_floor`), but only for a request sent after the
  last cut: the requests refused together, or sent at the old pace, are one signal, not many;
- QUIET seconds without a 429 raise it by 25%, so a storm of 429s ends in about a minute of
  recovery, not in a client left at its slowest for good.
Turns are taken in order, one at a time, each at the pace of the moment it is taken: a request
that queued while the pace was low goes at the new pace once it recovers. A guarded write whose count
holds takes the next turn ahead of the queue (`reserved_turn`), as do a count's reads after its first
(`CountRead`).

A known rate (`--rate-limit`, a shard's share of it) is a ceiling: requests are spaced at it from
the first one, never in a burst, and recovery after a 429 never goes above it. A single client's first
request waits a random part of one interval; after a 429 the pace may fall to a quarter of the
ceiling when that is below SLOWEST. Under `--shard i/n` each shard takes its turns on slots of its own
(`_on_own_slot`): a grid of the shard's interval on the wall clock, from the Unix epoch, shard i's 1/n
of an interval after shard i-1's, so the n shards started at once alternate a whole rate's interval
apart without talking (their hosts' clocks in step, as NTP keeps them). Each spaced on its own, at a
random phase, two shards' requests at half the rate each come together often: at a slow limit (one
request in its bucket) each such pair is a 429. A turn that would fall before the shard's next slot (a 429's
pause, a pace learnt below the ceiling) waits for the slot after it, the turn after counted from when it was
due, so that a pace 30% below the ceiling sends on 70% of the slots, not on every other one. A turn that goes
after its slot (a busy event loop, a request that came late) still counts as that slot's, so the next turn
keeps the slot after it (at 5000/min over 8 shards, one 12 ms from its neighbours': counted from the late
moment, it skipped to the slot after, halving the shard's rate); counted no further back than one interval, a
shard late by many slots never sends a burst (`_counted_from`). The next turn never goes on the slot the last
one went on, and a turn that did not wait for its slot (its request came later, the shard was idle) goes on
it only within a leeway, else on the next: two turns of a shard are never closer than one period less that
leeway, and none goes where a neighbour's slot counts on the limit's last token (`_clear_of_the_last_slot`).
Two things leave room for a request that reaches the limit later than its turn, where the next one,
spaced at the rate itself, would find the limit's bucket empty and draw a 429 (whose pause and cut
cost more than the room does):
- the interval after the first request counts from its answer (by then the limit has surely seen
  it) where that comes before the next turn: the first is the least sure to arrive at its turn (its
  connection opens, TLS, first imports: half a second on a slow link);
- where the whole rate (all shards') is under ROOMY requests a second, requests are spaced at 90% of
  it (HEADROOM): one second of such a limit (BURST) holds a single request, so a request sent a few
  milliseconds late (a busy event loop) is enough. A faster limit's burst absorbs that.

A 429 naming a subscription tier whose rate the iTwin Platform publishes (`PUBLISHED_TIERS`, read by
retry.py `stated_tier_rate`) bounds the pace from then on at 90% of that rate: learnt from a burst, the
pace would otherwise start above it and recover past it, drawing a 429 each time. It only lowers: the
tier is the most the platform allows (an API may restrict further), so a pace learnt below it, or a
`--rate-limit` below it, stands, and a later 429 naming a larger tier does not raise it. Under
`--shard i/n` (`shards`) it is 1/n of that, as `--rate-limit` is: the n shards are taken to run at
once, as a CI matrix runs them, each its own client against the one subscription.

One Throttle paces a target: the JSON-RPC client takes its turns from the REST client's (the
platform meters the subscription, not the protocol), its -32029 counted as a 429.

A unit's requests (apply/units.py runs each unit in a task of its own) tell `unit_waits` whenever one
waits on the platform: a turn a 429's pause held (another unit's 429 included), or a wait before a
request is tried again (retry.py `telling_waits`). A pace's own intervals are not told: under a
--rate-limit every two requests are one apart, which apply says (commands/apply.py). A guarded write's
count, read before such a wait, is outdated, as is one older than the pacing line's window when its turn
comes (from when its first read was handed its turn: `CountRead`): its turn is not handed over
(CountOutdated) until its unit has counted again (retry.py `Guard`).

Waiting on the platform's rate limit is said on stderr (`notice`) once it is long: a single wait
over LONG_WAIT seconds, or over LONG_WAITING seconds since the last accepted answer. Once per
burst of waiting, again every RETELL seconds it goes on: a strict limit may hold a run for many
minutes, and silence looks like a hang. Spacing at a `--rate-limit` the user gave is not told.
"""

from __future__ import annotations

import asyncio
import math
import random
import sys
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from iotplan.errors import WriteWithdrawn

WINDOW = 60.0  # seconds of accepted requests the rate is learnt from
BURST = 1.0  # seconds of burst assumed spent before the first 429
ROOMY = 2.0  # requests a second: under it a known rate is paced with HEADROOM (see the docstring)
HEADROOM = 0.9
BACKOFF = 0.7
RECOVERY = 1.25
QUIET = 10.0  # seconds without a 429 before the pace is raised
SLOWEST = 1.0  # requests a second: the floor (the smallest published iTwin limit is 500 a minute)
STARTING = 5.0  # requests a second when a 429 comes before anything was accepted
NO_RETRY_AFTER = 1.0  # seconds everyone waits after a 429 that does not say
LONG_WAIT = 5.0  # seconds: one wait longer than this on the platform's limit is told
LONG_WAITING = 10.0  # seconds of waiting since the last accepted answer that are told
RETELL = 60.0  # seconds: still waiting, it is told again this often
HINT = "--rate-limit paces requests under a known limit"
# Requests a second each subscription tier allows (developer.bentley.com, "Rate limits and quotas": one
# version of the page names them Trial and Basic, another Community and Standard). Custom is left out:
# a tier whose rate is negotiated is not known to be the published one.
PUBLISHED_TIERS = {
    "trial": 500 / 60,
    "community": 500 / 60,
    "basic": 5000 / 60,
    "standard": 5000 / 60,
    "premium": 5000 / 60,
}


def known_pace(ceiling: float | None, shards: int = 1) -> float | None:
    """The pace of a known rate (requests a second, a shard's share of it where `shards` > 1): 90% of it
    where one second of the whole limit holds less than two requests, itself above (see the docstring).
    What a message or an estimate of that pace says it from (commands/apply.py, plan/impact.py)."""
    if ceiling is None:
        return None
    return HEADROOM * ceiling if ceiling * shards * BURST < ROOMY else ceiling


def to_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)  # the stderr of the moment (a test runner swaps it)


@dataclass
class Turn:
    """One write's requests (apply/outcome.py `Outcome.send`): whether one waits for its turn, and
    whether one was handed over. A write cancelled while its first request waits was never sent.
    `withdrawn` says why the write is no longer wanted ("" while it is): its first request's turn
    is then not taken (WriteWithdrawn), though the requests of a write already handed over go on. `sent`:
    how many of its requests were handed over, a resend after a 429 or -32029 too (not the reads of
    its guard, retry.py `Guard.count`)."""

    waiting: bool = False
    handed_over: bool = False
    sent: int = 0
    withdrawn: Callable[[], str] = field(default=lambda: "")


current_turn: ContextVar[Turn | None] = ContextVar("current_turn", default=None)
# A guarded write about to be sent on a count that holds (retry.py `counted_first`, once `Guard.outdated` let
# it go or it was just counted): its request takes the pace's next turn, ahead of the requests queued, so it
# goes within the window the pacing line promises (a queued turn would outdate it, N units' intervals later).
reserved_turn: ContextVar[bool] = ContextVar("reserved_turn", default=False)


# What held a unit's requests, as "(... since it was counted)" says it.
RATE_LIMIT_HELD = "the platform's rate limit held the unit's requests"
TRIED_AGAIN = "a request of the unit waited to be tried again"


@dataclass
class Waits:
    """How often one unit's requests waited on the platform, and the last wait's cause (`what`);
    `sent_at`: when its last request was handed its turn, on the throttle's clock (a count's read)."""

    count: int = 0
    what: str = ""
    sent_at: float | None = None


unit_waits: ContextVar[Waits | None] = ContextVar("unit_waits", default=None)


@dataclass
class CountRead:
    """One count's reads (`counting`). A count is as old as its first read: REST's read of a connection
    gives the devices and sensors JSON-RPC then counts, and the sensors REST counted, as they were at its
    turn (live/counts.py `counted_again`); a THREAD's loggers are counted by the getDevices before its
    getSensors (apply/thread.py `_props_now`). `first_at`: when its first read was handed its turn, on the
    throttle's clock; `reading`: the seconds each of its reads took from its turn to its answer, added up
    (what two asked at once share counted once: `answered`);
    `waited`: whether a read of it waited on the platform after the first went (a 429's pause, a retry).
    Any other wait between its reads (for the JSON-RPC connection another unit reopens, a lock) is no read's
    time either: the count ages unread through it. Its reads after the first take the pace's next turn,
    ahead of the queue, as the write it guards does (`reserved_turn`): a queue between them would age it
    by N units' intervals."""

    first_at: float | None = None
    reading: float = 0.0
    waited: bool = False
    read_until: float = float("-inf")  # the latest answer yet: two reads asked at once share their time

    def answered(self, sent_at: float, now: float) -> None:
        """A read's time from its turn to its answer, but what another read of the count answered
        already covers: two asked at once (live/counts.py gathers getDevices with getSensors) took the
        time that passed, not twice it, which let a write go that far past its window uncounted."""
        self.reading += max(0.0, now - max(sent_at, self.read_until))
        self.read_until = max(self.read_until, now)

    @property
    def took(self) -> float:
        """Seconds its reads took, each from its turn to its answer: what retry.py `Guard.outdated` allows
        beyond the window; 0 where one of them waited on the platform, which is no answer's time."""
        return 0.0 if self.waited else self.reading


count_read: ContextVar[CountRead | None] = ContextVar("count_read", default=None)


@contextmanager
def counting() -> Iterator[CountRead]:
    """The reads made within are one count's (`CountRead`)."""
    read = CountRead()
    told = count_read.set(read)
    try:
        yield read
    finally:
        count_read.reset(told)


def _read_after_the_first() -> CountRead | None:
    """The count being read, where its first read went already: a read of it now takes the pace's next
    turn, and a wait ages it unread (`CountRead`)."""
    read = count_read.get()
    return read if read is not None and read.first_at is not None else None


@contextmanager
def waits_counted() -> Iterator[Waits]:
    """The waits of the requests made within, counted afresh (a unit's, apply/execute.py, apply/thread.py)."""
    waits = Waits()
    told = unit_waits.set(waits)
    try:
        yield waits
    finally:
        unit_waits.reset(told)


def waited(what: str) -> None:
    """A request of the unit running (if any) waits on the platform: a rate limit's pause, a retry."""
    waits = unit_waits.get()
    if waits is not None:
        waits.count += 1
        waits.what = what
    read = _read_after_the_first()
    if read is not None:  # it aged unread meanwhile (`CountRead.took`)
        read.waited = True


def _sent(now: float) -> None:
    waits = unit_waits.get()
    if waits is not None:
        waits.sent_at = now
    read = count_read.get()
    if read is not None and read.first_at is None:
        read.first_at = now


def waits_now() -> Waits:
    """The unit's waits so far; none counted outside a unit."""
    return unit_waits.get() or Waits()


class CountOutdated(Exception):
    """A guarded write's turn came once its unit had waited since its count (`outdated`): not handed
    over, never sent, so that it is counted again first (retry.py `counted_first`)."""


def _handed_over(turn: Turn | None, outdated: Callable[[], bool] | None = None) -> None:
    """The request goes, unless it is the first of a write withdrawn while it waited (never sent), or
    the write's count is `outdated` (CountOutdated: it still waits, to be counted again)."""
    why = "" if turn is None or turn.handed_over else turn.withdrawn()
    if turn is not None and why:
        turn.waiting = False
        raise WriteWithdrawn(why)
    if outdated is not None and outdated():
        if turn is not None:
            turn.waiting = True  # cut short while counted again, it was never sent (apply/outcome.py)
        raise CountOutdated
    if turn is not None:
        turn.waiting = False
        turn.handed_over = True
        turn.sent += 1


class Throttle:
    def __init__(
        self,
        clock: Callable[[], float],
        sleep: Callable[[float], Awaitable[None]] | None,
        ceiling: float | None = None,
        notice: Callable[[str], None] = to_stderr,
        shards: int = 1,
        shard: int = 1,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.clock = clock
        self.shards = shards  # processes sharing the subscription's rate at once (--shard i/n's n)
        self.shard = shard  # which of them this is (--shard i/n's i): its slots (`_on_own_slot`)
        self._wall_offset = wall_clock() - clock()  # the wall clock, shared by the shards, less `clock`
        self.notice = notice  # where long waits on the rate limit are told
        self.ceiling = ceiling  # requests a second never exceeded, when the rate is known
        self.known_pace = known_pace(ceiling, shards)  # the pace under it
        self.sleep = sleep or asyncio.sleep
        self.accepted: deque[float] = deque()
        self.resume_at = 0.0  # nobody sends before this: a 429's retry-after
        self.rate: float | None = self.known_pace  # requests a second, once paced
        self.tier_bound = float("inf")  # requests a second a 429's tier allows, with headroom
        self.last_sent = float("-inf")  # where the next turn counts from (`_counted_from`)
        self._handed_at = float("-inf")  # when the last turn was handed over
        self._slot_gone = float(
            "-inf"
        )  # on slots, the slot the last turn went on (`_clear_of_the_last_slot`)
        self._answered_once = False  # the interval after the first request counts from its answer
        self._phase = random.random() if ceiling else 0.0  # of one interval, before the first turn
        self.last_cut = float("-inf")  # a 429 of a request sent before this was already counted
        self.last_change = 0.0  # the last 429 or raise of the pace: QUIET counts from it
        self._turns = asyncio.Lock()  # first come, first served
        # The reserved turns (a guarded write's on a count that holds, a count's later reads), ahead of
        # `_turns`, one at a time; `_reserving`: how many wait for one, a queued request leaving them the
        # next turn; `_reserved_taken`: set once none waits (each handed its turn, or gone).
        self._reserved = asyncio.Lock()
        self._reserving = 0
        self._reserved_taken = asyncio.Event()
        self._waiting_since: float | None = None  # the first wait since the last accepted answer
        self._told_at = float("-inf")

    async def before_sending(self, outdated: Callable[[], bool] | None = None) -> float:
        """Wait for this request's turn; returns when it was sent, for `answered`. A turn a 429's pause
        held is told to the unit (`waited`); `outdated`: a guarded write's, asked as its turn comes."""
        entered = now = self.clock()
        turn = current_turn.get()
        if self.rate is None and self.resume_at <= now:
            _handed_over(turn, outdated)
            _sent(now)
            return now
        if turn is not None:
            turn.waiting = True
        if (outdated is not None and reserved_turn.get()) or _read_after_the_first() is not None:
            return await self._reserved_turn(entered, turn, outdated)
        async with self._turns:
            return await self._turn_comes(entered, turn, outdated, reserved=False)

    async def _reserved_turn(
        self, entered: float, turn: Turn | None, outdated: Callable[[], bool] | None
    ) -> float:
        """The next turn of the pace, ahead of the queue (`reserved_turn`, `CountRead`)."""
        self._reserving += 1
        try:
            async with self._reserved:
                return await self._turn_comes(entered, turn, outdated, reserved=True)
        finally:
            self._reserving -= 1
            if not self._reserving:
                self._reserved_taken.set()

    async def _turn_comes(
        self, entered: float, turn: Turn | None, outdated: Callable[[], bool] | None, *, reserved: bool
    ) -> float:
        """Waits for the next turn of the pace and takes it; a queued request (not `reserved`) leaves it to
        the reserved ones waiting (`reserved_turn`, `CountRead`). A 429 or a new pace meanwhile moves it."""
        slept = False  # a turn that waited for its slot goes on it, even late (a busy event loop)
        while True:
            now = self.clock()
            due = max(self.resume_at, self._next_turn(now))
            start = self._on_own_slot(max(self.resume_at, due - self._room()))
            start = self._clear_of_the_last_slot(start, now, slept=slept)
            if start <= now and not reserved and self._reserving:
                self._reserved_taken.clear()
                await self._reserved_taken.wait()
                continue
            if start <= now:
                return self._take_turn(now, entered, turn, outdated, counted_from=due)
            self._tell_turn(start - now, refused=self.resume_at > now)
            await self.sleep(start - now)
            slept = True

    def _clear_of_the_last_slot(self, start: float, now: float, *, slept: bool) -> float:
        """On slots, `start` moved where two turns of the shard are never closer than one period less the
        slot's leeway (`_room`): never on the slot the last turn went on (counted from one interval before
        a late moment, an idle shard's next turn fell due on it, two requests at once: a 429 at a slow
        limit), and a turn that did not wait for its slot (its request came after it, the shard idle) goes
        on it only within the leeway, else on the next: sent further off the grid, it takes the token a
        neighbour's slot counts on. Alone, `start`."""
        if not self._slotted():
            return start
        period = self._slot_step() * self.shards
        start = max(start, self._slot_gone + period)
        if start <= now and not slept and now - self._slot_at_or_before(now) > self._leeway():
            start = self._on_own_slot(now)
        return start

    def _leeway(self) -> float:
        """How long after its slot a turn that did not wait for it still goes on it: half a step (`_room`)
        where one second of the limit holds a burst; under ROOMY, half of what the headroom spares over a
        step, since a turn later than that leaves the limit's one token short at the neighbour's slot."""
        if self.known_pace == self.ceiling:
            return self._room()
        return self._slot_step() * (1 - HEADROOM) / 2

    def _slot_at_or_before(self, moment: float) -> float:
        """The latest of this shard's slots at or before `moment` (one on it, but for rounding, included)."""
        slot = self._on_own_slot(moment)
        period = self._slot_step() * self.shards
        return slot if slot - moment <= period * 1e-6 else slot - period

    def _take_turn(
        self,
        now: float,
        entered: float,
        turn: Turn | None,
        outdated: Callable[[], bool] | None,
        *,
        counted_from: float,
    ) -> float:
        """`counted_from`: the turn's place in the pace, where the next one counts from (`_counted_from`)."""
        if self.resume_at > entered:  # a 429's pause was in force while it waited
            waited(RATE_LIMIT_HELD)
        _handed_over(turn, outdated)  # first: a withdrawn write leaves its turn to the next
        self.last_sent = self._counted_from(counted_from, now)
        self._handed_at = now
        self._slot_gone = self._slot_at_or_before(now) if self._slotted() else now
        _sent(now)
        return now

    def _counted_from(self, place: float, now: float) -> float:
        """Where the next turn counts from: on slots, the moment the turn was due (`place`), not the slot it
        went on nor when it went (a busy event loop, a request that came after its slot), so the shard's
        next slot stays its own and a pace a 429 lowered keeps its rate on average (counted from the slot,
        any interval over one period waited for a second); no more than one interval back, so that a shard
        late by many slots sends one turn early, never a burst. Alone, when it went."""
        return max(place, now - 1.0 / self.rate) if self._slotted() and self.rate else now

    def interval(self) -> float:
        """Seconds between two turns at the pace in force; none before a pace."""
        return 1.0 / self.rate if self.rate else 0.0

    def _tell_turn(self, seconds: float, *, refused: bool) -> None:
        if refused:
            self.will_wait(
                seconds, f"Rate limited by the platform: waiting {seconds:.0f} s for its retry-after"
            )
        elif seconds > LONG_WAIT and self.rate is not None and self.rate != self.known_pace:
            # a pace learnt from 429s: its short turns are no news while a retry's wait is told
            self.will_wait(
                seconds, f"Rate limited by the platform: pacing requests at {self.rate * 60:.0f}/min"
            )

    def will_wait(self, seconds: float, why: str) -> None:
        """A wait on the platform's rate limit is about to start: told on stderr when it is long."""
        now = self.clock()
        if self._waiting_since is None:
            self._waiting_since = now
        long = seconds > LONG_WAIT or now + seconds - self._waiting_since > LONG_WAITING
        if long and now - self._told_at >= RETELL:
            self._told_at = now
            self.notice(f"{why}; {HINT}")

    def _next_turn(self, now: float) -> float:
        """When the next request may go at the current pace, raised first if it has been quiet."""
        if self.rate is None:
            return now
        if self.last_sent == float("-inf"):  # the first turn: a random phase or a slot (see the docstring)
            # fixed once chosen: a sleep ends a little after its slot, and `now` then would pick the next
            first = self._on_own_slot(now) if self._slotted() else now + self._phase / self.rate
            self.last_sent = first - 1.0 / self.rate
        if now - self.last_change >= QUIET and self.rate < self._highest():
            self.rate, self.last_change = min(self.rate * RECOVERY, self._highest()), now
        return self.last_sent + 1.0 / self.rate

    def _room(self) -> float:
        """On slots, the turn after the first's answer (`_first_answer`) takes the slot half a step past
        it, not the one after: the answer a little late leaves the next slot its own."""
        return self._slot_step() / 2 if self._slotted() else 0.0

    def _slotted(self) -> bool:
        """Whether turns fall on this shard's slots: a known rate, shared by shards (see the docstring)."""
        return self.shards > 1 and self.known_pace is not None

    def _slot_step(self) -> float:
        """Seconds between two shards' neighbouring slots: the whole rate's interval (with its headroom)."""
        return 1.0 / (self.known_pace or 1.0) / self.shards

    def _on_own_slot(self, moment: float) -> float:
        """The first of this shard's slots at or after `moment`, where turns are slotted; else `moment`.
        Shard i's slots are (k*n + i - 1) steps from the Unix epoch, on the wall clock (`_wall_offset`)."""
        if not self._slotted():
            return moment
        step = self._slot_step()
        period = step * self.shards
        own = ((self.shard - 1) * step - self._wall_offset) % period  # a slot of this shard, on `clock`
        slots = math.ceil((moment - own) / period - 1e-6)  # one on a slot (but for rounding) stays
        return own + slots * period

    def _highest(self) -> float:
        """The fastest pace allowed: the known rate's, the bound a 429's tier set, whichever is lower."""
        return min(self.known_pace or float("inf"), self.tier_bound)

    def answered(
        self, status: int, sent_at: float, retry_after: float | None, tier_rate: float | None = None
    ) -> None:
        """`tier_rate`: the published rate of the tier a 429 named (retry.py `stated_tier_rate`)."""
        now = self.clock()
        read = count_read.get()
        if read is not None:
            read.answered(sent_at, now)
        self._forget_before(now - WINDOW)
        self._first_answer(sent_at, now)
        if status != 429:
            self.accepted.append(now)
            self._waiting_since, self._told_at = None, float("-inf")  # a burst of waiting is over
            return
        wait = retry_after if retry_after is not None else NO_RETRY_AFTER
        self.resume_at = max(self.resume_at, now + wait)
        self.last_change = now
        if tier_rate is not None:  # only lowers: a later 429 naming a larger tier does not undo it
            self.tier_bound = min(self.tier_bound, HEADROOM * tier_rate / self.shards)
        cut = self.rate is None or sent_at > self.last_cut  # refused together: one signal
        if self.rate is None:
            accepted = self._accepted_rate(now)
            self.rate = STARTING if accepted is None else max(SLOWEST, accepted)
        elif cut:  # never raised by a 429: a pace below the floor (`_floor`) stays there
            self.rate = min(self.rate, max(self._floor(now), self.rate * BACKOFF))
        self.rate = min(self.rate, self._highest())
        if cut:
            self.last_cut = now

    def _first_answer(self, sent_at: float, now: float) -> None:
        """The turn after the first request is one interval after its answer, not its turn, where no
        other turn went meanwhile (see the docstring): a known pace only, which spaces from the first."""
        if self._answered_once:
            return
        self._answered_once = True
        if self.known_pace is not None and sent_at == self._handed_at:
            self.last_sent = now

    def _floor(self, now: float) -> float:
        """The slowest a 429 takes the pace: SLOWEST (a quarter of a known rate, where lower). For a guarded
        write sent on its count (`reserved_turn`), the rate the platform accepted over the last WINDOW where
        that is less: its limit is then below the floor, and a pace held at it refuses such a write for good,
        its count read again before each resend taking what one retry-after frees. Only then: a limit shared
        with another client (a sibling `--shard`) also accepts less, but that share ends when the sibling
        does, and a pace followed down to it would need minutes of QUIET to come back."""
        floor = SLOWEST if self.ceiling is None else min(SLOWEST, self.ceiling / 4)
        accepted = self._accepted_rate(now)
        return floor if accepted is None or not reserved_turn.get() else min(floor, accepted)

    def _accepted_rate(self, now: float) -> float | None:
        """Requests a second the platform accepted over the last WINDOW, with headroom; None if none."""
        if not self.accepted:
            return None
        span = now - self.accepted[0]
        return HEADROOM * len(self.accepted) / (span + BURST)

    def _forget_before(self, moment: float) -> None:
        while self.accepted and self.accepted[0] < moment:
            self.accepted.popleft()
