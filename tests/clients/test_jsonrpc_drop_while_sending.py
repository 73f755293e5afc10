"""A connection that drops while a write is being sent: the reader task sees the close before
the send reports it, and the write is one that may or may not have been applied (fz35 #1)."""

from __future__ import annotations

import asyncio
import gc
import logging
from typing import Any

import pytest

from iotplan.clients.jsonrpc import JsonRpcClient
from iotplan.clients.jsonrpc_transport import ConnectionLost, InProcessTransport
from iotplan.clients.retry import RetryPolicy
from iotplan.errors import TransportError

DEVICE = "/fn/02DDC5/node/demo/032432/device"


async def platform(request: dict[str, Any]) -> list[dict[str, Any]]:
    result = {"nextId": 1} if request["method"] == "authenticate" else {"id": DEVICE}
    return [{"jsonrpc": "2.0", "id": request["id"], "result": result}]


class DropsWhileSendingAWrite(InProcessTransport):
    """On createDevice the connection closes, the reader gets to run and sees it, and only then
    does the send itself fail, as a WebSocket whose peer went away mid-frame."""

    async def send(self, text: str) -> None:
        if '"createDevice"' not in text:
            return await super().send(text)
        assert self._inbox is not None
        self._inbox.put_nowait(ConnectionLost("connection closed (received 1011)"))
        for _ in range(3):
            await asyncio.sleep(0)  # the reader takes the close and ends every waiting call
        raise ConnectionLost("connection closed while sending", sent=True)


def test_a_write_whose_connection_drops_while_sending_may_or_may_not_have_been_applied(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.ERROR, logger="asyncio")

    async def go() -> None:
        retry = RetryPolicy(attempts=3, sleep=lambda s: asyncio.sleep(0))
        transport = DropsWhileSendingAWrite(platform)
        async with JsonRpcClient(transport, "key", retry=retry, timeout=1.0) as client:
            await client.create_device(DEVICE, "DEMO", {"NAME": "d"})

    with pytest.raises(TransportError, match=r"createDevice .* The write may or may not have been applied"):
        asyncio.run(go())
    gc.collect()  # an orphaned future with an unread exception warns when collected
    assert "exception was never retrieved" not in caplog.text
