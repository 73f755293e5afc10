"""The platform's JSON-RPC 2.0 API over WebSocket: the only way Bentley's reference documents
to create and change the devices and sensors under THREAD gateways.

How the client follows Bentley's iTwin IoT API reference ("Managing Connections", "Working
with Projects"):
- The first request on every connection is `authenticate {"code": <API key or JWT>}` with id 0
  (the reference's examples send `"id": 0` or `"id": "0"`; its JavaScript starts nextId at 0).
  Its result carries `nextId`, "the starting id for all future requests through that
  connection"; each request then takes the next id, one more than the last. A new connection
  authenticates again and counts from its own nextId.
- Ids are sent as JSON numbers ("The numeric id field"). The printed examples send `"id": "2"`
  and are answered `"id": 2`, so an answer is routed by the number its id spells, either form.
- `projectIds` goes INSIDE `params` (the reference: "an additional param.projectIds array",
  printed so in its getNodes, getSensors and getData examples), never at the top level of the
  request; one id ("only a single projectId is supported per request"); without it the
  platform uses the organisation's default project. authenticate, whose examples carry only
  the code, never carries it.
- An answer carries the request's id and `result` or `error`. One id may get several answers
  (subscriptions, data streams): a call keeps the first and ignores the rest; a message that
  answers no waiting call is ignored, and an `error` with no id is logged, as the reference's
  own client does.

Retries, as for REST (retry.py): a read (get*, time, help) whose connection drops or whose
answer times out is sent again on a fresh, re-authenticated connection, a bounded number of
times with backoff; a read answered a server fault (any error but a refusal: below) is sent
again the same way, as REST sends a read answered 5xx again, and once the attempts run out the
error names the method, the platform's message and the attempts made. Anything else is a write
and is sent once: when its answer is lost, nobody knows whether it was applied, and the error
says so. A write is retried only when it never left (the connection could not be opened or
authenticated) or the rate limit refused it; one that rereads history or destroys is sent again only
once its unit's `resend_guard` (retry.py) has counted again after the wait and let it go; so is its
first attempt once its unit waited on the platform since its count.

The rate limit: the platform meters the subscription, not the protocol, so every request,
authenticate included, takes its turn from the same Throttle as the REST client's (`--rate-limit` is
one budget for the target). The reference prints no JSON-RPC error codes; -32029 is REST's 429 in
the server range, as the emulator answers it (docs/sim.md), optionally with `data.retryAfter` in
seconds. Like a 429 it is taken as decided before the request is handled (assumption A6+,
docs/api-assumptions.md): nothing was done, so any request, a write too, is sent again after
retryAfter (or a backoff), for up to RATE_LIMITED_FOR seconds however many attempts that takes, as a
REST 429 is (PLATFORM_RETRY, the default policy); it never means the credential was refused. Were it
false (a platform that writes, then refuses: `rpc-rate-limited-after-write`), a create sent again is
answered -32009 "already exists": the create is then read back by its id, and found, taken as made
by its first attempt (jsonrpc_entities.CreateResent); otherwise its outcome is unknown. Since the
assumption is the emulator's, not the reference's, a write the rate limit still answers when the
attempts run out (or answered before its last attempt failed otherwise) is never reported as not
made: its outcome is unknown. Only a request that never left (authenticate itself refused every
time) was not made.

Other error answers: only the codes docs/sim.md lists for a request refused before anything was
done (JSON-RPC 2.0's own, and REST's 401, 403, 404, 409 and 422 in the server range: REFUSALS)
mean a write was not made. Any other error on a write (-32050, REST's 5xx; -32603; a code nobody
documents) is a failure after the write may have been made, so its outcome is unknown, as REST's
5xx; on a read it is a failure too, and the read is sent again (a refusal on a read is final: the
same request would be refused again). On authenticate, only an authentication error (-32001,
AUTHENTICATION_ERRORS) refuses the credential; a failure is the platform's, and since authenticate
writes nothing it is sent again on a fresh connection as a read is.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

import tenacity

from iotplan.clients.errors import (
    UNKNOWN_OUTCOME,
    excerpt_told_cut,
    message_excerpt,
    redact,
    redacted_excerpt,
)
from iotplan.clients.jsonrpc_entities import CreateResent, EntityCalls
from iotplan.clients.jsonrpc_session import NoAnswer, Session
from iotplan.clients.jsonrpc_transport import ConnectionLost, JsonRpcTransport
from iotplan.clients.observe import BODY_SHOWN, LOG
from iotplan.clients.platform import PLATFORM_RETRY
from iotplan.clients.retry import (
    Resending,
    RetryPolicy,
    asked_or_backoff,
    capped,
    counted_first,
    resend_guard,
    stop_retrying,
    telling_waits,
)
from iotplan.clients.throttle import Throttle
from iotplan.clients.values import whole_number
from iotplan.errors import AlreadyExists, AuthError, PlatformError, TransportError
from iotplan.secrets import remember
from iotplan.wording import counted

TIMEOUT = 60.0  # seconds an answer may take, per request, as REST's read timeout
CODE_SHOWN = 100  # characters of an error's code a debug line shows: the platform may send any JSON there
READ_METHODS = frozenset({"time", "help"})  # and every get*: they change nothing
RATE_LIMITED = -32029  # REST's 429 in JSON-RPC's server range (docs/sim.md; the reference prints no codes)
# REST's 409: "If the node, device or sensor already exists, this will return an error"
ALREADY_EXISTS = -32009
# A refused credential: -32001 as docs/sim.md lists it (REST's 401), or 401 itself, which a platform
# carrying REST's statuses over would send.
AUTHENTICATION_ERRORS = frozenset({-32001, 401})
# Errors that refuse a request before anything is done (docs/sim.md): JSON-RPC 2.0's parse error,
# invalid request, method not found and invalid params (REST's 400/422), then REST's 403, 404 and
# 409 in the server range. Any other error on a write may come after the write was made.
REFUSALS = frozenset({-32700, -32600, -32601, -32602, -32003, -32004, ALREADY_EXISTS}) | AUTHENTICATION_ERRORS

Code = str | Callable[[], Awaitable[str]]  # an API key or JWT, or how to get a fresh one


@dataclass(frozen=True)
class JsonRpcCall:
    """A failed request, as a PlatformError's `.request`: never the credential."""

    method: str
    id: int | None
    params: Mapping[str, Any] | None


def is_read(method: str) -> bool:
    return method.startswith("get") or method in READ_METHODS


class RateLimited(Exception):
    """The rate limit refused a request before it was handled: it may be sent again."""

    def __init__(self, method: str, call_id: int, answer: dict[str, Any], retry_after: float | None) -> None:
        super().__init__(method)
        self.method = method
        self.call_id = call_id
        self.answer = answer
        self.retry_after = retry_after


class AuthenticateFailed(Exception):
    """authenticate was answered an error that refuses neither the credential nor the request (a
    server fault): authenticate writes nothing, so it is tried again on a fresh connection."""

    def __init__(self, call_id: int, answer: dict[str, Any]) -> None:
        super().__init__("authenticate")
        self.call_id = call_id
        self.answer = answer


class ReadFailed(Exception):
    """A read answered an error that is no refusal (a server fault): a read changes nothing, so it
    is sent again, as REST sends a read answered 5xx again."""

    def __init__(self, call_id: int, answer: dict[str, Any]) -> None:
        super().__init__("read failed")
        self.call_id = call_id
        self.answer = answer


class JsonRpcClient(EntityCalls):
    """Async JSON-RPC calls returning the platform's `result` as it gives it (dicts and lists);
    an `error` answer, or no answer, raises iotplan's PlatformError tree.

    `project_id` is sent as `params.projectIds: [project_id]` with every request but
    authenticate; None sends none (the default project). Use `async with` or `aclose()`.
    """

    def __init__(
        self,
        transport: JsonRpcTransport,
        code: Code,
        *,
        project_id: str | None = None,
        timeout: float = TIMEOUT,
        retry: RetryPolicy | None = None,
        throttle: Throttle | None = None,
        credential: str = "",
    ) -> None:
        self.transport = transport
        # What authenticate's code is, as a refusal names it: "the API key in IOTPLAN_API_KEY".
        self.credential = credential or "the API key or JWT"
        self.project_id = project_id
        self.timeout = timeout
        self.retry = retry or PLATFORM_RETRY  # one platform, one rate limit: REST's 429 budget
        # The REST client's, when given: one pace for everything sent to the target.
        self.throttle = throttle or Throttle(self.retry.clock, self.retry.sleep)
        self.requests: Counter[str] = Counter()  # messages sent, by method, for reports and benchmarks
        self._code = code
        self._session: Session | None = None
        self._opening = asyncio.Lock()

    def __repr__(self) -> str:
        return f"JsonRpcClient({self.transport.description!r}, project_id={self.project_id!r})"

    async def __aenter__(self) -> JsonRpcClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            await session.close()
        await self.transport.close()

    # --- any method ----------------------------------------------------------------------------
    def in_project(self, project_id: str) -> ProjectCalls:
        """The same calls, on the same connection, carrying `projectIds: [project_id]`."""
        return ProjectCalls(self, project_id)

    async def call(
        self,
        method: str,
        params: Mapping[str, Any] | None = None,
        *,
        timeout: float | None = None,
        project_id: str | None = None,
    ) -> Any:
        """Send one request and return its `result`. Reads are retried (see the module docstring).
        `project_id` overrides the client's own for this request."""
        if method == "authenticate":
            raise ValueError("authenticate is sent by the client itself, first on every connection")
        sent = self._with_project(params, project_id or self.project_id)
        read = is_read(method)
        retrying = self._retrying(read, started=self.retry.clock())
        limited: list[RateLimited] = []  # this request's own refusals, not authenticate's
        # A write that rereads history (or destroys) is sent again, or sent once its unit waited, only
        # once counted again: a wait is time in which a sensor reports (retry.py `resend_guard`).
        guard = None if read else resend_guard.get()
        met = ""  # what the last attempt met, told to the guard before the next

        async def attempt() -> tuple[int, dict[str, Any]]:
            nonlocal met
            resending = Resending(met, maybe_made=bool(limited), answered=bool(limited)) if met else None
            try:  # what the guard raises ends the retries: the write is not sent (again)
                once = partial(self._attempt, method, sent, timeout or self.timeout)
                return await counted_first(guard, once, resending, self.retry.attempts, self.throttle)
            except (RateLimited, NoAnswer, AuthenticateFailed, ReadFailed) as failed:
                if isinstance(failed, RateLimited) and failed.method == method:
                    limited.append(failed)
                met = _met(failed, method)
                raise

        call_id: int
        answer: dict[str, Any]
        try:
            call_id, answer = await retrying(attempt)
        except (NoAnswer, RateLimited, AuthenticateFailed, ReadFailed) as failure:
            attempts = retrying.statistics.get("attempt_number", 1)
            raise self._gave_up(method, sent, failure, attempts, 0 if read else len(limited)) from None
        if error_of(answer) is not None:
            if limited and method.startswith("create") and _code(answer) == ALREADY_EXISTS:
                raise self._create_resent(method, call_id, sent, answer) from None
            raise self._error_answer(method, call_id, sent, answer) from None
        return answer["result"]

    @staticmethod
    def _with_project(params: Mapping[str, Any] | None, project_id: str | None) -> dict[str, Any] | None:
        if project_id is None:
            return dict(params) if params is not None else None
        return {**(params or {}), "projectIds": [project_id]}

    def _retrying(self, read: bool, started: float) -> tenacity.AsyncRetrying:
        """Attempts as REST's: -32029 waited out for `retry.rate_limited_for` seconds from `started`."""

        def retryable(error: BaseException) -> bool:
            if isinstance(error, RateLimited | AuthenticateFailed | ReadFailed):
                return True  # refused before it was handled, never left, or a read: nothing was done
            return isinstance(error, NoAnswer) and (read or not error.sent)

        return tenacity.AsyncRetrying(
            stop=stop_retrying(self.retry, started, _rate_limited),
            wait=asked_or_backoff(self.retry, _asked),
            retry=tenacity.retry_if_exception(retryable),
            reraise=True,
            sleep=self.retry.sleep or asyncio.sleep,
            before_sleep=telling_waits(
                self.throttle,
                self.retry.attempts,
                _rate_limited,
                _asked_uncapped,
                self.retry.rate_limited_for,
            ),
        )

    async def _attempt(
        self,
        method: str,
        params: dict[str, Any] | None,
        timeout: float,
        outdated: Callable[[], bool] | None = None,
    ) -> tuple[int, dict[str, Any]]:
        session = await self._connected()
        call_id, answer = await self._paced(session, method, params, timeout, outdated)
        if is_read(method) and error_of(answer) is not None and not is_refusal(answer):
            raise ReadFailed(call_id, answer)
        return call_id, answer

    async def _paced(
        self,
        session: Session,
        method: str,
        params: dict[str, Any] | None,
        timeout: float,
        outdated: Callable[[], bool] | None = None,
    ) -> tuple[int, dict[str, Any]]:
        """One request in its turn of the target's pace; RateLimited when the rate limit refused it.
        `outdated`: a guarded write's (throttle.py `before_sending`)."""
        sent_at = await self.throttle.before_sending(outdated)
        started = time.monotonic()
        call_id, answer = await session.request(method, params, timeout)
        if LOG.isEnabledFor(logging.DEBUG):
            LOG.debug(self._debug_line(method, call_id, params, answer, time.monotonic() - started))
        refusal = rate_limit_of(answer)
        retry_after = _retry_after(refusal, self.retry.max_wait) if refusal is not None else None
        # The throttle counts in REST's statuses: -32029 is REST's 429.
        self.throttle.answered(429 if refusal is not None else 200, sent_at, retry_after)
        if refusal is not None:
            raise RateLimited(method, call_id, answer, retry_after)
        return call_id, answer

    def _debug_line(
        self, method: str, call_id: int, params: dict[str, Any] | None, answer: dict[str, Any], seconds: float
    ) -> str:
        """As the REST debug lines: what was asked of whom, how it was answered, and the start of what
        was sent, redacted. authenticate's params are its credential: never shown."""
        outcome = "result" if error_of(answer) is None else f"error {_code_shown(answer)}"
        shown = (
            ""
            if method == "authenticate" or params is None
            else " " + excerpt_told_cut(json.dumps(params), BODY_SHOWN)
        )
        return (
            f"JSON-RPC {method} #{call_id} {self.transport.description} → {outcome} ({seconds:.3f} s){shown}"
        )

    # --- connections -------------------------------------------------------------------------
    async def _connected(self) -> Session:
        async with self._opening:  # callers waiting for a connection share the one being opened
            if self._session is None or not self._session.alive:
                self._session = await self._open()
            return self._session

    async def _open(self) -> Session:
        try:
            await self.transport.connect()
        except ConnectionLost as error:
            raise NoAnswer(str(error), sent=False) from None
        session = Session(self.transport, self.requests)
        try:
            session.next_id = await self._authenticate(session)
        except BaseException:
            await session.close()
            raise
        return session

    async def _authenticate(self, session: Session) -> int:
        code = self._code if isinstance(self._code, str) else await self._code()
        remember(code)  # masked in anything the platform echoes back
        try:
            call_id, answer = await self._paced(session, "authenticate", {"code": code}, self.timeout)
        except NoAnswer as lost:  # the request that was waiting for this connection never left
            raise NoAnswer(f"authenticate got no answer: {lost}", sent=False) from None
        if error_of(answer) is not None:
            if not is_refusal(answer):
                raise AuthenticateFailed(call_id, answer)
            raise self._error_answer("authenticate", call_id, None, answer)
        next_id = whole_number(_field(answer.get("result"), "nextId"))
        if next_id is None:
            raise PlatformError(
                f"JSON-RPC authenticate to {self.transport.description} answered without a numeric "
                f"nextId, which the reference says its result carries: {self.shown(answer)}",
                request=JsonRpcCall("authenticate", call_id, None),
                response=_redacted(answer),
            )
        return next_id

    # --- errors, never with the credential ---------------------------------------------------------
    def _gave_up(
        self,
        method: str,
        params: dict[str, Any] | None,
        failure: NoAnswer | RateLimited | AuthenticateFailed | ReadFailed,
        attempts: int,
        limited: int,
    ) -> PlatformError:
        """The error of a request that will not be sent again. `limited`: how often a write itself was
        answered -32029, which a platform may send after making it (`rpc-rate-limited-after-write`):
        then it is never reported as not made, whatever ended it."""
        if isinstance(failure, ReadFailed):
            return self._read_failed(method, params, failure, attempts)
        if isinstance(failure, RateLimited):
            if limited:
                return self._rate_limited_write(method, failure, params, limited)
            return self._rate_limited(failure, params, attempts)
        error: PlatformError = (
            self._no_answer(method, params, failure, is_read(method), attempts)
            if isinstance(failure, NoAnswer)
            else self._authenticate_failed(failure, attempts)
        )
        return self._limited_before(error, method, limited) if limited else error

    def _error_answer(
        self, method: str, call_id: int, params: Mapping[str, Any] | None, answer: dict[str, Any]
    ) -> PlatformError:
        """A refusal, or for a write any other error, which may come after the write was made."""
        message = _platform_message(error_of(answer))
        where = self.transport.description
        request = JsonRpcCall(method, call_id, params)
        if method == "authenticate" and _code(answer) in AUTHENTICATION_ERRORS:
            text = f"JSON-RPC authenticate to {where} refused {self.credential}: {message}"
            return AuthError(text, request=request, response=_redacted(answer))
        text = f"JSON-RPC {method} to {where} answered an error: {message}"
        if _both(answer):
            text = (
                f"JSON-RPC {method} to {where} answered both a result and an error ({message}), which "
                "JSON-RPC 2.0 forbids"
            )
        elif method.startswith("create") and _code(answer) == ALREADY_EXISTS:
            return AlreadyExists(text, request=request, response=_redacted(answer))
        unknown = not is_read(method) and not is_refusal(answer)  # authenticate: refusals only here
        if unknown:
            text = text.rstrip(".") + UNKNOWN_OUTCOME
        return PlatformError(text, request=request, response=_redacted(answer), outcome_unknown=unknown)

    def _authenticate_failed(self, failed: AuthenticateFailed, attempts: int) -> PlatformError:
        """The platform's failure, never a refused credential: authenticate was tried `attempts` times."""
        message = _platform_message(error_of(failed.answer))
        text = (
            f"JSON-RPC authenticate to {self.transport.description} answered an error {_times(attempts)}: "
            f"{message.rstrip('.')}. The platform failed; it did not refuse the API key or JWT (that is "
            "answered -32001 or 401). The request waiting for it was not sent: run iotplan again later"
        )
        request = JsonRpcCall("authenticate", failed.call_id, None)
        return PlatformError(text, request=request, response=_redacted(failed.answer))

    def _read_failed(
        self, method: str, params: Mapping[str, Any] | None, failed: ReadFailed, attempts: int
    ) -> PlatformError:
        """A read the platform kept failing: its last error, and how often it was sent."""
        message = _platform_message(error_of(failed.answer))
        text = (
            f"JSON-RPC {method} to {self.transport.description} answered an error after "
            f"{counted(attempts, 'attempt')}: {message.rstrip('.')}. The platform failed; a read changes "
            "nothing: run iotplan again later"
        )
        request = JsonRpcCall(method, failed.call_id, params)
        return PlatformError(text, request=request, response=_redacted(failed.answer))

    def _create_resent(
        self, method: str, call_id: int, params: Mapping[str, Any] | None, answer: dict[str, Any]
    ) -> CreateResent:
        """A create sent again after the rate limit refused it, now refused as existing: the first
        attempt may have made it (EntityCalls reads it back)."""
        message = _platform_message(error_of(answer))
        why = (
            f"JSON-RPC {method} to {self.transport.description} was refused by the platform's rate limit, "
            f"sent again after the wait, and answered that it already exists ({message.rstrip('.')}): "
            "iotplan's first attempt may have made it"
        )
        return CreateResent(why, request=JsonRpcCall(method, call_id, params), response=_redacted(answer))

    def _rate_limited(
        self, refused: RateLimited, params: dict[str, Any] | None, attempts: int
    ) -> PlatformError:
        """Never an AuthError, even for authenticate: the credential was not looked at."""
        message = _platform_message(error_of(refused.answer))
        text = (
            f"JSON-RPC {refused.method} to {self.transport.description} was refused by the platform's "
            f"rate limit {_times(attempts)}, so nothing was done ({message}); pace iotplan under the "
            "limit with --rate-limit, or run it again later"
        )
        request = JsonRpcCall(
            refused.method, refused.call_id, None if refused.method == "authenticate" else params
        )
        return PlatformError(text, request=request, response=_redacted(refused.answer))

    def _rate_limited_write(
        self, method: str, refused: RateLimited, params: dict[str, Any] | None, limited: int
    ) -> PlatformError:
        """A write the rate limit answered until the attempts ran out: -32029 is taken to come before
        anything is done (A6+), which the reference does not say, so its outcome is unknown."""
        message = _platform_message(error_of(refused.answer))
        text = (
            f"JSON-RPC {method} to {self.transport.description} was answered by the platform's rate limit "
            f"{_times(limited)} ({message.rstrip('.')}) until the attempts ran out. iotplan takes -32029 to "
            "mean nothing was done (docs/api-assumptions.md A6+), but the reference does not say so, and a "
            "platform may make a write before it answers it; pace iotplan under the limit with "
            f"--rate-limit{UNKNOWN_OUTCOME}"
        )
        request = JsonRpcCall(method, refused.call_id if refused.method == method else None, params)
        return PlatformError(text, request=request, response=_redacted(refused.answer), outcome_unknown=True)

    @staticmethod
    def _limited_before(error: PlatformError, method: str, limited: int) -> PlatformError:
        """A write answered -32029 before it failed otherwise (no connection, authenticate failed):
        one of those attempts may have made it."""
        if error.outcome_unknown:
            return error
        text = (
            f"{str(error).rstrip('.')}. Before that, {method} itself was answered by the rate limit "
            f"{_times(limited)}, which a platform may answer after making the write{UNKNOWN_OUTCOME}"
        )
        return type(error)(text, request=error.request, response=error.response, outcome_unknown=True)

    def _no_answer(
        self, method: str, params: dict[str, Any] | None, lost: NoAnswer, read: bool, attempts: int
    ) -> TransportError:
        # Why may quote the server (a WebSocket close reason, websockets' own words): shown as its message.
        what = (
            f"JSON-RPC {method} to {self.transport.description} got no answer ({message_excerpt(str(lost))})"
        )
        if attempts > 1:
            what += f" after {attempts} attempts"
        unknown = not read and lost.sent
        if unknown:
            what += UNKNOWN_OUTCOME
        return TransportError(
            what, request=JsonRpcCall(method, lost.call_id, params), outcome_unknown=unknown
        )

    def shown(self, answer: Any) -> str:
        return redacted_excerpt(json.dumps(answer, ensure_ascii=False), 300)


class ProjectCalls(EntityCalls):
    """A JsonRpcClient's entity calls in one project: concurrent units of work in different
    projects share the connection without sharing a setting."""

    def __init__(self, client: JsonRpcClient, project_id: str) -> None:
        self.client = client
        self.project_id = project_id

    async def call(self, method: str, params: Mapping[str, Any] | None = None) -> Any:
        return await self.client.call(method, params, project_id=self.project_id)

    def shown(self, answer: Any) -> str:
        return self.client.shown(answer)


def _field(value: Any, name: str) -> Any:
    return value.get(name) if isinstance(value, dict) else None


_ERROR_KEYS = frozenset({"code", "message", "data"})


def error_of(answer: dict[str, Any]) -> Any:
    """The answer's error, or None. JSON-RPC 2.0 puts it under `error`; the vendor's own client
    code looks for it under `result` (`"code" in result`), so an error object there is one too:
    a refused write is never taken for its result. No entity object has that shape."""
    if "error" in answer:
        return answer["error"]
    result = answer.get("result")
    if isinstance(result, dict) and isinstance(result.get("code"), int) and "message" in result:
        return result if set(result) <= _ERROR_KEYS else None
    return None


def is_refusal(answer: dict[str, Any]) -> bool:
    """Whether the answer's error is a documented refusal (REFUSALS): the request was turned down
    before anything was done, and the same request would be turned down again. Not one beside a
    `result` (JSON-RPC 2.0 forbids both): whether the request was done, the answer does not say."""
    if _both(answer):
        return False
    code = _code(answer)
    return isinstance(code, int) and code in REFUSALS  # a code of another type (a list) is no refusal


def _both(answer: dict[str, Any]) -> bool:
    return "result" in answer and "error" in answer


def rate_limit_of(answer: dict[str, Any]) -> dict[str, Any] | None:
    """The answer's error when it is the rate limit's refusal, else None."""
    error = error_of(answer)
    if isinstance(error, dict) and error.get("code") == RATE_LIMITED and not _both(answer):
        return error
    return None


def _code_shown(answer: dict[str, Any]) -> str:
    """The answer's error code as a debug line shows it, redacted: the platform's to fill, one echoed
    the key iotplan authenticated with."""
    return excerpt_told_cut(str(_code(answer)), CODE_SHOWN)


def _code(answer: dict[str, Any]) -> Any:
    """The answer's error code, or None."""
    return _field(error_of(answer), "code")


def _rate_limited(error: BaseException | None) -> bool:
    return isinstance(error, RateLimited)


def _retry_after(refusal: dict[str, Any], cap: float) -> float | None:
    """`data.retryAfter` in seconds, as REST's retry-after: a value that is no number is absent."""
    seconds = _field(refusal.get("data"), "retryAfter")
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        return None
    return capped(float(seconds), cap)


def _met(failed: Exception, method: str) -> str:
    """What a failed attempt of `method` met, as "sent again after ..." says it: a write is sent again
    only after the rate limit refused it or its connection's authenticate, or when it never left."""
    if isinstance(failed, RateLimited):
        whose = "it" if failed.method == method else "its connection's authenticate"
        return f"the rate limit refused {whose} (-32029)"
    if isinstance(failed, AuthenticateFailed):
        return "its connection's authenticate failed"
    if isinstance(failed, NoAnswer) and not failed.sent:
        return "its connection failed before it left"
    return "it got no answer or a failure"  # a read's, which no guard is told


def _asked(error: BaseException | None) -> float | None:
    """retryAfter when the rate limit gave one (already capped)."""
    return error.retry_after if isinstance(error, RateLimited) else None


def _asked_uncapped(error: BaseException | None) -> float | None:
    """retryAfter as the platform gave it, for the notice of a long wait: a wait capped well below it
    tells the user the attempts to come will likely be refused too."""
    if not isinstance(error, RateLimited):
        return None
    refusal = rate_limit_of(error.answer)
    return _retry_after(refusal, math.inf) if refusal is not None else None


def _times(attempts: int) -> str:
    return "once" if attempts == 1 else f"{attempts} times"


def _platform_message(error: Any) -> str:
    """JSON-RPC's `{"code", "message"}`, as `code: message`, redacted and cut as a REST error's is (a
    message of 70,000 characters was carried whole); any other shape as its JSON."""
    if isinstance(error, dict) and error.get("message"):
        code = error.get("code")
        return message_excerpt(f"{code}: {error['message']}" if code is not None else str(error["message"]))
    return redacted_excerpt(json.dumps(error, ensure_ascii=False), 300)


def _redacted(value: Any) -> Any:
    """An answer as an error may carry it: every string in it redacted."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [_redacted(item) for item in value]
    if isinstance(value, dict):
        return {key: _redacted(item) for key, item in value.items()}
    return value
