"""The debug log (`--debug`) writes on stderr, a terminal's, what the platform had a hand in: a
JSON-RPC error's `code` as the platform sent it, a live id in a request body (sent back as read:
orjson writes U+202E and C1 as they are) or in a query value (logged decoded). Each character a
terminal acts on or shows as nothing is escaped as every platform message an error shows is
(`\\u001b`), after the secrets in it are masked."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from iotplan.cli.debug_log import set_debug_log
from iotplan.clients.observe import event_hooks
from iotplan.errors import PlatformError
from iotplan.secrets import remember
from tests.clients.test_jsonrpc import FakePlatform, Responses, run

LINK = "\x1b]8;;https://evil.example/\x07click\x1b]8;;\x07"  # OSC 8: a link hiding where it leads
RED = "\x1b[31mRED"
REVERSED = "\u202eTXET"  # shown reversed
CSI = "\x9b2J"  # C1: clear the screen, on a terminal that reads 8-bit controls


@pytest.fixture
def debug_on() -> object:
    set_debug_log(True)
    yield
    set_debug_log(False)


def assert_nothing_acted_on(said: str) -> None:
    assert "debug: " in said
    for raw in ("\x1b", "\x07", "\u202e", "\x9b", "\x00"):
        assert raw not in said, said


def test_a_json_rpc_error_code_is_logged_escaped(
    debug_on: object, capsys: pytest.CaptureFixture[str]
) -> None:
    def refused(request: dict[str, object]) -> Responses:
        error = {"code": f"{LINK}{RED}{REVERSED}{CSI}\x00", "message": "no"}
        return Responses([{"jsonrpc": "2.0", "id": request["id"], "error": error}])

    with pytest.raises(PlatformError):
        run(FakePlatform(time=refused), lambda client: client.time())
    said = capsys.readouterr().err
    assert_nothing_acted_on(said)
    assert "\\u001b]8;;https://evil.example/\\u0007click" in said and "\\u202eTXET" in said, said


def _sent(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={})


def test_a_rest_body_and_query_value_are_logged_escaped(
    debug_on: object, capsys: pytest.CaptureFixture[str]
) -> None:
    async def post() -> None:
        transport = httpx.MockTransport(_sent)
        async with httpx.AsyncClient(transport=transport, event_hooks=event_hooks()) as http:
            body = f'{{"nodeId": "{REVERSED}{CSI}"}}'.encode()
            await http.post("http://platform.invalid/api/x", params={"cursor": f"{RED}{LINK}"}, content=body)

    asyncio.run(post())
    said = capsys.readouterr().err
    assert_nothing_acted_on(said)
    assert "\\u202eTXET\\u009b2J" in said and "cursor=\\u001b[31mRED" in said, said


def test_a_secret_spelled_only_once_escaped_stays_masked(
    debug_on: object, capsys: pytest.CaptureFixture[str]
) -> None:
    """Masked first, as written; then escaped, then masked again: a held secret holding `\\u001b` as
    its own six characters is what the escaped line spells."""
    secret = remember("Kq7\\u001bPl9zW")

    def refused(request: dict[str, object]) -> Responses:
        error = {"code": "Kq7\x1bPl9zW", "message": "no"}
        return Responses([{"jsonrpc": "2.0", "id": request["id"], "error": error}])

    with pytest.raises(PlatformError):
        run(FakePlatform(time=refused), lambda client: client.time())
    said = capsys.readouterr().err
    assert_nothing_acted_on(said)
    assert secret not in said and "(sensitive)" in said, said
