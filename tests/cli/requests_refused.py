"""What a command sends, refused before it leaves: a refusal "before any request" is seen as none."""

from __future__ import annotations

from typing import Any

import httpx
import pytest


def requests_sent(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    sent: list[str] = []

    async def refused(self: httpx.AsyncClient, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        sent.append(str(request.url))
        raise httpx.ConnectError("refused by the test: nothing leaves it", request=request)

    monkeypatch.setattr(httpx.AsyncClient, "send", refused)
    return sent
