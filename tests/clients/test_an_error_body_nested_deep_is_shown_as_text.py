"""An error body nested hundreds deep (`{"error": {"error": ...}}` 500 times, a broken proxy's or a
hostile server's) raised RecursionError out of the client, a traceback in place of the refusal: the
body was parsed as JSON, which only a decode error stopped, and walked or shown again as JSON. It is
a body of no documented shape, shown as its text is, masked and cut; a documented one is read as
before."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from iotplan.clients.errors import error_for, platform_message

REQUEST = httpx.Request("POST", "https://iiot.test/api/integrations/integrate?projectIds=p")
# Frames the caller's stack already holds: a JSON body's nesting counts against the same recursion
# limit (1,000), so 500 deep failed or not by where the refusal was read.
CALLERS_STACK = 600


def _nested(depth: int, inner: str = '"password=hunter2xx"') -> bytes:
    return ('{"error": ' * depth + inner + "}" * depth).encode()


def _from_a_stack(frames: int, call: Callable[[], Any]) -> Any:
    return call() if frames == 0 else _from_a_stack(frames - 1, call)


@pytest.mark.parametrize("depth", [500, 5_000, 100_000])
def test_a_body_nested_deep_is_told_as_text(depth: int) -> None:
    response = httpx.Response(400, request=REQUEST, content=_nested(depth))

    shown = str(_from_a_stack(CALLERS_STACK, lambda: error_for(response, write=True)))

    assert shown.startswith("POST /api/integrations/integrate?projectIds=p answered 400: {"), shown[:200]
    assert "hunter2xx" not in shown and len(shown) < 1_000


def test_a_documented_body_is_still_read_for_its_message() -> None:
    body = {"error": {"code": "InvalidRequest", "message": "bad", "details": [{"message": "worse"}]}}
    response = httpx.Response(400, request=REQUEST, json=body)
    assert platform_message(response) == "InvalidRequest: bad (worse)"


def test_a_documented_body_nesting_33_levels_is_read_and_one_nesting_34_is_told_as_text() -> None:
    def body(levels: int) -> bytes:  # the error object and its message are 2 of them
        return b'{"error": {"message": "bad", "x": ' + b"[" * (levels - 2) + b"]" * (levels - 2) + b"}}"

    assert platform_message(httpx.Response(400, request=REQUEST, content=body(33))) == "bad"
    assert platform_message(httpx.Response(400, request=REQUEST, content=body(34))).startswith('{"error"')
