"""A 401 or 403 whose platform message ends in a period is joined to the advice naming the
credential with one period: every 403 read "...requested operation.. The platform refused ..."."""

from __future__ import annotations

import httpx
import pytest

from tests.clients.test_target import CONFIGURED, project_read_refused

FORBIDDEN = {
    "error": {
        "code": "InsufficientPermissions",
        "message": "The user has insufficient permissions for the requested operation.",
    }
}


@pytest.mark.parametrize("status", [401, 403])
def test_a_platform_message_ending_in_a_period_gets_no_second_one(status: int) -> None:
    async def refused(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=FORBIDDEN)

    said = str(project_read_refused(CONFIGURED, refused).value)
    assert "requested operation. The platform " in said, said
    assert ".." not in said
