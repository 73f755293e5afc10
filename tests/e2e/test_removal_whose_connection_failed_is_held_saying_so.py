"""A removal whose connection could not be opened is counted again before it is sent again, as one
answered 429 is: a sensor made by hand meanwhile stops it, and the unit says what happened, a
connection never made, where it said "again after a 429" (cr70)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from iotplan.clients import platform
from tests.e2e.conftest import Workspace
from tests.e2e.test_another_writer_between_calls import D1, DX, applied_with_history, site
from tests.e2e.test_removal_answered_429_counted_again_before_resent import BY_HAND


def first_write_not_connected(
    monkeypatch: pytest.MonkeyPatch, meanwhile: Callable[[], None], reads_fail_after: bool = False
) -> None:
    """The first write's connection cannot be opened; `meanwhile` is done before it can go again, and
    with `reads_fail_after` no read connects from then on."""
    retried = platform.send_with_retries
    failed: list[bool] = []

    async def not_connected_once(
        send: Callable[[], Awaitable[httpx.Response]], *args: Any, **kwargs: Any
    ) -> Any:
        async def send_or_fail() -> httpx.Response:
            if kwargs.get("write") and not failed:
                failed.append(True)
                await asyncio.to_thread(meanwhile)
                raise httpx.ConnectError("connection refused")
            if reads_fail_after and failed and not kwargs.get("write"):
                raise httpx.ConnectError("connection refused")
            return await send()

        return await retried(send_or_fail, *args, **kwargs)

    monkeypatch.setattr(platform, "send_with_retries", not_connected_once)


def test_a_removal_whose_connection_failed_is_held_saying_so(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    applied_with_history(workspace, DX)
    site(workspace, D1)

    def by_hand() -> None:
        workspace.integrate_under("fz:c1", [BY_HAND])
        sensor = workspace.live_entity("hand-1")
        workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor["id"], "count": 3000})

    first_write_not_connected(monkeypatch, by_hand)
    applying = workspace.run("apply", "site.yaml", "--auto-approve")
    assert applying.exit_code == 1, applying.output
    assert (
        "stopped before sending call 1 of 1 (its connection could not be opened): it was not sent, "
        "counted again just before: remove c1/dx: 1 entity not reviewed would go with it"
    ) in applying.stdout
    assert "after a 429" not in applying.output
    assert "; 0 write requests sent." in applying.stdout  # it never left
    assert workspace.live_entity("hand-1")  # not destroyed
