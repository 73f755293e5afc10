"""A removal answered 429 is sent again only once counted again (fz73, cr68): what arrives while it
waits out the platform's retry-after would otherwise be destroyed unseen, exit 0."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from iotplan.clients import platform
from tests.e2e.conftest import Workspace
from tests.e2e.test_another_writer_between_calls import D1, DX, applied_with_history, site

BY_HAND = {  # a sensor made by hand under dx, which the plan removes, while its removal waited
    "changeState": "update",
    "refId": "fz:c1/dx",
    "props": {},
    "sensors": [
        {
            "changeState": "new",
            "refId": "hand-1",
            "props": {"NAME": "by hand", "INTEGRATION_ID": "TEMPERATURE_SDE"},
        }
    ],
}


def first_integrate_answered_429(
    monkeypatch: pytest.MonkeyPatch, meanwhile: Callable[[], None] = lambda: None
) -> list[str]:
    """The first integrate call is answered 429 (nothing written), and `meanwhile` is done before it
    can go again. Returns the requests sent, in order."""
    sent: list[str] = []
    retried = platform.send_with_retries

    async def refused_once(send: Callable[[], Awaitable[httpx.Response]], *args: Any, **kwargs: Any) -> Any:
        async def first_refused() -> httpx.Response:
            response = await send()
            sent.append(f"{response.request.method} {response.request.url.path}")
            return response

        async def send_or_refuse() -> httpx.Response:
            if sent.count("integrate 429") == 0 and kwargs.get("write"):
                sent.append("integrate 429")
                await asyncio.to_thread(meanwhile)
                return httpx.Response(429, headers={"retry-after": "0"}, request=httpx.Request("POST", "/"))
            return await first_refused()

        return await retried(send_or_refuse, *args, **kwargs)

    monkeypatch.setattr(platform, "send_with_retries", refused_once)
    return sent


def test_a_removal_answered_429_is_not_sent_again_once_it_would_take_more(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, the retry layer sent it again after the retry-after, unrecounted: the sensor made by
    hand and its 3000 observations were destroyed, exit 0."""
    applied_with_history(workspace, DX)
    site(workspace, D1)

    def by_hand() -> None:
        workspace.integrate_under("fz:c1", [BY_HAND])
        sensor = workspace.live_entity("hand-1")
        workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor["id"], "count": 3000})

    sent = first_integrate_answered_429(monkeypatch, by_hand)
    applying = workspace.run("apply", "site.yaml", "--auto-approve")
    assert applying.exit_code == 1, applying.output
    assert "stopped before sending call 1 of 1 again after a 429: it was not sent again, " in applying.stdout
    assert "; 1 write request sent." in applying.stdout  # the one answered 429: it went
    assert workspace.live_entity("hand-1")  # not destroyed
    assert "integrate 429" in sent and "POST /api/integrations/integrate" not in sent


def test_a_removal_answered_429_goes_again_once_counted_again_and_taking_no_more(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    applied_with_history(workspace, DX)
    site(workspace, D1)
    sent = first_integrate_answered_429(monkeypatch)
    applying = workspace.run("apply", "site.yaml", "--auto-approve")
    assert applying.exit_code == 0, applying.output
    resent = sent.index("POST /api/integrations/integrate")
    assert sent[resent - 1].startswith("POST /api/integrations/")  # c1 read again just before
    assert sent.index("integrate 429") < resent - 1
