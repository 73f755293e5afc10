"""One open JSON-RPC connection: its request ids, the calls waiting for an answer, and the task
that reads every message and hands each answer to its call by id."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import Counter
from collections.abc import Mapping
from typing import Any

from iotplan.clients.errors import MESSAGE_SHOWN, redacted_excerpt
from iotplan.clients.jsonrpc_transport import ConnectionLost, JsonRpcTransport
from iotplan.clients.values import whole_number

log = logging.getLogger(__name__)


class NoAnswer(Exception):
    """A request got no answer: not sent, dropped, or timed out. `sent`: it may have arrived."""

    def __init__(self, detail: str, *, sent: bool, call_id: int | None = None) -> None:
        super().__init__(detail)
        self.sent = sent
        self.call_id = call_id


class Session:
    """One open connection: its request ids, the calls waiting for an answer, and the task that
    reads every message and hands each answer to its call by id. Once the connection ends, it is
    not `alive`, and every waiting call gets NoAnswer."""

    def __init__(self, transport: JsonRpcTransport, sent: Counter[str]) -> None:
        self.transport = transport
        self.next_id = 0  # authenticate goes out as 0; its answer's nextId follows
        self.waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._sent = sent
        self._sending = asyncio.Lock()  # ids leave in the order they were taken
        self._reader = asyncio.create_task(self._read())

    @property
    def alive(self) -> bool:
        return not self._reader.done()

    async def request(
        self, method: str, params: Mapping[str, Any] | None, timeout: float
    ) -> tuple[int, dict[str, Any]]:
        """The first answer (with `result` or `error`) to one request."""
        answer: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        async with self._sending:
            if not self.alive:
                raise NoAnswer("the connection had closed", sent=False)
            call_id, self.next_id = self.next_id, self.next_id + 1
            self.waiting[call_id] = answer
            try:
                await self.transport.send(_encoded(method, call_id, params))
            except ConnectionLost as lost:
                # The reader may have seen the same close first and ended this call already.
                self.waiting.pop(call_id, None)
                _forget(answer)
                raise NoAnswer(str(lost), sent=lost.sent, call_id=call_id) from None
            self._sent[method] += 1
        try:
            async with asyncio.timeout(timeout):
                return call_id, await answer
        except TimeoutError:
            raise NoAnswer(f"none within {timeout:g} s", sent=True, call_id=call_id) from None
        except NoAnswer as lost:
            raise NoAnswer(str(lost), sent=True, call_id=call_id) from None
        finally:
            self.waiting.pop(call_id, None)

    async def close(self) -> None:
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader
        self._end("the client closed the connection")

    async def _read(self) -> None:
        try:
            while True:
                self._route(await self.transport.receive())
        except ConnectionLost as lost:
            self._end(f"the connection dropped: {lost}")
        except Exception as bug:  # a transport's or handler's bug: every waiting call shows it
            self._end(bug)

    def _end(self, why: str | Exception) -> None:
        for answer in self.waiting.values():
            if not answer.done():
                answer.set_exception(NoAnswer(why, sent=True) if isinstance(why, str) else why)
        self.waiting.clear()

    def _route(self, text: str) -> None:
        """As the reference's own client: a message with `result` or `error` goes to the call its
        id names; anything else, or a second answer to one id, is ignored."""
        try:
            message = json.loads(text)
        except (ValueError, RecursionError):  # the parse recurses: a message nested deep is none to read
            log.debug("ignored a message that is not JSON")
            return
        if not isinstance(message, dict) or not ("result" in message or "error" in message):
            log.debug("ignored a message that is neither a result nor an error")
            return
        call_id = whole_number(message.get("id"))
        answer = self.waiting.pop(call_id, None) if call_id is not None else None
        if answer is not None and not answer.done():
            answer.set_result(message)
        elif "error" in message and message.get("id") is None:
            log.warning("the platform reported an error for no request: %s", _error_shown(message["error"]))
        else:
            log.debug("ignored an answer for no waiting request (id %r)", message.get("id"))


def _error_shown(error: Any) -> str:
    """An error no call waits for, as a warning shows it: its numeric code as sent (no credential, and
    masked as one by `redact`, the code named `code`), its message cut to an excerpt before it is
    redacted (redacted whole, 80 KB of one stalled a plan for minutes)."""
    code = error.get("code") if isinstance(error, dict) else None
    if isinstance(code, int) and not isinstance(code, bool):
        message = error.get("message")
        return (
            f"{code}: {redacted_excerpt(str(message), MESSAGE_SHOWN)}" if message is not None else str(code)
        )
    return redacted_excerpt(str(error), MESSAGE_SHOWN)


def _forget(answer: asyncio.Future[dict[str, Any]]) -> None:
    """An answer no one will await: cancelled, or its exception marked read, so asyncio does not
    warn "Future exception was never retrieved" about a call already reported otherwise."""
    if not answer.cancel():
        answer.exception()


def _encoded(method: str, call_id: int, params: Mapping[str, Any] | None) -> str:
    """Members in the order of the reference's sendRequest; no `params` when there are none, as
    its printed `time` and `help` requests."""
    request: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "id": call_id}
    if params is not None:
        request["params"] = params
    return json.dumps(request, ensure_ascii=False)
