"""The JSON-RPC client under the platform's rate limit, against the emulator's own limiter (its
-32029 answers, decided before any method runs): refusals are waited out and sent again, a write
too, never blamed on the credential; and JSON-RPC takes its turns from the REST client's pace."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from iotplan.clients.auth import ApiKey
from iotplan.clients.jsonrpc import JsonRpcClient
from iotplan.clients.jsonrpc_transport import Handler, InProcessTransport
from iotplan.clients.platform import PlatformClient
from iotplan.clients.retry import RetryPolicy
from iotplan.errors import AuthError, PlatformError
from iotplan.sim import FaultConfig, SimTransport, create_app, demo_seed
from tests.clients.virtual_time import VirtualClock
from tests.sim.rpc_client import PROJECT, logger

SPENT = FaultConfig(rate_limit="1/hour", routes="/jsonrpc/*")  # one request, then none for an hour
DEVICE = logger()


class LimitedEmulator:
    """The emulator with a JSON-RPC rate limit; every answer it sends is kept in `answers`."""

    def __init__(self, faults: FaultConfig, variants: tuple[str, ...] = ()) -> None:
        self.app = create_app(seed=demo_seed(), faults=faults, variants=variants)
        self.emulator = SimTransport(app=self.app)
        self.answers: list[dict[str, Any]] = []

    def connection(self) -> Handler:
        handler = self.emulator.jsonrpc_connection()

        async def answer(request: dict[str, Any]) -> list[dict[str, Any]]:
            responses = await handler(request)
            self.answers.extend(responses)
            return responses

        return answer

    def lift_the_limit(self) -> None:
        self.app.faults.configure(FaultConfig())

    def spend_the_limit(self) -> None:
        """Another client of the subscription takes the one request the limit allows."""
        assert asyncio.run(self.emulator.jsonrpc_connection()({"jsonrpc": "2.0", "method": "time", "id": 1}))

    def refusals(self) -> list[dict[str, Any]]:
        return [answer["error"] for answer in self.answers if "error" in answer]

    def run(self, call: Callable[[JsonRpcClient], Awaitable[Any]], sleep: Callable[[float], None]) -> Any:
        """`call` in virtual time: `sleep` sees every wait of the client, as it begins."""
        clock = VirtualClock()

        async def asleep(seconds: float) -> None:
            sleep(seconds)
            await clock.sleep(seconds)

        async def go() -> Any:
            retry = RetryPolicy(attempts=3, max_wait=7200, sleep=asleep, clock=clock)
            transport = InProcessTransport(connection=self.connection)
            async with JsonRpcClient(transport, "demo-key", project_id=PROJECT, retry=retry) as client:
                return await clock.drive(call(client))

        return asyncio.run(go())


def create_device(client: JsonRpcClient) -> Awaitable[dict[str, Any]]:
    return client.create_device(DEVICE["device"], DEVICE["type"], DEVICE["props"])


def test_a_write_refused_by_the_rate_limit_is_sent_again_after_the_wait_it_names() -> None:
    platform = LimitedEmulator(SPENT)  # authenticate takes the one request: createDevice is refused
    waits: list[float] = []

    def wait(seconds: float) -> None:
        waits.append(seconds)
        platform.lift_the_limit()

    created = platform.run(create_device, wait)
    assert created["id"] == DEVICE["device"]
    (refusal,) = platform.refusals()
    assert waits[0] == refusal["data"]["retryAfter"]  # waited out as asked, then sent once more
    found = platform.run(lambda c: c.get_devices([DEVICE["device"]]), wait)
    assert [device["id"] for device in found] == [DEVICE["device"]]


def test_authenticate_refused_by_the_rate_limit_is_sent_again_never_blamed_on_the_credential() -> None:
    platform = LimitedEmulator(SPENT)
    platform.spend_the_limit()
    waits: list[float] = []

    def wait(seconds: float) -> None:
        waits.append(seconds)
        platform.lift_the_limit()

    assert "time" in platform.run(lambda c: c.time(), wait)  # no AuthError: authenticated on a retry
    (refusal,) = platform.refusals()
    assert waits[0] == refusal["data"]["retryAfter"]  # then paced: a refusal slows every request


@pytest.mark.parametrize("call", [lambda c: c.time(), create_device], ids=["authenticate", "createDevice"])
def test_a_request_the_limit_still_refuses_after_the_attempts_names_the_rate_limit(
    call: Callable[[JsonRpcClient], Awaitable[Any]],
) -> None:
    platform = LimitedEmulator(SPENT)
    if call is not create_device:
        platform.spend_the_limit()  # authenticate itself is refused
    with pytest.raises(
        PlatformError, match=r"refused by the platform's rate limit 3 times, so nothing"
    ) as raised:
        platform.run(call, lambda seconds: None)
    assert not isinstance(raised.value, AuthError)
    assert "API key" not in str(raised.value) and not raised.value.outcome_unknown
    assert len(platform.refusals()) == 3
    platform.lift_the_limit()
    assert platform.run(lambda c: c.get_devices([DEVICE["device"]]), lambda seconds: None) == []


def test_json_rpc_and_rest_requests_share_one_pace() -> None:
    """--rate-limit is the target's one budget: the platform meters the subscription, not the protocol."""
    rate, clock = 2.0, VirtualClock()
    sent: list[float] = []

    def rest(request: httpx.Request) -> httpx.Response:
        sent.append(clock.now)
        return httpx.Response(200, json={"id": "p"})

    async def rpc(request: dict[str, Any]) -> list[dict[str, Any]]:
        sent.append(clock.now)
        result = {"nextId": 1} if request["method"] == "authenticate" else {"time": "now"}
        return [{"jsonrpc": "2.0", "id": request["id"], "result": result}]

    async def go() -> None:
        policy = RetryPolicy(sleep=clock.sleep, clock=clock)
        transport = httpx.MockTransport(rest)
        async with httpx.AsyncClient(
            transport=transport, base_url="https://iiot.test", auth=ApiKey("k")
        ) as http:
            platform = PlatformClient(http, retry=policy, rate=rate)
            jsonrpc = JsonRpcClient(InProcessTransport(rpc), "k", retry=policy, throttle=platform.throttle)
            async with jsonrpc:
                work = [platform.get_project("p") for _ in range(10)] + [jsonrpc.time() for _ in range(10)]
                await clock.drive(asyncio.gather(*work))

    asyncio.run(go())
    assert len(sent) == 21  # authenticate is metered too
    gaps = [later - earlier for earlier, later in itertools.pairwise(sent)]
    assert min(gaps) >= 1 / rate - 1e-9


def test_a_platform_that_writes_before_it_refuses_gets_no_copy_and_the_apply_stops() -> None:
    """rpc-rate-limited-after-write breaks A6+ (a -32029 wrote nothing): the create is made, then
    refused. Sent again, the fixed id makes the second create an error, never a second device."""
    platform = LimitedEmulator(SPENT, variants=("rpc-rate-limited-after-write",))

    def wait(seconds: float) -> None:
        platform.lift_the_limit()

    with pytest.raises(PlatformError) as raised:
        platform.run(create_device, wait)
    assert "-32029" not in str(raised.value)  # stopped on the platform's refusal of the copy
    found = platform.run(lambda c: c.get_devices([DEVICE["device"]]), wait)
    assert [device["id"] for device in found] == [DEVICE["device"]]  # one, made by the first send
