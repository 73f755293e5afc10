"""One JSON-RPC 2.0 connection (the reference's JSON-RPC API): its envelope, its authentication, its faults.

    connection = RpcConnection(...)            one per WebSocket, or per jsonrpc_connection() call
    responses = await connection(request)      one request object in, its response objects out

A connection answers nothing but `authenticate` until it is authenticated, and keeps the
credential's reach until it ends. Faults (faults.py) are decided per request, before any method
runs, on the path `/jsonrpc/{method}` (so `routes: "/jsonrpc/*"` targets JSON-RPC alone): a delay,
a rate limit or injected failure answered as an error object, or a drop, after which the
connection stays dropped (raise Dropped) and a new one must be opened and authenticated.
"""

from __future__ import annotations

import asyncio
import json
from contextlib import suppress
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect

from iotplan.sim.backend import Reach, SimBackend
from iotplan.sim.calls import MAX_DEPTH, TooDeep, strict_json
from iotplan.sim.errors import (
    INVALID_REQUEST,
    METHOD_NOT_FOUND,
    PARSE_ERROR,
    TOO_MANY,
    UNAVAILABLE,
    Dropped,
    RpcError,
    SimError,
    invalid_params,
    rpc_error,
)
from iotplan.sim.faults import Faults, Verdict
from iotplan.sim.rpc_routes import Method

NOT_AUTHENTICATED = RpcError(
    -32001, "The connection is not authenticated: send authenticate with your API key or JWT first.",
    "NotAuthenticated",
)  # fmt: skip
UNSET = object()


class RpcConnection:
    def __init__(self, backend: SimBackend, faults: Faults, methods: dict[str, Method]) -> None:
        self.backend, self.faults, self.methods = backend, faults, methods
        self.reach: Reach | object = UNSET
        self.dropped = False

    async def __call__(self, request: Any) -> list[dict[str, Any]]:
        if self.dropped:
            raise Dropped("the connection was dropped")
        method = request.get("method") if isinstance(request, dict) else None
        verdict = self.faults.decide(f"/jsonrpc/{method}", f"rpc {method}")
        if verdict.delay:
            await asyncio.sleep(verdict.delay)
        if verdict.drop:
            self.dropped = True
            raise Dropped("connection dropped by an injected fault")
        answer = self._answer(request, verdict)
        if answer is None:  # a notification: run, never answered
            return []
        self.faults.answered["rpc error" if "error" in answer else "rpc result"] += 1
        return [self._shaped(answer)]

    def _answer(self, request: Any, verdict: Verdict) -> dict[str, Any] | None:
        """The response, or None for a notification (JSON-RPC 2.0 §4.1: never answered, even when
        it fails; a request too malformed to be one is answered with id null)."""
        request_id = request.get("id") if isinstance(request, dict) else None
        notification = isinstance(request, dict) and "id" not in request and "method" in request
        try:
            result = self._result(request, verdict)
        except RpcError as error:
            if notification:
                return None
            return {"jsonrpc": "2.0", "id": _echoed(request_id, self.backend), "error": error.body()}
        if notification:
            return None
        return {"jsonrpc": "2.0", "id": _echoed(request_id, self.backend), "result": result}

    def _result(self, request: Any, verdict: Verdict) -> Any:
        method, params = _envelope(request)
        if verdict.status == 429:
            self._written_anyway(method, params)
            raise RpcError(-32029, TOO_MANY.message, TOO_MANY.code, retryAfter=verdict.retry_after)
        if verdict.status:
            raise RpcError(UNAVAILABLE, "Injected fault: try again later.", "ServiceUnavailable")
        if method == "authenticate":
            return self._authenticate(params, request.get("id"))
        if method not in self.methods:
            raise RpcError(METHOD_NOT_FOUND, f"Method not found: {method}.", "MethodNotFound")
        if self.reach is UNSET:
            raise NOT_AUTHENTICATED
        return self._run(self.methods[method], params)

    def _written_anyway(self, method: str, params: Any) -> None:
        """rpc-rate-limited-after-write: a write over the limit is made before it is refused."""
        writes = method in self.methods and self.methods[method].writes
        if writes and self.reach is not UNSET and self.backend.variants.on("rpc-rate-limited-after-write"):
            with suppress(RpcError):
                self._run(self.methods[method], params)

    def _authenticate(self, params: dict[str, Any], request_id: Any) -> dict[str, Any]:
        code = params.get("code")
        if not isinstance(code, str) or not code:
            raise invalid_params("code must be your API key or JWT.")
        try:
            self.reach = self.backend.reach_of(code.strip())
        except SimError as error:
            self.reach = UNSET
            raise rpc_error(error) from None
        number = _as_number(request_id)
        return {"nextId": number + 1 if isinstance(number, int) else 1}

    def _run(self, method: Method, params: dict[str, Any]) -> Any:
        reach: Reach = self.reach  # type: ignore[assignment]  # set by authenticate
        try:
            if not method.writes:
                return _through_json(method.run(params, reach))
            with self.backend.store.transaction():  # all or nothing, the answer made inside
                return _through_json(method.run(params, reach))
        except SimError as error:
            raise rpc_error(error) from None

    def _shaped(self, answer: dict[str, Any]) -> dict[str, Any]:
        """`rpc-errors-in-result`: the error object comes as the result, as the reference's own
        client code looks for it (`"code" in result`)."""
        if "error" in answer and self.backend.variants.on("rpc-errors-in-result"):
            return {"jsonrpc": "2.0", "id": answer["id"], "result": answer["error"]}
        return answer


def _envelope(request: Any) -> tuple[str, dict[str, Any]]:
    """JSON-RPC 2.0 §4: `jsonrpc` "2.0", a method name, params an object when present."""
    if not isinstance(request, dict) or request.get("jsonrpc") != "2.0":
        raise RpcError(INVALID_REQUEST, "Invalid request: a JSON-RPC 2.0 request object is expected.")
    method, params = request.get("method"), request.get("params", {})
    if not isinstance(method, str) or not method:
        raise RpcError(INVALID_REQUEST, "Invalid request: method must be a string.")
    if params is None:
        params = {}
    if not isinstance(params, dict):
        raise invalid_params("params must be an object.")
    if (where := _lone_surrogate(params, "params")) is not None:
        raise invalid_params(
            f"{where} holds a lone surrogate (\\ud800 to \\udfff unpaired): not a Unicode text."
        )
    return method, params


def _lone_surrogate(value: Any, where: str) -> str | None:
    """Where a text (or an object's key) holds a lone surrogate, which no UTF-8 carries: the store
    could not write it (a UnicodeEncodeError, the frame never answered), nor could REST read it (a 400)."""
    if isinstance(value, str):
        return None if _unicode(value) else where
    inside = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in inside:
        if isinstance(key, str) and not _unicode(key):
            return where
        found = _lone_surrogate(item, f"{where}.{key}" if isinstance(key, str) else f"{where}[{key}]")
        if found is not None:
            return found
    return None


def _unicode(text: str) -> bool:
    try:
        return text.isascii() or bool(text.encode("utf-8"))
    except UnicodeEncodeError:
        return False


def _as_number(request_id: Any) -> Any:
    """The reference sends `"id": "2"` and is answered `"id": 2`: an id of digits is a number."""
    if isinstance(request_id, str) and request_id.isascii() and request_id.isdigit() and len(request_id) < 16:
        return int(request_id)
    return request_id


def _echoed(request_id: Any, backend: SimBackend) -> Any:
    return request_id if backend.variants.on("rpc-ids-echoed") else _as_number(request_id)


def _through_json(result: Any) -> Any:
    """What the wire would carry: nothing of the store's objects is shared with the caller."""
    return json.loads(json.dumps(result))


def _frame(text: str) -> Any:
    """A frame's request, refused where a REST body would be (`strict_json`)."""
    try:
        return strict_json(text)
    except TooDeep:
        raise RpcError(INVALID_REQUEST, f"Invalid request: nested deeper than {MAX_DEPTH} levels.") from None
    except ValueError:
        raise RpcError(PARSE_ERROR, "Parse error.") from None


async def serve_websocket(socket: WebSocket, connection: RpcConnection) -> None:
    """One WebSocket, one connection: each text frame a request, answered as soon as it is done
    (a slow request does not hold up the next one, as on the platform)."""
    await socket.accept()
    sending, running = asyncio.Lock(), set()

    async def answer(text: str) -> None:
        try:
            request = _frame(text)
        except RpcError as refused:
            responses = [{"jsonrpc": "2.0", "id": None, "error": refused.body()}]
        else:
            try:
                responses = await connection(request)
            except Dropped:
                await socket.close(code=1011, reason="connection dropped by an injected fault")
                return
        async with sending:
            for response in responses:
                await socket.send_text(json.dumps(response))

    try:
        while True:
            task = asyncio.create_task(answer(await socket.receive_text()))
            running.add(task)
            task.add_done_callback(running.discard)
    except (WebSocketDisconnect, RuntimeError):  # closed by the client, or dropped by a fault
        for task in running:
            task.cancel()
