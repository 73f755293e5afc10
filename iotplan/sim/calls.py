"""One request as the responses see it, read in full before any rule runs, and the answers they give.

Reading the body first keeps every rule synchronous: a write request's transaction never spans an
`await`, so two requests can never interleave inside one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from iotplan.sim.errors import SimError, SimErrors

Handler = Callable[["Call"], Any]
RouteTable = list[tuple[str, str, Handler]]  # (method, path pattern, handler)


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes = b""
    path_params: dict[str, str] = field(default_factory=dict)

    @property
    def authorization(self) -> str | None:
        return self.headers.get("authorization")

    def json(self) -> Any:
        """The body as JSON; an empty body is an empty object."""
        if not self.body.strip():
            return {}
        try:
            return json.loads(self.body)
        except json.JSONDecodeError as error:
            raise SimErrors(400, f"body is not JSON: {error.msg}", "body") from None

    def form(self) -> dict[str, str]:
        """An `application/x-www-form-urlencoded` body, first value of each field."""
        return {key: values[0] for key, values in parse_qs(self.body.decode()).items()}


async def read_call(request: Request, path_params: dict[str, str] | None = None) -> Call:
    return Call(
        method=request.method,
        path=request.url.path,
        query=dict(request.query_params),
        headers=dict(request.headers),
        body=await request.body(),
        path_params=path_params or {},
    )


def answer(result: Any) -> Response:
    return result if isinstance(result, Response) else JSONResponse(result)


def error_answer(error: SimError, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse(error.body(), status_code=error.status, headers=headers)
