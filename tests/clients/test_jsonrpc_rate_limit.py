"""The JSON-RPC client under the platform's rate limit, against the emulator's own limiter (its
-32029 answers, decided before any method runs): refusals are waited out and sent again, a write
too, never blamed on the credential; and JSON-RPC takes its turns from the REST client's pace."""

from __future__ import annotations

import asyncio
import itertools
import re
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from iotplan.clients.auth import ApiKey
from iotplan.clients.jsonrpc import JsonRpcClient
from iotplan.clients.jsonrpc_transport import ConnectionLost, Handler, InProcessTransport
from iotplan.clients.platform import PlatformClient
from iotplan.clients.retry import RATE_LIMITED_FOR, RetryPolicy
from iotplan.errors import AuthError, PlatformError
from iotplan.sim import FaultConfig, SimTransport, create_app, demo_seed
from tests.clients.virtual_time import VirtualClock
from tests.sim.rpc_client import PROJECT, THREAD, logger

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

    def run(
        self,
        call: Callable[[JsonRpcClient], Awaitable[Any]],
        sleep: Callable[[float], None],
        max_wait: float = 7200,
        rate_limited_for: float | None = None,
    ) -> Any:
        """`call` in virtual time: `sleep` sees every wait of the client, as it begins."""
        clock = VirtualClock()

        async def asleep(seconds: float) -> None:
            sleep(seconds)
            await clock.sleep(seconds)

        async def go() -> Any:
            retry = RetryPolicy(
                attempts=3, max_wait=max_wait, sleep=asleep, clock=clock, rate_limited_for=rate_limited_for
            )
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


@pytest.mark.parametrize("call", [lambda c: c.time(), create_device], ids=["time", "createDevice"])
def test_a_request_never_sent_past_a_refused_authenticate_names_the_rate_limit_and_nothing_done(
    call: Callable[[JsonRpcClient], Awaitable[Any]],
) -> None:
    platform = LimitedEmulator(SPENT)
    platform.spend_the_limit()  # authenticate itself is refused: the request never leaves
    with pytest.raises(
        PlatformError, match=r"authenticate .* refused by the platform's rate limit 3 times, so nothing"
    ) as raised:
        platform.run(call, lambda seconds: None)
    assert not isinstance(raised.value, AuthError)
    assert "API key" not in str(raised.value) and not raised.value.outcome_unknown
    assert len(platform.refusals()) == 3
    platform.lift_the_limit()
    assert platform.run(lambda c: c.get_devices([DEVICE["device"]]), lambda seconds: None) == []


def update_node(client: JsonRpcClient) -> Awaitable[Any]:
    return client.update_node(THREAD, {"NAME": "renamed"})  # the seed's THREAD


def made(platform: LimitedEmulator, write: Callable[[JsonRpcClient], Awaitable[Any]]) -> bool:
    platform.lift_the_limit()
    if write is create_device:
        return bool(platform.run(lambda c: c.get_devices([DEVICE["device"]]), lambda seconds: None))
    (node,) = platform.run(lambda c: c.get_nodes([THREAD]), lambda seconds: None)
    return bool(node["props"]["NAME"] == "renamed")


@pytest.mark.parametrize("write", [create_device, update_node], ids=["createDevice", "updateNode"])
@pytest.mark.parametrize("variants", [(), ("rpc-rate-limited-after-write",)], ids=["A6+", "writes-first"])
def test_a_write_the_limit_answers_until_the_attempts_run_out_may_or_may_not_be_made(
    write: Callable[[JsonRpcClient], Awaitable[Any]], variants: tuple[str, ...]
) -> None:
    """-32029 coming before anything is done is assumed (A6+), not documented: where a platform
    makes the write first, it is made though every answer was a refusal. Never "not applied"."""
    platform = LimitedEmulator(SPENT, variants)  # authenticate takes the one request the limit allows
    with pytest.raises(PlatformError, match=r"answered by the platform's rate limit 3 times") as raised:
        platform.run(write, lambda seconds: None)
    assert raised.value.outcome_unknown and "so nothing was done" not in str(raised.value)
    assert "may or may not have been applied" in str(raised.value)
    assert "A6+" in str(raised.value) and "--rate-limit" in str(raised.value)
    assert made(platform, write) is bool(variants)  # as the message says: it may be either


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


def test_a_create_the_platform_made_before_refusing_is_read_back_and_taken_as_made() -> None:
    """rpc-rate-limited-after-write breaks A6+ (a -32029 wrote nothing): the create is made, then
    refused. Sent again, the fixed id makes the second create "already exists", never a second
    device; read back by its id, it is the first attempt's, and the create answers it."""
    platform = LimitedEmulator(SPENT, variants=("rpc-rate-limited-after-write",))

    def wait(seconds: float) -> None:
        platform.lift_the_limit()

    created = platform.run(create_device, wait)
    assert created["id"] == DEVICE["device"]
    assert [error["code"] for error in platform.refusals()] == [-32029, -32009]
    found = platform.run(lambda c: c.get_devices([DEVICE["device"]]), wait)
    assert [device["id"] for device in found] == [DEVICE["device"]]  # one, made by the first send


def refused_then_exists(read_back: Any) -> Callable[[dict[str, Any]], list[dict[str, Any]]]:
    """A platform whose first createDevice is rate limited, the next "already exists"; getDevices
    answers `read_back(request)`."""
    creates = itertools.count()

    def answer(request: dict[str, Any]) -> list[dict[str, Any]]:
        method, call_id = request["method"], request["id"]
        if method == "authenticate":
            return [{"jsonrpc": "2.0", "id": call_id, "result": {"nextId": 1}}]
        if method == "getDevices":
            return [{"jsonrpc": "2.0", "id": call_id, **read_back(request)}]
        first = next(creates) == 0
        error = (
            {"code": -32029, "message": "Too many requests", "data": {"retryAfter": 1}}
            if first
            else {
                "code": -32009,
                "message": "The device already exists.",
            }
        )
        return [{"jsonrpc": "2.0", "id": call_id, "error": error}]

    return answer


@pytest.mark.parametrize(
    ("read_back", "reason"),
    [
        (lambda r: {"result": []}, r"read back by its id \(getDevices\), it is not found"),
        (
            lambda r: {"error": {"code": -32050, "message": "down"}},
            r"reading it back by its id \(getDevices\) failed: .*-32050: down",
        ),
    ],
    ids=["not-found", "unreadable"],
)
def test_a_resent_create_that_exists_but_cannot_be_read_back_has_an_unknown_outcome(
    read_back: Any, reason: str
) -> None:
    handler = refused_then_exists(read_back)

    async def connection(request: dict[str, Any]) -> list[dict[str, Any]]:
        return handler(request)

    clock = VirtualClock()

    async def go() -> Any:
        retry = RetryPolicy(attempts=3, sleep=clock.sleep, clock=clock)
        async with JsonRpcClient(InProcessTransport(connection), "demo-key", retry=retry) as client:
            return await clock.drive(create_device(client))

    with pytest.raises(
        PlatformError, match=r"already exists \(-32009: The device already exists\)"
    ) as raised:
        asyncio.run(go())
    assert raised.value.outcome_unknown
    assert re.search(reason + r".*may or may not have been applied", str(raised.value))


def test_a_long_wait_on_the_json_rpc_rate_limit_is_told_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    platform = LimitedEmulator(SPENT)
    with pytest.raises(PlatformError):
        platform.run(create_device, lambda seconds: None, max_wait=60)
    told = capsys.readouterr().err.splitlines()
    assert told and told[0].startswith("Rate limited by the platform: waiting ")
    assert "attempt 2 of 3; --rate-limit paces requests under a known limit" in told[0]
    waited, asked = map(int, re.search(r"waiting (\d+) s \(retry-after (\d+) s\)", told[0]).groups())
    assert asked > 3000 > waited  # what the platform asked for, not the wait capped below it


class LimitedThenUnreachable(InProcessTransport):
    """createDevice is answered -32029 and the connection then closes; no connection opens again."""

    def __init__(self) -> None:
        super().__init__(self.answer)
        self.connections = 0

    async def answer(self, request: dict[str, Any]) -> list[dict[str, Any]]:
        if request["method"] == "authenticate":
            return [{"jsonrpc": "2.0", "id": request["id"], "result": {"nextId": 1}}]
        error = {"code": -32029, "message": "Too many requests", "data": {"retryAfter": 1}}
        return [{"jsonrpc": "2.0", "id": request["id"], "error": error}]

    async def connect(self) -> None:
        self.connections += 1
        if self.connections > 1:
            raise ConnectionLost("could not connect: ConnectionRefusedError")
        await super().connect()

    async def _answer(self, inbox: asyncio.Queue[object], request: dict[str, Any]) -> None:
        await super()._answer(inbox, request)
        if request["method"] == "createDevice":
            inbox.put_nowait(ConnectionLost("closed by the platform"))


def test_a_write_the_limit_answered_before_its_connection_was_lost_may_or_may_not_be_made() -> None:
    """The last attempt never left, but an earlier one was answered -32029, which a platform may
    answer after making the write: not "not applied" either."""
    clock = VirtualClock()

    async def go() -> Any:
        retry = RetryPolicy(attempts=3, sleep=clock.sleep, clock=clock)
        async with JsonRpcClient(LimitedThenUnreachable(), "demo-key", retry=retry) as client:
            return await clock.drive(create_device(client))

    with pytest.raises(PlatformError, match=r"could not connect") as raised:
        asyncio.run(go())
    assert raised.value.outcome_unknown
    assert re.search(
        r"createDevice itself was answered by the rate limit once.*may or may not", str(raised.value)
    )


def test_the_rate_limit_is_waited_out_for_minutes_as_rest_s_429_not_for_a_number_of_attempts() -> None:
    """The platform meters the subscription, not the protocol: -32029 gets REST's 5-minute budget."""
    platform = LimitedEmulator(SPENT)  # authenticate takes the one request: createDevice is refused
    waits: list[float] = []

    def wait(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 4:  # one more refusal than the 3 attempts, within the 5 minutes
            platform.lift_the_limit()

    created = platform.run(create_device, wait, max_wait=60, rate_limited_for=RATE_LIMITED_FOR)
    assert created["id"] == DEVICE["device"] and waits == [60] * 4
    never_lifted = LimitedEmulator(SPENT)
    with pytest.raises(PlatformError, match=r"answered by the platform's rate limit 6 times"):
        never_lifted.run(update_node, lambda seconds: None, max_wait=60, rate_limited_for=RATE_LIMITED_FOR)


def test_a_client_given_no_retry_policy_has_rests_rate_limit_budget() -> None:
    """The budget is the subscription's, not the protocol's: JSON-RPC's default is REST's 5 minutes."""
    client = JsonRpcClient(InProcessTransport(connection=lambda: None), "demo-key")  # type: ignore[arg-type,return-value]
    assert client.retry.rate_limited_for == RATE_LIMITED_FOR
