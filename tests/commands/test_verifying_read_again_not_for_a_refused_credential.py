"""The verifying plan is made once more when a request of it failed or a list changed between its
pages (another writer, a sibling shard); a refused credential fails the same way twice, and a second
verifying plan of a large fleet cost minutes for nothing."""

from __future__ import annotations

import asyncio

import pytest

from iotplan.commands.apply import _read_again_once
from iotplan.errors import AuthError, IotplanError, PlatformError
from iotplan.plan.model import Plan


def failing(error: IotplanError) -> tuple[list[int], object]:
    made: list[int] = []

    async def replan() -> Plan:
        made.append(1)
        raise error

    return made, replan


def test_a_refused_credential_is_not_read_again() -> None:
    made, replan = failing(AuthError("the platform refused the credential (401)"))
    with pytest.raises(AuthError):
        asyncio.run(_read_again_once(replan))  # type: ignore[arg-type]
    assert len(made) == 1


def test_a_list_changed_between_pages_is_read_once_more() -> None:
    made, replan = failing(PlatformError("entities were removed while the plan read these lists in pages"))
    with pytest.raises(IotplanError, match="read once more"):
        asyncio.run(_read_again_once(replan))  # type: ignore[arg-type]
    assert len(made) == 2
