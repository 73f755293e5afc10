"""Shared by the tests of a REST removal whose turn a 429's pause (other units' 429s, here one
after each of its reads) holds after every count: withdrawn after 6."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from iotplan.clients import platform
from iotplan.clients.retry import Guard, Resending
from tests.e2e.conftest import Workspace
from tests.e2e.test_another_writer_between_calls import D1, DX, applied_with_history, site


def storm(monkeypatch: pytest.MonkeyPatch, first_answered_429: bool) -> list[str]:
    """Once the first integrate is about to go, every read that follows is answered and then another
    unit's 429 (a 0.2 s retry-after) holds the client: the removal's turn comes in that pause each time.
    `first_answered_429`: the integrate's first attempt is itself answered 429."""
    sent: list[str] = []
    retried = platform.send_with_retries
    armed = [False]

    async def stormy(send: Callable[[], Awaitable[httpx.Response]], *args: Any, **kwargs: Any) -> Any:
        throttle = kwargs["throttle"]
        write = kwargs.get("write")

        async def sending() -> httpx.Response:
            if write and first_answered_429 and "integrate 429" not in sent:
                sent.append("integrate 429")
                return httpx.Response(429, headers={"retry-after": "0"}, request=httpx.Request("POST", "/"))
            response = await send()
            sent.append(f"{response.request.method} {response.request.url.path}")
            return response

        if write and not armed[0]:
            armed[0] = True
            if not first_answered_429:
                throttle.answered(429, throttle.clock(), 0.2)  # another unit's, as the call starts
        held[0] = throttle
        return await retried(sending, *args, **kwargs)

    counted = Guard.count

    async def count(self: Guard, resending: Resending, throttle: Any) -> None:
        await counted(self, resending, throttle)
        sent.append("counted again")
        held[0].answered(429, held[0].clock(), 0.2)  # another unit's 429, as each count ends

    held: list[Any] = [None]
    monkeypatch.setattr(platform, "send_with_retries", stormy)
    monkeypatch.setattr(Guard, "count", count)
    return sent


def held(workspace: Workspace, monkeypatch: pytest.MonkeyPatch, first_answered_429: bool, *more: str) -> Any:
    applied_with_history(workspace, DX)
    site(workspace, D1)
    sent = storm(monkeypatch, first_answered_429)
    applying = workspace.run("apply", "site.yaml", "--auto-approve", *more)
    assert applying.exit_code == 1, applying.output
    assert "POST /api/integrations/integrate" not in sent and sent.count("counted again") >= 5
    return applying
