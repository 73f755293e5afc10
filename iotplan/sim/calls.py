"""One request as the responses see it, read in full before any rule runs, and the answers they give.

Reading the body first keeps every rule synchronous: a write request's transaction never spans an
`await`, so two requests can never interleave inside one.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

import orjson
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from iotplan.sim.errors import SimError, SimErrors

MAX_DEPTH = 32
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
        return parse_json(self.body)

    def form(self) -> dict[str, str]:
        """An `application/x-www-form-urlencoded` body, first value of each field."""
        return {key: values[0] for key, values in parse_qs(_text(self.body)).items()}


def parse_json(body: bytes) -> Any:
    """Strict JSON in UTF-8 (`strict_json`); the reference's trailing commas are taken."""
    text = _text(body)
    if not text.strip():
        return {}
    try:
        return _with_trailing_commas(text)
    except TooDeep:
        raise SimErrors(400, f"body nests deeper than {MAX_DEPTH} levels", "body") from None
    except json.JSONDecodeError as error:
        raise SimErrors(400, f"body is not JSON: {error.msg} at line {error.lineno}", "body") from None
    except ValueError as error:  # a number json refuses, e.g. an integer of 5,000 digits
        raise SimErrors(400, f"body is not JSON the platform accepts: {error}", "body") from None


def _with_trailing_commas(text: str) -> Any:
    """The reference's own examples carry trailing commas: accepted as they are printed."""
    try:
        return strict_json(text)
    except json.JSONDecodeError as error:
        try:
            return strict_json(_without_trailing_commas(text))
        except json.JSONDecodeError:
            raise error from None


class TooDeep(ValueError):
    """JSON nested deeper than MAX_DEPTH: no entity is deeper than 5."""


def strict_json(text: str) -> Any:
    """JSON as the platform takes it, for REST bodies and JSON-RPC frames alike: `NaN`,
    `Infinity` and numbers past a double's range are a ValueError (the json module would read
    them, then they could be stored but never answered again); nesting past MAX_DEPTH, or past
    the json module's own limit, is TooDeep."""
    try:
        value = json.loads(text, parse_constant=_not_a_number, parse_float=_finite)
    except RecursionError:
        raise TooDeep() from None
    if _depth(value) > MAX_DEPTH:
        raise TooDeep()
    return value


def _without_trailing_commas(text: str) -> str:
    """`[1, 2,]` → `[1, 2]`, outside strings only, in one pass (a comma waits to see what follows)."""
    kept: list[str] = []
    comma, in_string, escaped = False, False, False
    for char in text:
        if in_string:
            escaped, in_string = (not escaped and char == "\\"), escaped or char != '"'
        else:
            if comma and not char.isspace():
                kept.extend("" if char in "]}" else ",")
                comma = False
            if char == "," or comma:
                comma = True
                continue  # the comma, and the spaces after it, until the next token decides
            in_string = char == '"'
        kept.append(char)
    return "".join(kept) + ("," if comma else "")


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SimErrors(400, f"body is not UTF-8 (byte {error.start})", "body") from None


def _not_a_number(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text} is out of range")
    return number


def _depth(value: Any) -> int:
    """How deep arrays and objects nest, counted a level at a time without recursion (what a
    level holds is kept only if it nests further: a cold apply's bodies hold 1.5 million values)."""
    depth, level = 0, [value] if type(value) in _CONTAINERS else []
    while level and depth <= MAX_DEPTH:
        depth += 1
        deeper: list[Any] = []
        for item in level:
            deeper += [
                child
                for child in (item.values() if type(item) is dict else item)
                if type(child) in _CONTAINERS
            ]
        level = deeper
    return depth


_CONTAINERS = (dict, list)  # all json.loads makes that holds other values


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


def decoded_json_answer(result: Any) -> Response:
    """`answer` of a value made of what decoding JSON makes (dicts, lists, texts, numbers, booleans,
    None), in the bytes JSONResponse writes, by orjson: ten times faster (an integrate answer's
    hundred entities took a tenth of the server's CPU in a cold apply). Where the two could write
    otherwise, JSONResponse writes it: an integer past 64 bits (orjson refuses it), a float below
    1e-4 (orjson's `1e-7` and `0.00001`, the json module's `1e-07` and `1e-05`; they write every
    other finite float alike), and NaN or an infinity, which orjson writes as null where
    JSONResponse refuses it: any null, or anything like such a float, even in a text, sends it there."""
    try:
        body = orjson.dumps(result, option=_ONLY_JSON_TYPES)
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return JSONResponse(result)
    if b"null" in body or b"0.0000" in body or (b"e-" in body and _EXPONENT_BELOW_ZERO.search(body)):
        return JSONResponse(result)
    return Response(body, media_type=JSONResponse.media_type)


# Anything but JSON's own types is refused, and so written by JSONResponse, as it always was.
_ONLY_JSON_TYPES = (
    orjson.OPT_PASSTHROUGH_SUBCLASS | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME
)
_EXPONENT_BELOW_ZERO = re.compile(rb"[0-9]e-")


def error_answer(error: SimError, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse(error.body(), status_code=error.status, headers=headers)
