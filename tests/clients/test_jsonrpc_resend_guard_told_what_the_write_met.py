"""A JSON-RPC write sent under a `resend_guard` (a THREAD data-model change's, apply/thread.py) is
counted again before it goes again, its guard told what the attempt met: the rate limit refusing the
write itself (then the write may have been made: -32029 coming first is assumed, A6+), or refusing its
connection's authenticate (the write never left)."""

from __future__ import annotations

import pytest

from iotplan.clients.jsonrpc import JsonRpcClient
from iotplan.clients.retry import Guard, Resending, resend_guard
from tests.clients.test_jsonrpc_rate_limit import SPENT, LimitedEmulator, create_device


@pytest.mark.parametrize(
    ("spent_before", "told"),
    [
        (False, Resending("the rate limit refused it (-32029)", maybe_made=True, answered=True)),
        (True, Resending("the rate limit refused its connection's authenticate (-32029)", maybe_made=False)),
    ],
    ids=["the write refused", "its authenticate refused"],
)
def test_the_guard_is_told_what_the_write_met_before_it_goes_again(
    spent_before: bool, told: Resending
) -> None:
    platform = LimitedEmulator(SPENT)  # authenticate takes the one request the limit allows
    if spent_before:
        platform.spend_the_limit()  # another client took it: authenticate itself is refused
    guarded: list[Resending] = []

    async def guard(resending: Resending) -> None:
        guarded.append(resending)

    async def created(client: JsonRpcClient) -> object:
        resend_guard.set(Guard(guard))
        return await create_device(client)

    platform.run(created, lambda seconds: platform.lift_the_limit())
    assert guarded == [told]
