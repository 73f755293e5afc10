"""Every platform message an error shows, of any shape (a documented error's `message`, a text or HTML
body, JSON that does not parse, a JSON-RPC error's `message` or its JSON), is shown with what a terminal
acts on or shows as nothing escaped as JSON escapes it (`\\u001b`, `\\u202e`): shown raw, a platform's
or a proxy's body recoloured the `Error:` line, hid a URL behind a link (OSC 8), reversed its text, or
rewrote the line (`\\r`). Escaped after it is masked: a held secret is masked as the platform wrote it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from iotplan.clients.errors import error_for
from iotplan.clients.jsonrpc import _platform_message
from iotplan.secrets import remember
from iotplan.wording import shows_as_held

REQUEST = httpx.Request("POST", "https://iiot.test/api/integrations/integrate")

UNSEEN = "a\x1b[31mRED\x1b]8;;http://evil/\x07link\x1b]8;;\x07 \u202eTXET \x00 \x9b2J \u200b\r\x7f end"


def _rest(body: Any, content_type: str = "application/json") -> str:
    if isinstance(body, str):
        response = httpx.Response(400, request=REQUEST, text=body, headers={"content-type": content_type})
    else:
        response = httpx.Response(400, request=REQUEST, json=body)
    return str(error_for(response, write=True))


@pytest.mark.parametrize(
    "shown",
    [
        pytest.param(lambda: _rest({"error": {"code": "X", "message": UNSEEN}}), id="error.message"),
        pytest.param(lambda: _rest({"errors": [{"message": UNSEEN, "path": "x"}]}), id="errors[]"),
        pytest.param(lambda: _rest(f"plain {UNSEEN}", "text/plain"), id="text/plain"),
        pytest.param(lambda: _rest(f"<html>{UNSEEN}</html>", "text/html"), id="text/html"),
        pytest.param(lambda: _rest('{"x": "' + UNSEEN), id="json-not-parsed"),
        pytest.param(lambda: _rest({"detail": UNSEEN}), id="no-documented-shape"),
        pytest.param(lambda: _platform_message({"code": -32602, "message": UNSEEN}), id="jsonrpc-message"),
        pytest.param(lambda: _platform_message({"code": -32602, "zzz": UNSEEN}), id="jsonrpc-fallback"),
    ],
)
def test_what_a_terminal_acts_on_is_escaped(shown: Any) -> None:
    text = shown()
    assert shows_as_held(text), ascii(text)
    assert "\\u001b[31mRED" in text and "\\u202eTXET" in text, ascii(text)


def test_a_carriage_return_cannot_rewrite_the_line() -> None:
    text = _rest({"message": "x\x1b[2K\rApply complete"})
    assert "\r" not in text and "\\r" in text and "\\u001b[2K" in text, ascii(text)


def test_lines_of_a_text_body_are_shown_on_one_line() -> None:
    text = _rest("\n\n  line one\nline two\n\n", "text/plain")
    assert text.endswith(": line one\\nline two"), ascii(text)


def test_a_credential_beside_an_escape_is_masked() -> None:
    text = _rest({"error": {"code": "X", "message": "password:\x1b[8mhunter2 rejected"}})
    assert "hunter2" not in text and "(sensitive)" in text, ascii(text)


def test_text_in_another_script_is_shown_as_written() -> None:
    assert "设备 échec" in _rest({"error": {"code": "X", "message": "设备 échec"}})


@pytest.mark.parametrize("held", ["Tom\xa0Jerry 5G", "Wx\u2009s3cret\u200b9"])
def test_a_held_secret_holding_a_blank_that_is_escaped_is_masked(held: str) -> None:
    remember(held)
    text = _rest({"error": {"code": "X", "message": f"wifi {held} was refused"}})
    assert text.endswith("X: wifi (sensitive) was refused"), ascii(text)


@pytest.mark.parametrize(
    "held",
    [
        "Kq7vPl\xfcme\u200bW",  # a letter shown as written beside one escaped
        "Gr\xfc\xdfe\u200bPassword1234",
        "\xe5bc\u200bd",
        "Kq7\xe9\x9bZ",  # a C1 control
        "Kq7vPl\xfcme\u202eWharf9xZ",  # a direction override
        "Kq7v\\Pl\xfcme\u200bX",  # a backslash, which JSON escapes too
    ],
)
def test_a_held_secret_holding_a_letter_and_a_character_escaped_is_masked(held: str) -> None:
    """Masked as the platform wrote it, then escaped: escaped first, the secret was neither as
    written nor all JSON-escaped, and shown (`Kq7vPl\xfcme\\u200bW is not accepted`)."""
    remember(held)
    for shown in (
        _rest({"error": {"code": "X", "message": f"rejected: {held} is not accepted"}}),
        _rest(f"rejected: {held} is not accepted", "text/plain"),
        _rest({"detail": f"rejected: {held} is not accepted"}),
    ):
        assert "rejected: (sensitive) is not accepted" in shown, ascii(shown)


CLOSE_REASON = (
    "x\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\\x1b[31mRED\u202eesrever\x9b2J\rApply complete"
)


def test_a_websocket_close_reason_is_escaped() -> None:
    """A JSON-RPC server's close reason, quoted by websockets in the error, is shown as a platform's
    message is: masked, then escaped."""
    import asyncio

    from websockets.asyncio.server import ServerConnection, serve

    from iotplan.clients.jsonrpc import JsonRpcClient
    from iotplan.clients.jsonrpc_transport import WebSocketTransport
    from iotplan.clients.retry import RetryPolicy
    from iotplan.errors import TransportError

    remember("Kq7vPl\xfcme\u200bW")

    async def closing(socket: ServerConnection) -> None:
        await socket.recv()
        await socket.close(1011, f"{CLOSE_REASON} Kq7vPl\xfcme\u200bW")

    async def go() -> TransportError:
        async with serve(closing, "127.0.0.1", 0) as server:
            port = server.sockets[0].getsockname()[1]
            transport = WebSocketTransport(f"ws://127.0.0.1:{port}/", proxy=None)
            retry = RetryPolicy(attempts=1, sleep=lambda s: asyncio.sleep(0))
            async with JsonRpcClient(transport, "code-of-the-test", retry=retry, timeout=5) as client:
                with pytest.raises(TransportError) as raised:
                    await client.get_nodes(["/fn/A/node"])
            return raised.value

    text = str(asyncio.run(go()))
    assert "1011" in text and shows_as_held(text), ascii(text)
    assert "\\u001b[31mRED\\u202eesrever\\u009b2J\\rApply complete (sensitive)" in text, ascii(text)
