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
import functools
import json
import logging
import ssl
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urljoin

import httpx

from iotplan.clients.errors import PROXY_ADVICE, certificate_failure, certificate_refused, shown_url
from iotplan.clients.proxy import Proxy
from iotplan.errors import IotplanError, TransportError

if TYPE_CHECKING:
    from websockets.asyncio.client import ClientConnection

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
    Enterprise server), as `--insecure` does for REST. `proxy`: the one the target's routes name
    for this URL (clients/proxy.py), never websockets' own reading of the environment, which
    quotes a proxy URL it cannot parse; None connects directly."""

    def __init__(
        self,
        url: str,
        *,
        insecure: bool = False,
        open_timeout: float = 10.0,
        proxy: Proxy | None = None,
    ) -> None:
        self.url = url
        self.description = shown_url(httpx.URL(url))
        self.insecure = insecure
        self.open_timeout = open_timeout
        self.proxy = proxy
        self._socket: ClientConnection | None = None

    def __repr__(self) -> str:
        return f"WebSocketTransport({self.description!r})"

    async def connect(self) -> None:
        # Imported here: most runs never open the WebSocket, and websockets costs every command 40 ms.
        from websockets.exceptions import InvalidHandshake, InvalidStatus, InvalidURI

        await self.close()
        try:
            self._socket = await _connect_without_redirects()(
                self.url,
                ssl=self._tls(),
                open_timeout=self.open_timeout,
                proxy=self.proxy.url if self.proxy else None,
                max_size=None,  # as REST reads: a large site's getSensors answer is megabytes
                logger=_WIRE_LOG,
            )
        except InvalidURI as error:
            raise IotplanError(f"{self.description} is not a WebSocket URL: {error}") from None
        except InvalidStatus as error:
            if not 300 <= error.response.status_code < 400:
                raise ConnectionLost(f"could not connect: {type(error).__name__}: {error}") from None
            raise self._redirected(
                error.response.status_code, error.response.headers.get("Location")
            ) from None
        except (OSError, TimeoutError, InvalidHandshake) as error:
            refused = certificate_failure(error)
            if refused is not None:  # no retry mends it, as REST's (clients/retry.py)
                raise TransportError(
                    f"JSON-RPC to {self.description}: {self._certificate_refused(refused)}"
                ) from None
            raise self._not_connected(error) from None

    def _not_connected(self, error: Exception) -> ConnectionLost:
        if self.proxy is None:
            return ConnectionLost(f"could not connect: {type(error).__name__}: {error}")
        return ConnectionLost(
            f"could not connect through {self.proxy.named} ({type(error).__name__}: {error}){PROXY_ADVICE}"
        )

    def _certificate_refused(self, reason: str) -> str:
        url = httpx.URL(self.url)
        return certificate_refused(f"{url.host}:{url.port or 443}", reason)

    def _redirected(self, status: int, location: str | None) -> TransportError:
        """Not followed, as REST's redirects are not: authenticate's code would go to that host."""
        where = (
            f"a redirect to {shown_url(httpx.URL(urljoin(self.url, location)))}"
            if location
            else "no Location"
        )
        return TransportError(
            f"JSON-RPC to {self.description} answered {status} to its WebSocket handshake, {where}: "
            "iotplan does not follow redirects, so that no credential goes where you did not send it; give "
            "the URL the server answers at as --rpc-endpoint beside --endpoint (or as IOTPLAN_RPC_ENDPOINT "
            "beside IOTPLAN_ENDPOINT)"
        )

    def _tls(self) -> ssl.SSLContext | None:
        if not self.url.startswith("wss:"):
            return None
        context = ssl.create_default_context()
        if self.insecure:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context

    async def send(self, text: str) -> None:
        from websockets.exceptions import ConnectionClosed  # loaded by connect() already

        if self._socket is None:
            raise ConnectionLost("not connected")
        try:
            await self._socket.send(text)
        except ConnectionClosed as error:
            raise ConnectionLost(f"connection closed ({error})", sent=True) from None

    async def receive(self) -> str:
        from websockets.exceptions import ConnectionClosed

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
    the connection (fault injection); any other exception is a bug and reaches the caller.

    `handler` serves every connection; `connection`, called on each connect(), gives each new
    connection a handler of its own (a server's per-connection state: authentication, nextId)."""

    description = "embedded platform (in-process JSON-RPC)"

    def __init__(
        self, handler: Handler | None = None, *, connection: Callable[[], Handler] | None = None
    ) -> None:
        if (handler is None) == (connection is None):
            raise ValueError("give a handler, or how to open a connection, not both")
        self._new_connection = connection
        self.handler: Handler = handler or _not_connected
        self._inbox: asyncio.Queue[object] | None = None
        self._running: set[asyncio.Task[None]] = set()

    def __repr__(self) -> str:
        return "InProcessTransport()"

    async def connect(self) -> None:
        await self.close()
        if self._new_connection is not None:
            self.handler = self._new_connection()
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


async def _not_connected(request: dict[str, Any]) -> list[dict[str, Any]]:
    raise ConnectionLost("not connected")


@functools.cache
def _connect_without_redirects() -> Any:
    """websockets' connect, which would follow a redirect to any host (the credential goes in the
    first message, so nothing strips it), made to follow none."""
    from websockets.asyncio.client import connect

    class Unredirected(connect):
        def process_redirect(self, exc: Exception) -> Exception | str:
            return exc

    return Unredirected
