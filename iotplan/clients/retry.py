"""Retries with backoff for answers that say "try again": 429 (waiting out retry-after), 502,
503, 504, and requests that never got an answer; for reads, which change nothing, also 500 and
408 (a server or proxy that gave up waiting for the request).

A 429 from the platform is it asking to wait, not a failure: its clients (PLATFORM_RETRY in
clients/platform.py, REST's and JSON-RPC's, whose -32029 is a 429) retry it for RATE_LIMITED_FOR
seconds since the first attempt, however many attempts that takes, so that the pace the throttle
learns from the 429s (clients/throttle.py) gets the time to settle; the other answers, and a
THREAD's 429s, are retried `attempts` times.

Reads are always retried. A write is retried only when it provably wrote nothing: the
connection was never made, or the platform's rate limit answered 429 (decided before the request
is handled). A write answered 5xx (a gateway may answer 503 after the platform made the write) or
whose answer was lost is not retried: its outcome is unknown, and the next plan shows the truth.
Sent again, a `new` could make a second copy on a platform that does not refuse one.
A write that destroys (a removal, a replacement) or rereads history nobody reviewed (a data-model
change of an entity shown holding none) is guarded by a count read before it: resent after a
retry-after, it would go long after that count, so it is sent again only once its `guard`
(`resend_guard`, set by the unit sending it: apply/execute.py, apply/thread.py for JSON-RPC's
-32029) has counted again and let it go. So is its first attempt once its unit waited on the
platform since the count (a 429's pause, another unit's included, or a retry of an earlier write:
clients/throttle.py `Waits`), or once the count is older than the window the pacing line promises
(`Guard.outdated`: a queue, a lock, a slot waited for), before it starts or as its turn comes; a
count with no wait since costs no request more.
A server certificate that fails verification is never retried: no second try can mend it.
"""

from __future__ import annotations

import asyncio
import datetime
import email.utils
import math
import time
from collections.abc import Awaitable, Callable
from contextlib import nullcontext
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import TypeVar

import httpx
import tenacity

from iotplan.clients.errors import ATTEMPTS, WAITED_ON_RATE_LIMIT, certificate_failure, name_not_found
from iotplan.clients.throttle import (
    PUBLISHED_TIERS,
    RATE_LIMIT_HELD,
    TRIED_AGAIN,
    CountOutdated,
    CountRead,
    Throttle,
    counting,
    current_turn,
    reserved_turn,
    waited,
    waits_now,
)
from iotplan.errors import WriteWithdrawn

T = TypeVar("T")

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
SAFE_WRITE_STATUSES = frozenset({429})
# Seconds a request keeps waiting on the platform's rate limit before it gives up: a few minutes,
# told on stderr meanwhile, for a limit lower than the pace iotplan learns at first.
RATE_LIMITED_FOR = 300.0


@dataclass(frozen=True)
class Resending:
    """Why a guarded write is counted again before it goes, as the unit that may stop it says it:
    `after` completes "sent again after ..." (`a 429`, `its connection could not be opened`); "" for
    one not sent yet, whose unit waited since its count, which `held` says ("the platform's rate limit
    held the unit's requests"). `answered`: an attempt reached the platform, answered 429 or -32029 (a
    request sent, nothing written); one whose connection failed never left. `maybe_made`: an attempt
    was answered by JSON-RPC's rate limit, which a platform may send after making the write (A6+ is the
    emulator's, not the reference's: clients/jsonrpc.py), so held, it is of unknown outcome."""

    after: str
    maybe_made: bool = False
    held: str = ""
    answered: bool = False


# Seconds a guarded write's count is allowed beyond the window iotplan promises (`Guard.outdated`).
SLACK = 2.0


@dataclass(frozen=True)
class Counted:
    """A guarded write's count as its guard dates it (`Guard.outdated`): how often its unit had waited on
    the platform then (throttle.py `Waits`), when its first read was handed its turn (`read_at`, on the
    throttle's clock), and how long its reads took (throttle.py `CountRead.took`)."""

    counted_at: int
    read_at: float | None
    took: float = 0.0

    @classmethod
    def now(cls, reads: CountRead | None = None) -> Counted:
        """The count these reads just made; with none read (None, or nothing sent within them), the unit's
        last request stands for its read: a connection's first call goes on a count read as its unit
        started, a THREAD's loggers on the node's read alone."""
        waits = waits_now()
        if reads is None or reads.first_at is None:
            return cls(waits.count, waits.sent_at)
        return cls(waits.count, reads.first_at, reads.took)


class Guard:
    """A guarded write's count (a removal's, a data-model change's), read by its unit before the write:
    `count_again` reads it again and raises when the write may no longer go, which ends its retries,
    not sent. The count is outdated, so read again before the write is handed its turn, once its unit
    waited on the platform since (throttle.py `Waits`, `counted_at`), or once it is older than the
    window the pacing line promises: its reads' time (`took`, each from its turn to its answer, not a
    wait before or between them), one interval at the pace in force, and SLACK, from its first read
    (`read_at`, the throttle's clock: throttle.py `CountRead`, a count being as old as its first read); its
    request takes the pace's next turn, ahead of the queue (throttle.py `reserved_turn`).
    Age covers every wait alike (a pacing queue, a lock held through another unit's pause, a slot in
    flight) and costs no request on a fast apply. Set by the unit around the write (apply/execute.py
    around its integrate call, read by that call alone, clients/platform.py `integrate`; apply/thread.py
    around a THREAD's data-model update, read by its JSON-RPC write, clients/jsonrpc.py `call`)."""

    def __init__(
        self,
        count_again: Callable[[Resending], Awaitable[None]],
        counted: Counted | None = None,
    ) -> None:
        """`counted`: its count (`Counted.now()` where none is given)."""
        self._count_again = count_again
        self.counted = counted or Counted.now()
        self.held = ""  # what outdated it, as "(... since it was counted)" says it

    def outdated(self, throttle: Throttle) -> bool:
        waits, now, counted = waits_now(), throttle.clock(), self.counted
        if waits.count > counted.counted_at:
            self.held = waits.what
            return True
        read_at = counted.read_at
        if read_at is None:  # no read of its count known (a unit's first, which read none): from now
            read_at = now
            self.counted = replace(counted, read_at=now)
        age = now - read_at
        if age > counted.took + throttle.interval() + SLACK:
            self.held = f"{age:.0f} s passed"
            return True
        return False

    async def count(self, resending: Resending, throttle: Throttle) -> None:
        started = throttle.clock()
        told = current_turn.set(None)  # its reads are not the write's turn: they neither send nor withdraw it
        try:
            with counting() as reads:
                await self._count_again(resending)
        finally:
            current_turn.reset(told)
        # from its first read's turn: its wait in the queue is no answer's time, and what that read
        # gave is as old as it
        read_at = started if reads.first_at is None else reads.first_at
        self.counted = Counted(waits_now().count, read_at, reads.took)


resend_guard: ContextVar[Guard | None] = ContextVar("resend_guard", default=None)


class HeldAfterCounts(WriteWithdrawn):
    """A guarded write whose count was outdated again by the time its turn came, each time it was
    counted: not sent (again). `resending`: what its last attempt met, None if it had none; `held`: what
    outdated it the last time, as its guard says it (`Guard.held`)."""

    def __init__(self, rounds: int, resending: Resending | None, held: str = RATE_LIMIT_HELD) -> None:
        self.rounds, self.resending, self.held = rounds, resending, held
        super().__init__(self.told("it"))
        self.sent = resending is not None and resending.answered  # an attempt before went, answered

    def told(self, which: str) -> str:
        """Why `which` was not sent: the platform's rate limit, or what else outdated its count (a retry of
        its unit, "20 s passed" with no 429: a queue, a lock, a slot)."""
        if self.held == RATE_LIMIT_HELD:
            return f"the platform's rate limit held {which} after each of {self.rounds} counts that let it go"
        return (
            f"{which} was held: its count was outdated before its turn after each of {self.rounds} counts "
            f"that let it go ({self.held} since it was counted)"
        )


async def counted_first(
    guard: Guard | None,
    send: Callable[[Callable[[], bool] | None], Awaitable[T]],
    resending: Resending | None,
    rounds: int,
    throttle: Throttle,
) -> T:
    """One attempt of a write: `send`, given what its turn asks (throttle.py `before_sending`). A guarded
    write is counted again first where its count no longer holds: before it goes again (`resending`:
    what its last attempt met), or once it is outdated (`Guard.outdated`); again when its turn finds it
    outdated meanwhile (CountOutdated), `rounds` times at most: outdated after each count, it is not
    sent (HeldAfterCounts)."""
    if guard is None:
        return await send(None)
    for _ in range(rounds):
        if resending is not None:
            await guard.count(resending, throttle)
        elif guard.outdated(throttle):
            await guard.count(Resending("", held=guard.held), throttle)
        # its count holds (just read, or not outdated): the next turn is its
        reserving = reserved_turn.set(True)
        try:
            return await send(lambda: guard.outdated(throttle))
        except CountOutdated:
            continue
        finally:
            reserved_turn.reset(reserving)
    raise HeldAfterCounts(rounds, resending, guard.held)


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 6
    rate_limited_for: float | None = None  # seconds a 429 is retried, not counted; None: an attempt
    max_wait: float = 60.0  # never wait longer than this for one retry-after
    backoff: float = 0.5  # first backoff, doubled each attempt, with jitter
    sleep: Callable[[float], Awaitable[None]] | None = None  # injectable for tests
    clock: Callable[[], float] = time.monotonic  # injectable for tests


class _Retryable(Exception):
    def __init__(self, response: httpx.Response) -> None:
        self.response = response


# Where a 429 says how long to wait: the standard header, and the iTwin Platform's own name for the
# same wait (developer.bentley.com, "Rate limits and quotas").
WAIT_HEADERS = ("retry-after", "itwinplatform-ratelimit-retry-after-seconds")
# Where a 429 names the subscription's tier: the two versions of that page name it differently.
TIER_HEADERS = ("itwinplatform-tier", "itwinplatform-ratelimited-tier")


def retry_after(response: httpx.Response, cap: float) -> float | None:
    """Seconds the platform asked us to wait, in either form the header allows, under either of its
    names (the longer where both say, though the page says they agree); a value that is neither
    (`soon`, `NaN`) is treated as absent, never as a reason to stop the run."""
    asked = [
        seconds for name in WAIT_HEADERS if (seconds := _asked(response.headers.get(name, ""))) is not None
    ]
    return capped(max(asked), cap) if asked else None


def _asked(value: str) -> float | None:
    value = value.strip()
    seconds: float | None
    try:
        seconds = float(value)
    except ValueError:
        seconds = _seconds_until(value)
    return seconds if seconds is not None and math.isfinite(seconds) else None


def stated_tier_rate(response: httpx.Response) -> float | None:
    """Requests a second the subscription tier a 429 names allows, where its rate is published
    (throttle.py `PUBLISHED_TIERS`); a tier absent, unknown or malformed states none. Where its two
    headers name different tiers, the smaller rate: staying under it is safe whichever is right."""
    names = (response.headers.get(header, "").strip().casefold() for header in TIER_HEADERS)
    return min((PUBLISHED_TIERS[name] for name in names if name in PUBLISHED_TIERS), default=None)


def capped(seconds: float | None, cap: float) -> float | None:
    """A wait the platform asked for, within [0, cap]; one that is no finite number is absent."""
    if seconds is None or not math.isfinite(seconds):
        return None
    return max(0.0, min(seconds, cap))


def _seconds_until(http_date: str) -> float | None:
    try:
        moment = email.utils.parsedate_to_datetime(http_date)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:  # RFC 9110 dates are GMT; a zone-less one is read as such
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.timestamp() - time.time()


def asked_or_backoff(
    policy: RetryPolicy, asked: Callable[[BaseException | None], float | None]
) -> Callable[[tenacity.RetryCallState], float]:
    """The wait before the next attempt: what the platform `asked` for after the failed one (REST's
    retry-after, JSON-RPC's retryAfter), else an exponential backoff."""
    backoff = tenacity.wait_random_exponential(multiplier=policy.backoff, max=policy.max_wait)

    def wait(state: tenacity.RetryCallState) -> float:
        seconds = asked(state.outcome.exception() if state.outcome else None)
        return seconds if seconds is not None else float(backoff(state))

    return wait


def telling_waits(
    throttle: Throttle,
    attempts: int,
    refused: Callable[[BaseException | None], bool],
    asked: Callable[[BaseException | None], float | None],
    rate_limited_for: float | None = None,
) -> Callable[[tenacity.RetryCallState], None]:
    """tenacity's before_sleep: a long wait after a rate limit's refusal is told (Throttle.will_wait),
    with what the platform `asked` for (uncapped) and the attempt to come: of `attempts`, or with
    429s bounded by time, how long it keeps trying. Every wait is told to the unit (throttle.py `waited`)."""
    bound = f", for up to {rate_limited_for / 60:g} min in all" if rate_limited_for else f" of {attempts}"

    def tell(state: tenacity.RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome else None
        if state.next_action is None:
            return
        waited(RATE_LIMIT_HELD if refused(error) else TRIED_AGAIN)  # its unit's guarded writes count again
        if not refused(error):
            return
        seconds, wanted = state.next_action.sleep, asked(error)
        said = "no retry-after" if wanted is None else f"retry-after {wanted:.0f} s"
        throttle.will_wait(
            seconds,
            f"Rate limited by the platform: waiting {seconds:.0f} s ({said}), "
            f"attempt {state.attempt_number + 1}{bound}",
        )

    return tell


def stop_retrying(
    policy: RetryPolicy, started: float, refused: Callable[[BaseException | None], bool]
) -> Callable[[tenacity.RetryCallState], bool]:
    """tenacity's stop: once `policy.attempts` were made, but for `policy.rate_limited_for`: after a
    429, once that many seconds have passed since the first attempt (at `started`), 429s uncounted."""
    if policy.rate_limited_for is None:
        return tenacity.stop_after_attempt(policy.attempts)
    waiting_for, others = policy.rate_limited_for, 0  # others: the attempts answered otherwise

    def stop(state: tenacity.RetryCallState) -> bool:
        nonlocal others
        if refused(state.outcome.exception() if state.outcome else None):
            return policy.clock() - started >= waiting_for
        others += 1
        return others >= policy.attempts

    return stop


def _refused_by_rate_limit(error: BaseException | None) -> bool:
    return isinstance(error, _Retryable) and error.response.status_code == 429


def _rest_asked_uncapped(error: BaseException | None) -> float | None:
    return retry_after(error.response, math.inf) if isinstance(error, _Retryable) else None


def _rest_asked(policy: RetryPolicy) -> Callable[[BaseException | None], float | None]:
    return lambda error: (
        retry_after(error.response, policy.max_wait) if isinstance(error, _Retryable) else None
    )


def _met(failed: BaseException) -> str:
    """What a failed attempt met, as "sent again after ..." says it: a write is sent again only after
    a 429 or a connection that could not be opened (`send_with_retries`)."""
    if isinstance(failed, _Retryable):
        return f"a {failed.response.status_code}"
    if isinstance(failed, httpx.ConnectError | httpx.ConnectTimeout):
        return "its connection could not be opened"
    return f"its connection failed ({type(failed).__name__})"


_UNLIMITED = nullcontext()  # the slot of a client without a limit on its requests in flight


async def send_with_retries(
    send: Callable[[], Awaitable[httpx.Response]],
    policy: RetryPolicy,
    *,
    write: bool,
    throttle: Throttle | None = None,
    in_flight: asyncio.Semaphore | None = None,
    guard: Guard | None = None,
) -> httpx.Response:
    """Send until an answer that is not "try again", or the attempts (for 429s, the time) run out:
    the last answer is then returned. `in_flight`: one of its slots is held by each attempt from before
    it waits its turn in the pace (a slot taken after it would let the queued requests burst past the
    pace) to its answer read; none while the backoff before a retry waits, nor while `guard` (a
    destructive write's) counts again (`counted_first`): what it raises ends the retries, the write not
    sent (again)."""
    retryable_statuses = SAFE_WRITE_STATUSES if write else RETRY_STATUSES
    retryable_errors = (httpx.ConnectError, httpx.ConnectTimeout) if write else (httpx.TransportError,)
    throttle = throttle or Throttle(policy.clock, policy.sleep)
    started = policy.clock()

    met, answered = "", False  # what the last attempt met, told to the guard before the next; any a 429?

    async def attempt() -> httpx.Response:
        nonlocal met, answered
        resending = Resending(met, answered=answered) if met else None
        try:  # after the wait the platform asked for, what arrived is counted
            return await counted_first(guard, attempt_once, resending, policy.attempts, throttle)
        except (_Retryable, *retryable_errors) as failed:
            met, answered = _met(failed), answered or isinstance(failed, _Retryable)
            raise

    async def attempt_once(outdated: Callable[[], bool] | None) -> httpx.Response:
        async with in_flight or _UNLIMITED:
            sent_at = await throttle.before_sending(outdated)
            response = await send()
            refused = response.status_code == 429
            asked = retry_after(response, policy.max_wait) if refused else None
            throttle.answered(
                response.status_code, sent_at, asked, stated_tier_rate(response) if refused else None
            )
            if response.status_code in retryable_statuses:
                await response.aread()
                raise _Retryable(response)
            return response

    retrying = tenacity.AsyncRetrying(
        stop=stop_retrying(policy, started, _refused_by_rate_limit),
        wait=asked_or_backoff(policy, _rest_asked(policy)),
        retry=tenacity.retry_if_exception(
            lambda error: (
                isinstance(error, (_Retryable, *retryable_errors))
                and not certificate_failure(error)
                and not name_not_found(error)
            )
        ),
        reraise=True,
        sleep=policy.sleep or asyncio.sleep,
        before_sleep=telling_waits(
            throttle, policy.attempts, _refused_by_rate_limit, _rest_asked_uncapped, policy.rate_limited_for
        ),
    )
    try:
        return await retrying(attempt)
    except _Retryable as exhausted:  # the last "try again": its error says how often it was tried
        exhausted.response.extensions[ATTEMPTS] = retrying.statistics.get("attempt_number", policy.attempts)
        if policy.rate_limited_for is not None and _refused_by_rate_limit(exhausted):
            exhausted.response.extensions[WAITED_ON_RATE_LIMIT] = policy.clock() - started
        return exhausted.response
