"""Errors the emulator answers with: an HTTP status and one of the two documented body shapes."""

from __future__ import annotations

from typing import Any


class SimError(Exception):
    """`{"error": {"code", "message", "target"?}}`, the platform's usual shape."""

    def __init__(self, status: int, code: str, message: str, target: str | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.target = status, code, message, target

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.target:
            error["target"] = self.target
        return {"error": error}


class SimErrors(SimError):
    """`{"errors": [{"message", "path"}]}`, the shape of validation and expired-token answers."""

    def __init__(self, status: int, message: str, path: str) -> None:
        super().__init__(status, "", message)
        self.path = path

    def body(self) -> dict[str, Any]:
        return {"errors": [{"message": self.message, "path": self.path}]}


class Dropped(Exception):
    """The emulator drops the connection: in-process the transport turns it into a transport error
    (REST), or the JSON-RPC handler raises it (and every later call on that connection)."""


class AfterWrite(Exception):
    """An error answered once the request's writes are kept, not rolled back: what a platform does
    that answers 503 after writing, or stops half-way through a call (variants only)."""

    def __init__(self, error: SimError) -> None:
        super().__init__(error.message)
        self.error = error


def unprocessable(message: str, target: str | None = None) -> SimError:
    # The reference prints this status as 422, once as "402 Unprocessable Entity" and once as
    # 400; the iTwin Platform page says 422 (docs/api-assumptions.md, "Where the vendor's pages disagree").
    return SimError(422, "InvalidProcessIntegrationRequest", message, target)


MISSING_INTEGRATION_ID = (
    "Minimum request parameters not provided, new Devices and Sensors must have a valid "
    "`props.INTEGRATION_ID` set."
)
INVALID_NODE = "Cannot process integration ensure the provided nodeId is valid."
NO_HEADER = SimError(
    401, "HeaderNotFound", "Header Authorization was not found in the request. Access denied."
)
FORBIDDEN = SimError(
    403, "InsufficientPermissions", "The user has insufficient permissions for the requested operation."
)
TOO_MANY = SimError(
    429, "TooManyRequests", "More requests were received than the subscription rate-limit allows."
)


class RpcError(Exception):
    """A JSON-RPC 2.0 error object `{"code", "message", "data"?}`. The reference prints none: the
    codes are the JSON-RPC 2.0 specification's, and the server range (-32000 to -32099) carries
    the REST status's meaning (docs/sim.md, "JSON-RPC")."""

    def __init__(self, code: int, message: str, name: str | None = None, **data: Any) -> None:
        super().__init__(message)
        self.code, self.message = code, message
        self.data = {"code": name, **data} if name else data

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.data:
            error["data"] = self.data
        return error


PARSE_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, INVALID_PARAMS = -32700, -32600, -32601, -32602
# The server range, one code per REST status the same rule answers over HTTP.
RPC_CODES = {401: -32001, 403: -32003, 404: -32004, 409: -32009, 429: -32029}
UNAVAILABLE = -32050


def rpc_error(error: SimError) -> RpcError:
    """The REST rule's error as JSON-RPC: same message, its status as a server code."""
    code = RPC_CODES.get(error.status, UNAVAILABLE if error.status >= 500 else INVALID_PARAMS)
    return RpcError(code, error.message, error.code or None)


def invalid_params(message: str) -> RpcError:
    return RpcError(INVALID_PARAMS, message, "InvalidParams")
