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


class AfterWrite(Exception):
    """An error answered once the request's writes are kept, not rolled back: what a platform does
    that answers 503 after writing, or stops half-way through a call (variants only)."""

    def __init__(self, error: SimError) -> None:
        super().__init__(error.message)
        self.error = error


def unprocessable(message: str, target: str | None = None) -> SimError:
    # The reference prints this status as 422, once as "402 Unprocessable Entity" and once as
    # 400; the gateway page and the contract say 422 (docs/sim.md, "Contract vs reference").
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
