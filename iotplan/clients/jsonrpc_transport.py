"""The JSON-RPC wire: the transport seam (as httpx's transports are for REST) and the session
that numbers requests and routes answers over one connection.

A transport carries JSON-RPC text both ways and knows nothing of ids, methods or credentials:

    JsonRpcTransport        connect(), send(text), receive() -> text, close(), .description
    ├── WebSocketTransport  the platform's `wss://<host>:4201/` (websockets library)
    └── InProcessTransport  an async handler in this process (the embedded platform)

A transport reports a connection that could not be made, or that ended, as ConnectionLost, with
`sent` saying whether the text being sent may have left. A Session turns that into NoAnswer for
each waiting request; the client (jsonrpc.py) retries reads either way, writes only when
nothing left.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import ssl
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Literal, Protocol

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from iotplan.errors import IotplanError

log = logging.getLogger(__name__)

JSONRPC_PORT = 4201  # the reference: "4201 for WebSocket connections"

# websockets logs every frame at DEBUG, and the first frame carries the API key or JWT: its
# connections log through this logger, which never enables DEBUG.
_WIRE_LOG = logging.getLogger("iotplan.jsonrpc.wire")
_WIRE_LOG.setLevel(logging.INFO)


class ConnectionLost(Exception):
    """No connection, or it ended. `sent`: the text being sent may have reached the other side."""

    def __init__(self, detail: str, *, sent: bool = False) -> None:
        super().__init__(detail)
        self.sent = sent


class JsonRpcTransport(Protocol):
    description: str  # where it goes, safe to show: a URL without credentials

    async def connect(self) -> None:
        """Open a fresh connection, closing any earlier one."""

    async def send(self, text: str) -> None: ...

    async def receive(self) -> str:
        """The next message; ConnectionLost when the connection ends."""
        ...

    async def close(self) -> None: ...


def default_jsonrpc_url(rest_url: str) -> str:
    """`https://iiot.bentley.com` → `wss://iiot.bentley.com:4201/`: the REST endpoint's host on
    the documented WebSocket port; `http://` becomes `ws://` (a local embedded platform)."""
    rest = httpx.URL(rest_url)
    scheme = "ws" if rest.scheme == "http" else "wss"
    return str(httpx.URL(scheme=scheme, host=rest.host, port=JSONRPC_PORT, path="/"))


class WebSocketTransport:
    """JSON-RPC over a WebSocket. `insecure` turns TLS verification off (a self-signed
    Enterprise server), as `--insecure` does for REST. `proxy=True` follows the environment's
    proxy settings, as httpx does; None connects directly."""

    def __init__(
        self,
        url: str,
        *,
        insecure: bool = False,
        open_timeout: float = 10.0,
        proxy: str | Literal[True] | None = True,
    ) -> None:
        self.url = url
        self.description = _shown(url)
        self.insecure = insecure
        self.open_timeout = open_timeout
        self.proxy = proxy
        self._socket: ClientConnection | None = None

    def __repr__(self) -> str:
        return f"WebSocketTransport({self.description!r})"

    async def connect(self) -> None:
        await self.close()
        try:
            self._socket = await connect(
                self.url,
                ssl=self._tls(),
                open_timeout=self.open_timeout,
                proxy=self.proxy,
                max_size=None,  # as REST reads: a large site's getSensors answer is megabytes
                logger=_WIRE_LOG,
            )
        except InvalidURI as error:
            raise IotplanError(f"{self.description} is not a WebSocket URL: {error}") from None
        except (OSError, TimeoutError, InvalidHandshake) as error:
            raise ConnectionLost(f"could not connect: {type(error).__name__}: {error}") from None

    def _tls(self) -> ssl.SSLContext | None:
        if not self.url.startswith("wss:"):
            return None
        context = ssl.create_default_context()
        if self.insecure:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context

    async def send(self, text: str) -> None:
        if self._socket is None:
            raise ConnectionLost("not connected")
        try:
            await self._socket.send(text)
        except ConnectionClosed as error:
            raise ConnectionLost(f"connection closed ({error})", sent=True) from None

    async def receive(self) -> str:
        if self._socket is None:
            raise ConnectionLost("not connected")
        try:
            message = await self._socket.recv()
        except ConnectionClosed as error:
            raise ConnectionLost(f"connection closed ({error})") from None
        return message if isinstance(message, str) else message.decode("utf-8", "replace")

    async def close(self) -> None:
        socket, self._socket = self._socket, None
        if socket is not None:
            await socket.close()


Handler = Callable[[dict[str, Any]], Awaitable[list[dict[str, Any]]]]
_CLOSED = object()


class InProcessTransport:
    """JSON-RPC to an async handler in this process: one request object in, the list of response
    objects for it out (none, one, or several for one id). Both directions go through JSON text,
    so nothing passes that the wire would not carry. A handler may raise ConnectionLost to drop
    the connection (fault injection); any other exception is a bug and reaches the caller."""

    description = "embedded platform (in-process JSON-RPC)"

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self._inbox: asyncio.Queue[object] | None = None
        self._running: set[asyncio.Task[None]] = set()

    def __repr__(self) -> str:
        return "InProcessTransport()"

    async def connect(self) -> None:
        await self.close()
        self._inbox = asyncio.Queue()

    async def send(self, text: str) -> None:
        if self._inbox is None:
            raise ConnectionLost("not connected")
        # Answered concurrently, as a server does: a slow request never holds up the next one.
        task = asyncio.create_task(self._answer(self._inbox, json.loads(text)))
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    async def _answer(self, inbox: asyncio.Queue[object], request: dict[str, Any]) -> None:
        try:
            responses = await self.handler(request)
        except Exception as problem:  # ConnectionLost drops the connection; anything else is a bug
            inbox.put_nowait(problem)
            return
        for response in responses:
            inbox.put_nowait(json.dumps(response))

    async def receive(self) -> str:
        inbox = self._inbox
        if inbox is None:
            raise ConnectionLost("not connected")
        item = await inbox.get()
        if isinstance(item, str):
            return item
        if isinstance(item, Exception) and not isinstance(item, ConnectionLost):
            raise item  # the handler's own exception: a bug, with its traceback
        if self._inbox is inbox:
            self._inbox = None  # a dropped connection stays dropped until connect()
        raise ConnectionLost(str(item) if isinstance(item, ConnectionLost) else "connection closed")

    async def close(self) -> None:
        inbox, self._inbox = self._inbox, None
        for task in list(self._running):
            task.cancel()
        if inbox is not None:
            inbox.put_nowait(_CLOSED)


def _shown(url: str) -> str:
    """The URL without user:password@, which must never reach a message."""
    return str(httpx.URL(url).copy_with(userinfo=b""))


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

    def __init__(self, transport: JsonRpcTransport, sent: Counter[str], scrub: Callable[[str], str]) -> None:
        self.transport = transport
        self.next_id = 0  # authenticate goes out as 0; its answer's nextId follows
        self.waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._sent = sent
        self._scrub = scrub
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
                del self.waiting[call_id]
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
        except ValueError:
            log.debug("ignored a message that is not JSON")
            return
        if not isinstance(message, dict) or not ("result" in message or "error" in message):
            log.debug("ignored a message that is neither a result nor an error")
            return
        call_id = id_number(message.get("id"))
        answer = self.waiting.pop(call_id, None) if call_id is not None else None
        if answer is not None and not answer.done():
            answer.set_result(message)
        elif "error" in message and message.get("id") is None:
            log.warning(
                "the platform reported an error for no request: %s", self._scrub(str(message["error"]))
            )
        else:
            log.debug("ignored an answer for no waiting request (id %r)", message.get("id"))


def id_number(value: Any) -> int | None:
    """A request id as a number: 2 and "2" name the same request in the reference's examples."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return None


def _encoded(method: str, call_id: int, params: Mapping[str, Any] | None) -> str:
    """Members in the order of the reference's sendRequest; no `params` when there are none, as
    its printed `time` and `help` requests."""
    request: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "id": call_id}
    if params is not None:
        request["params"] = params
    return json.dumps(request, ensure_ascii=False)
