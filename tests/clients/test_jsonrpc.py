"""The JSON-RPC client: ids, routing, errors, retries and secrets, in process and over a real WebSocket."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from websockets.asyncio.server import ServerConnection, serve

from iotplan.clients.jsonrpc import JsonRpcClient
from iotplan.clients.jsonrpc_transport import (
    ConnectionLost,
    InProcessTransport,
    WebSocketTransport,
    default_jsonrpc_url,
)
from iotplan.clients.retry import RetryPolicy
from iotplan.errors import AlreadyExists, AuthError, IotplanError, PlatformError, TransportError

CANARY = "canary-9f1c-key"  # must never show in an error, a repr or a log
DEVICE = "/fn/02DDC5/node/demo/032432/device"
Answer = Callable[[dict[str, Any]], Any]


def reply(request: dict[str, Any], result: Any) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": request["id"], "result": result}


class Responses(list[dict[str, Any]]):
    """Whole response objects, as the platform sends them, instead of one result."""


def drop(request: dict[str, Any]) -> Any:
    raise ConnectionLost("dropped by the test platform")


def silence(request: dict[str, Any]) -> Responses:
    return Responses()  # no answer at all


class FakePlatform:
    """authenticate answers nextId (41, then 100 on later connections); each method's answer
    function returns its result, or Responses."""

    def __init__(self, **answers: Answer) -> None:
        self.answers = answers
        self.received: list[dict[str, Any]] = []

    async def __call__(self, request: dict[str, Any]) -> list[dict[str, Any]]:
        self.received.append(request)
        if request["method"] == "authenticate":
            return [reply(request, {"nextId": 41 if len(self.sent("authenticate")) == 1 else 100})]
        answer = self.answers[request["method"]](request)
        answer = await answer if isinstance(answer, Awaitable) else answer
        return answer if isinstance(answer, Responses) else [reply(request, answer)]

    def sent(self, method: str) -> list[dict[str, Any]]:
        return [request for request in self.received if request["method"] == method]


def run(platform: Any, call: Callable[[JsonRpcClient], Awaitable[Any]], **options: Any) -> Any:
    sleeps: list[float] = options.pop("sleeps", [])

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    async def go() -> Any:
        transport = options.pop("transport", None) or InProcessTransport(platform)
        retry = RetryPolicy(attempts=3, sleep=sleep)
        options.setdefault("timeout", 1.0)
        async with JsonRpcClient(transport, CANARY, retry=retry, **options) as client:
            return await call(client)

    return asyncio.run(go())


def test_the_first_request_authenticates_with_the_code_and_id_0() -> None:
    platform = FakePlatform(time=lambda r: {"time": "2024-01-01T00:00:00.000Z"})
    assert run(platform, lambda c: c.time()) == {"time": "2024-01-01T00:00:00.000Z"}
    assert platform.received[0] == {
        "jsonrpc": "2.0",
        "method": "authenticate",
        "id": 0,
        "params": {"code": CANARY},
    }


def test_request_ids_start_at_next_id_and_go_up_by_one() -> None:
    platform = FakePlatform(getNodes=lambda r: [], help=lambda r: "methods")

    async def three(client: JsonRpcClient) -> None:
        await client.get_nodes(["/fn/A/node"])
        await client.help()
        await client.get_nodes(["/fn/B/node"])

    run(platform, three)
    assert [r["id"] for r in platform.received] == [0, 41, 42, 43]


def test_concurrent_requests_take_consecutive_ids_and_each_gets_its_own_answer() -> None:
    last_answered = asyncio.Event()

    async def answer_last_first(request: dict[str, Any]) -> list[dict[str, str]]:
        if request["params"]["nodes"] == ["/fn/4/node"]:
            last_answered.set()
        else:
            await last_answered.wait()  # answers arrive in the opposite order to the requests
        return [{"id": request["params"]["nodes"][0]}]

    platform = FakePlatform(getNodes=answer_last_first)
    nodes = [f"/fn/{n}/node" for n in range(5)]
    answers = run(platform, lambda c: asyncio.gather(*(c.get_nodes([node]) for node in nodes)))
    assert answers == [[{"id": node}] for node in nodes]
    assert sorted(r["id"] for r in platform.sent("getNodes")) == [41, 42, 43, 44, 45]


def test_an_answer_whose_id_is_a_string_reaches_its_request() -> None:
    # The reference's own examples send "id": "2" and are answered "id": 2; the other way round too.
    platform = FakePlatform(getNodes=lambda r: Responses([{**reply(r, [{"id": "A"}]), "id": str(r["id"])}]))
    assert run(platform, lambda c: c.get_nodes(["/fn/A/node"])) == [{"id": "A"}]


def test_only_the_first_answer_to_an_id_counts_and_later_calls_still_work() -> None:
    platform = FakePlatform(
        getNodes=lambda r: Responses(
            [
                reply(r, [{"id": "first"}]),
                reply(r, [{"id": "second"}]),
                {"jsonrpc": "2.0", "id": r["id"], "error": {}},
            ]
        ),
        help=lambda r: "help text",
    )
    answers = run(platform, lambda c: asyncio.gather(c.get_nodes(["/fn/A/node"]), c.help()))
    assert answers == [[{"id": "first"}], "help text"]


class ScriptedTransport:
    """Sends `noise` before every real answer: messages that answer no waiting request."""

    description = "scripted"

    def __init__(self, noise: list[str]) -> None:
        self.noise = noise
        self.inbox: asyncio.Queue[str] = asyncio.Queue()

    async def connect(self) -> None:
        pass

    async def send(self, text: str) -> None:
        request = json.loads(text)
        if request["method"] != "authenticate":
            for message in self.noise:
                self.inbox.put_nowait(message)
        result = {"nextId": 7} if request["method"] == "authenticate" else [{"id": "answer"}]
        self.inbox.put_nowait(json.dumps(reply(request, result)))

    async def receive(self) -> str:
        return await self.inbox.get()

    async def close(self) -> None:
        pass


def test_a_message_nested_too_deep_to_read_is_ignored_as_one_not_json() -> None:
    """The json module recurses reading it: RecursionError escaped `except ValueError`, and the
    receiving loop handed it to every waiting call as a bug."""
    noise = ["[" * 100_000 + "]" * 100_000]
    answer = run(
        None, lambda c: c.get_sensors(["/fn/A/node/x/1/device/s/sensor"]), transport=ScriptedTransport(noise)
    )
    assert answer == [{"id": "answer"}]


def test_messages_that_answer_no_request_are_ignored(caplog: pytest.LogCaptureFixture) -> None:
    noise = [
        "not JSON",
        "[1, 2]",
        json.dumps({"jsonrpc": "2.0", "id": 999, "result": "for nobody"}),
        json.dumps({"jsonrpc": "2.0", "id": 7, "method": "notification"}),  # neither result nor error
        json.dumps({"jsonrpc": "2.0", "id": 7, "params": {"data": 1}}),
        json.dumps({"jsonrpc": "2.0", "error": {"code": 1, "message": f"socket trouble {CANARY}"}}),
    ]
    answer = run(
        None, lambda c: c.get_sensors(["/fn/A/node/x/1/device/s/sensor"]), transport=ScriptedTransport(noise)
    )
    assert answer == [{"id": "answer"}]
    assert "socket trouble (sensitive)" in caplog.text  # logged, as the reference's client does
    assert CANARY not in caplog.text


def test_an_error_answer_names_the_method_and_the_platforms_message_and_is_not_retried() -> None:
    error = {"code": -32602, "message": "Sensor already exists"}
    platform = FakePlatform(
        createSensor=lambda r: Responses([{"jsonrpc": "2.0", "id": r["id"], "error": error}])
    )
    with pytest.raises(
        PlatformError, match=r"JSON-RPC createSensor .* answered an error: -32602: Sensor already exists"
    ) as raised:
        run(
            platform,
            lambda c: c.create_sensor(f"{DEVICE}/s1/sensor", "DEMO_SENSOR", "DEMO_SENSOR", {"NAME": "s1"}),
        )
    assert len(platform.sent("createSensor")) == 1
    assert raised.value.request.method == "createSensor"
    assert raised.value.response["error"] == error
    assert not raised.value.outcome_unknown  # a documented refusal: nothing was made


def error_answer(error: Any) -> Answer:
    return lambda request: Responses([{"jsonrpc": "2.0", "id": request["id"], "error": error}])


def test_a_create_answered_already_exists_is_its_own_error_so_apply_can_say_where_to_look() -> None:
    platform = FakePlatform(createNode=error_answer({"code": -32009, "message": "The node already exists."}))
    with pytest.raises(AlreadyExists, match=r"createNode .* -32009: The node already exists") as raised:
        run(platform, lambda c: c.create_node("/fn/02DDXX/node", "THREAD", {"VERSION": "v4_6"}))
    assert not raised.value.outcome_unknown and len(platform.sent("createNode")) == 1


@pytest.mark.parametrize(
    "error",
    [
        {"code": -32050, "message": "Injected fault: try again later."},  # REST's 5xx (docs/sim.md)
        {"code": -32603, "message": "Internal error"},
        "the platform fell over",  # no code at all: nothing says it refused
        {"code": [-32602], "message": "odd"},  # a code that is no number refuses nothing
    ],
    ids=["server-fault", "internal-error", "no-code", "code-not-a-number"],
)
def test_a_write_answered_an_error_that_is_no_refusal_may_or_may_not_have_been_applied(error: Any) -> None:
    """As REST's 5xx: a platform can fail after writing, so iotplan cannot say nothing was made."""
    platform = FakePlatform(updateNode=error_answer(error))
    with pytest.raises(
        PlatformError, match=r"answered an error: .*may or may not have been applied"
    ) as raised:
        run(platform, lambda c: c.update_node("/fn/02DDC5/node", {"NAME": "n"}))
    assert raised.value.outcome_unknown
    assert len(platform.sent("updateNode")) == 1  # a write is never sent again after an error


class FailingAuthenticate:
    """authenticate answers `error` `failures` times, then nextId; time answers."""

    def __init__(self, failures: int, error: Any) -> None:
        self.failures, self.error = failures, error
        self.sent: list[str] = []

    async def __call__(self, request: dict[str, Any]) -> list[dict[str, Any]]:
        self.sent.append(request["method"])
        if request["method"] != "authenticate":
            return [reply(request, {"time": "now"})]
        if self.sent.count("authenticate") <= self.failures:
            return [{"jsonrpc": "2.0", "id": request["id"], "error": self.error}]
        return [reply(request, {"nextId": 1})]


FAULT = {"code": -32050, "message": "Injected fault: try again later."}


def test_authenticate_answered_a_server_fault_is_sent_again_on_a_fresh_connection() -> None:
    platform = FailingAuthenticate(2, FAULT)
    sleeps: list[float] = []
    assert run(platform, lambda c: c.time(), sleeps=sleeps) == {"time": "now"}
    assert platform.sent == ["authenticate"] * 3 + ["time"]
    assert len(sleeps) == 2  # with backoff, as a read


def test_authenticate_failing_every_time_is_the_platforms_error_never_a_refused_credential() -> None:
    platform = FailingAuthenticate(99, FAULT)
    with pytest.raises(PlatformError, match=r"authenticate .* answered an error 3 times: -32050") as raised:
        run(platform, lambda c: c.create_device(DEVICE, "DEMO", {"NAME": "d"}))
    error = raised.value
    assert not isinstance(error, AuthError) and "did not refuse the API key" in str(error)
    assert not error.outcome_unknown  # the write never left
    assert platform.sent == ["authenticate"] * 3


def test_an_error_object_under_result_is_an_error_never_the_created_entity() -> None:
    """Where the vendor's own client code looks for errors (`"code" in result`)."""
    error = {"code": -32602, "message": "Unknown sensor type VW_PIEZOMETR"}
    platform = FakePlatform(createSensor=lambda r: error)
    with pytest.raises(
        PlatformError, match=r"createSensor .* answered an error: -32602: Unknown sensor type"
    ):
        run(
            platform,
            lambda c: c.create_sensor(f"{DEVICE}/s1/sensor", "VW_PIEZOMETR", "VW_PIEZOMETR", {"NAME": "s1"}),
        )
    assert len(platform.sent("createSensor")) == 1


def test_an_entity_object_is_a_result_whatever_its_props_hold() -> None:
    entity = {"id": f"{DEVICE}/s1/sensor", "type": "DEMO_SENSOR", "props": {"code": 3, "message": "hi"}}
    platform = FakePlatform(createSensor=lambda r: entity)
    created = run(
        platform, lambda c: c.create_sensor(entity["id"], "DEMO_SENSOR", "DEMO_SENSOR", {"NAME": "s1"})
    )
    assert created == entity


def fails_once(error: Any, then: Any) -> Answer:
    """Answers `error` the first time, `then` (a result) every time after."""
    answers = iter([error_answer(error)])
    return lambda request: next(answers, lambda r: then)(request)


@pytest.mark.parametrize(
    "error",
    [
        FAULT,  # REST's 5xx (docs/sim.md)
        {"code": -32603, "message": "Internal error"},
        {"code": 503, "message": "Service Unavailable"},  # REST's status carried over
        "the platform fell over",  # no code at all: nothing says it refused
        {"code": [-32602], "message": "odd"},  # a code that is no number refuses nothing
    ],
    ids=["server-fault", "internal-error", "rest-503", "no-code", "code-not-a-number"],
)
def test_a_read_answered_a_server_fault_is_sent_again_with_backoff(error: Any) -> None:
    """As REST sends a read answered 5xx again: a read changes nothing."""
    platform = FakePlatform(getNodes=fails_once(error, [{"id": "/fn/A/node"}]))
    sleeps: list[float] = []
    assert run(platform, lambda c: c.get_nodes(["/fn/A/node"]), sleeps=sleeps) == [{"id": "/fn/A/node"}]
    assert [r["id"] for r in platform.sent("getNodes")] == [41, 42]  # on the same, healthy connection
    assert len(sleeps) == 1  # backed off once, as after a dropped read


def test_a_read_failing_every_time_stops_after_the_attempts_with_the_platforms_message() -> None:
    platform = FakePlatform(getSensors=error_answer(FAULT))
    sleeps: list[float] = []
    with pytest.raises(
        PlatformError,
        match=r"JSON-RPC getSensors .* answered an error after 3 attempts: -32050: Injected fault: "
        r"try again later\. The platform failed; .*run iotplan again later",
    ) as raised:
        run(platform, lambda c: c.get_sensors(["/x/sensor"]), sleeps=sleeps)
    assert len(platform.sent("getSensors")) == 3 and len(sleeps) == 2
    error = raised.value
    assert not isinstance(error, AuthError) and not error.outcome_unknown  # a read wrote nothing
    assert error.request.method == "getSensors" and error.response["error"] == FAULT


def test_a_write_answered_a_server_fault_once_is_not_sent_again() -> None:
    """The platform would answer the second time: the write is still sent once, its outcome unknown."""
    platform = FakePlatform(updateNode=fails_once(FAULT, {"id": "/fn/02DDC5/node"}))
    with pytest.raises(PlatformError, match=r"updateNode .* answered an error: -32050: .*may or may not"):
        run(platform, lambda c: c.update_node("/fn/02DDC5/node", {"NAME": "n"}))
    assert len(platform.sent("updateNode")) == 1


@pytest.mark.parametrize(
    "error",
    [
        {"code": -32602, "message": "Invalid params: sensors must be a list"},
        {"code": -32004, "message": "Project p9 not found"},
        {"code": -32003, "message": "Forbidden"},
        {"code": 401, "message": "Invalid token"},  # REST's status carried over
    ],
    ids=["invalid-params", "not-found", "forbidden", "rest-401"],
)
def test_a_read_refused_with_a_refusal_code_is_not_sent_again(error: Any) -> None:
    """A refusal turned the request down before anything was done: the same read would be refused
    again, so it is reported at once."""
    platform = FakePlatform(getSensors=fails_once(error, []))
    sleeps: list[float] = []
    with pytest.raises(PlatformError, match=rf"getSensors .* answered an error: {error['code']}: ") as raised:
        run(platform, lambda c: c.get_sensors(["/x/sensor"]), sleeps=sleeps)
    assert len(platform.sent("getSensors")) == 1 and sleeps == []
    assert "attempt" not in str(raised.value)


def test_a_refused_credential_is_an_auth_error_that_never_shows_it() -> None:
    async def refuse(request: dict[str, Any]) -> list[dict[str, Any]]:
        code = request["params"]["code"]
        return [{"jsonrpc": "2.0", "id": 0, "error": {"code": 401, "message": f"Invalid code {code}"}}]

    with pytest.raises(
        AuthError, match=r"authenticate .* refused the API key or JWT: 401: Invalid code \(sensitive\)"
    ) as raised:
        run(refuse, lambda c: c.time())
    error = raised.value
    assert (
        CANARY
        not in f"{error} {error.request!r} {error.response!r} {error.__cause__!r} {error.__context__!r}"
    )


def test_an_authenticate_answer_without_next_id_stops_with_a_clear_error() -> None:
    async def no_next_id(request: dict[str, Any]) -> list[dict[str, Any]]:
        return [reply(request, {"authenticated": True})]

    with pytest.raises(PlatformError, match="answered without a numeric nextId") as raised:
        run(no_next_id, lambda c: c.time())
    assert not isinstance(raised.value, AuthError)


def test_project_ids_go_inside_params_of_every_request_but_authenticate() -> None:
    platform = FakePlatform(getDevices=lambda r: [], time=lambda r: {}, updateDevice=lambda r: {})
    props = {"NAME": "Logger 1"}

    async def calls(client: JsonRpcClient) -> None:
        await client.get_devices([DEVICE])
        await client.time()
        await client.update_device(DEVICE, props)

    run(platform, calls, project_id="60F8B30928A37A575ECEE061")
    params = [r.get("params") for r in platform.received]
    assert params == [
        {"code": CANARY},
        {"devices": [DEVICE], "projectIds": ["60F8B30928A37A575ECEE061"]},
        {"projectIds": ["60F8B30928A37A575ECEE061"]},
        {"device": DEVICE, "props": {"NAME": "Logger 1"}, "projectIds": ["60F8B30928A37A575ECEE061"]},
    ]
    assert props == {"NAME": "Logger 1"}  # the caller's own dict is left alone


def test_without_a_project_no_project_ids_and_no_empty_params() -> None:
    platform = FakePlatform(getSensors=lambda r: [], time=lambda r: {}, help=lambda r: "")
    run(platform, lambda c: asyncio.gather(c.get_sensors(["/s/sensor"]), c.time(), c.help()))
    assert [r.get("params") for r in platform.received[1:]] == [{"sensors": ["/s/sensor"]}, None, None]


def test_updates_send_the_assumed_shape_for_each_kind() -> None:
    platform = FakePlatform(
        updateNode=lambda r: {}, updateDevice=lambda r: {}, updateSensor=lambda r: {"ok": 1}
    )

    async def updates(client: JsonRpcClient) -> Any:
        await client.update_node("/fn/02DDC5/node", {"NAME": "n"})
        await client.update_device(DEVICE, {"MODE": "IPI_BIAXIAL"})
        return await client.update_sensor(f"{DEVICE}/s/sensor", {"MUX_INDEX": 4})

    assert run(platform, updates) == {"ok": 1}
    assert [r["params"] for r in platform.received[1:]] == [
        {"node": "/fn/02DDC5/node", "props": {"NAME": "n"}},
        {"device": DEVICE, "props": {"MODE": "IPI_BIAXIAL"}},
        {"sensor": f"{DEVICE}/s/sensor", "props": {"MUX_INDEX": 4}},
    ]


@pytest.mark.parametrize(
    ("method", "answer", "call"),
    [
        ("getNodes", {"id": "/fn/A/node"}, lambda c: c.get_nodes(["/fn/A/node"])),
        ("getDevices", ["not an entity"], lambda c: c.get_devices([DEVICE])),
        ("getMetrics", [], lambda c: c.get_metrics(["/s/sensor"])),
    ],
)
def test_an_answer_of_an_undocumented_shape_is_refused(method: str, answer: Any, call: Any) -> None:
    with pytest.raises(PlatformError, match=f"JSON-RPC {method} answered .*, not the documented"):
        run(FakePlatform(**{method: lambda r: answer}), call)


def test_asking_for_no_ids_sends_nothing() -> None:
    # An empty list might mean "everything" to the platform; asking for none must get none.
    platform = FakePlatform()
    answers = run(platform, lambda c: asyncio.gather(c.get_nodes([]), c.get_sensors([]), c.get_metrics([])))
    assert answers == [[], [], {}]
    assert platform.received == []


def test_a_read_whose_connection_drops_is_sent_again_after_authenticating_again() -> None:
    answers = iter([drop, lambda r: [{"id": "/fn/A/node"}]])
    platform = FakePlatform(getNodes=lambda r: next(answers)(r))
    sleeps: list[float] = []
    assert run(platform, lambda c: c.get_nodes(["/fn/A/node"]), sleeps=sleeps) == [{"id": "/fn/A/node"}]
    assert [(r["method"], r["id"]) for r in platform.received] == [
        ("authenticate", 0),
        ("getNodes", 41),
        ("authenticate", 0),
        ("getNodes", 100),
    ]
    assert len(sleeps) == 1  # backed off once before reconnecting


def test_reads_dropped_together_share_one_new_connection() -> None:
    first_connection = asyncio.Event()

    async def drop_the_first_five(request: dict[str, Any]) -> Any:
        if len(platform.sent("authenticate")) == 1:
            if len(platform.sent("getNodes")) == 5:
                first_connection.set()
            await first_connection.wait()  # all five are in flight when the connection drops
            drop(request)
        return [{"id": request["params"]["nodes"][0]}]

    platform = FakePlatform(getNodes=drop_the_first_five)
    nodes = [f"/fn/{n}/node" for n in range(5)]
    answers = run(platform, lambda c: asyncio.gather(*(c.get_nodes([node]) for node in nodes)))
    assert answers == [[{"id": node}] for node in nodes]
    assert len(platform.sent("authenticate")) == 2
    assert sorted(r["id"] for r in platform.sent("getNodes")) == [41, 42, 43, 44, 45, 100, 101, 102, 103, 104]


def test_reads_give_up_after_the_bounded_attempts() -> None:
    platform = FakePlatform(getNodes=drop)
    sleeps: list[float] = []
    with pytest.raises(
        TransportError, match=r"getNodes .* got no answer .*dropped.* after 3 attempts"
    ) as raised:
        run(platform, lambda c: c.get_nodes(["/fn/A/node"]), sleeps=sleeps)
    assert len(platform.sent("getNodes")) == 3
    assert len(sleeps) == 2
    assert "may or may not" not in str(raised.value)


def test_a_read_that_times_out_is_retried_then_reported() -> None:
    platform = FakePlatform(getSensors=silence)
    with pytest.raises(TransportError, match=r"none within 0.05 s\) after 3 attempts"):
        run(platform, lambda c: c.call("getSensors", {"sensors": ["/s/sensor"]}, timeout=0.05))
    assert len(platform.sent("getSensors")) == 3


@pytest.mark.parametrize("fault", [drop, silence], ids=["dropped", "timed out"])
def test_a_write_whose_answer_is_lost_is_not_retried_and_may_or_may_not_have_been_applied(
    fault: Answer,
) -> None:
    platform = FakePlatform(createDevice=fault)
    with pytest.raises(TransportError, match=r"createDevice .* The write may or may not have been applied"):
        run(platform, lambda c: c.create_device(DEVICE, "DEMO", {"NAME": "d"}), timeout=0.05)
    assert len(platform.sent("createDevice")) == 1


class RefusesFirstConnection(InProcessTransport):
    async def connect(self) -> None:
        self.refused = getattr(self, "refused", 0) + 1
        if self.refused == 1:
            raise ConnectionLost("could not connect: ConnectionRefusedError")
        await super().connect()


def test_a_write_that_never_left_is_sent_once_the_connection_is_back() -> None:
    platform = FakePlatform(createDevice=lambda r: {"id": DEVICE})
    transport = RefusesFirstConnection(platform)
    assert run(platform, lambda c: c.create_device(DEVICE, "DEMO", {"NAME": "d"}), transport=transport) == {
        "id": DEVICE
    }
    assert len(platform.sent("createDevice")) == 1


def test_a_fresh_code_is_asked_for_on_every_connection() -> None:
    answers = iter([drop, lambda r: []])
    platform = FakePlatform(getNodes=lambda r: next(answers)(r))
    codes = iter(["jwt-1", "jwt-2"])

    async def fresh_jwt() -> str:
        return next(codes)

    async def go() -> None:
        retry = RetryPolicy(attempts=2, sleep=lambda s: asyncio.sleep(0))
        transport = InProcessTransport(platform)
        async with JsonRpcClient(transport, fresh_jwt, retry=retry, timeout=1.0) as client:
            await client.get_nodes(["/fn/A/node"])

    asyncio.run(go())
    assert [r["params"]["code"] for r in platform.sent("authenticate")] == ["jwt-1", "jwt-2"]


def test_a_bug_in_the_handler_reaches_the_caller_as_itself() -> None:
    def bug(request: dict[str, Any]) -> Any:
        raise KeyError("emulator bug")

    with pytest.raises(KeyError, match="emulator bug"):
        run(FakePlatform(getNodes=bug), lambda c: c.get_nodes(["/fn/A/node"]))


def test_authenticate_is_the_clients_own_business() -> None:
    with pytest.raises(ValueError, match="sent by the client itself"):
        run(FakePlatform(), lambda c: c.call("authenticate", {"code": "x"}))


def test_reprs_never_show_the_credential() -> None:
    transport = WebSocketTransport(f"wss://user:{CANARY}@iiot.bentley.com:4201/")
    client = JsonRpcClient(transport, CANARY, project_id="P")
    assert CANARY not in repr(client) + repr(transport) + transport.description
    assert repr(client) == "JsonRpcClient('wss://iiot.bentley.com:4201', project_id='P')"


@pytest.mark.parametrize(
    ("rest", "websocket"),
    [
        ("https://iiot.bentley.com", "wss://iiot.bentley.com:4201/"),
        ("https://iiot.example.org:8443/api/", "wss://iiot.example.org:4201/"),
        ("http://127.0.0.1:8000", "ws://127.0.0.1:4201/"),
        ("http://[::1]:8000", "ws://[::1]:4201/"),
    ],
)
def test_the_default_websocket_url_is_the_rest_host_on_port_4201(rest: str, websocket: str) -> None:
    assert default_jsonrpc_url(rest) == websocket


# --- a real WebSocket server on loopback ---------------------------------------------------------
class WebSocketPlatform:
    """Drops the connection (no close frame) on the first getSensors and on every createDevice."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.connections = 0

    async def __call__(self, socket: ServerConnection) -> None:
        self.connections += 1
        async for text in socket:
            request = json.loads(text)
            self.received.append(request)
            method = request["method"]
            first_read = method == "getSensors" and self.methods().count("getSensors") == 1
            if first_read or method == "createDevice":
                socket.transport.abort()
                return
            result = {"nextId": 10 * self.connections} if method == "authenticate" else [{"id": method}]
            await socket.send(json.dumps(reply(request, result)))

    def methods(self) -> list[str]:
        return [request["method"] for request in self.received]


def test_over_a_real_websocket(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)  # websockets logs every frame at DEBUG: the first carries the key
    platform = WebSocketPlatform()

    async def go() -> tuple[Any, Any, TransportError]:
        quiet = logging.getLogger("tests.websocket.server")
        quiet.setLevel(logging.INFO)  # the test server's own frames are not iotplan's business
        async with serve(platform, "127.0.0.1", 0, logger=quiet) as server:
            port = server.sockets[0].getsockname()[1]
            transport = WebSocketTransport(f"ws://127.0.0.1:{port}/", proxy=None)
            retry = RetryPolicy(attempts=3, sleep=lambda s: asyncio.sleep(0))
            async with JsonRpcClient(transport, CANARY, project_id="P", retry=retry, timeout=5) as client:
                nodes = await client.get_nodes(["/fn/A/node"])
                sensors = await client.get_sensors(["/s/sensor"])  # dropped once, sent again
                with pytest.raises(TransportError) as lost_write:
                    await client.create_device(DEVICE, "DEMO", {"NAME": "d"})
        return nodes, sensors, lost_write.value

    nodes, sensors, lost_write = asyncio.run(go())
    assert nodes == [{"id": "getNodes"}] and sensors == [{"id": "getSensors"}]
    assert [(r["method"], r["id"]) for r in platform.received] == [
        ("authenticate", 0),
        ("getNodes", 10),
        ("getSensors", 11),
        ("authenticate", 0),
        ("getSensors", 20),
        ("createDevice", 21),
    ]
    assert platform.received[0]["params"] == {"code": CANARY}
    assert "may or may not have been applied" in str(lost_write)
    assert CANARY not in caplog.text + str(lost_write)


def test_a_url_that_is_not_a_websocket_is_one_clear_error() -> None:
    with pytest.raises(IotplanError, match=r"^https://iiot.bentley.com is not a WebSocket URL"):
        asyncio.run(WebSocketTransport("https://iiot.bentley.com/").connect())


def test_a_websocket_handshake_answered_a_redirect_is_not_followed() -> None:
    """websockets follows redirects to any host by itself; authenticate's code would go there."""
    elsewhere = WebSocketPlatform()
    redirect_to = [""]

    def moved(connection: ServerConnection, request: Any) -> Any:
        response = connection.respond(301, "")
        response.headers["Location"] = redirect_to[0]
        return response

    async def go() -> TransportError:
        async with (
            serve(elsewhere, "127.0.0.1", 0) as target,
            serve(elsewhere, "127.0.0.1", 0, process_request=moved) as server,
        ):
            redirect_to[0] = f"ws://127.0.0.1:{target.sockets[0].getsockname()[1]}/?token=t-canary"
            port = server.sockets[0].getsockname()[1]
            transport = WebSocketTransport(f"ws://127.0.0.1:{port}/", proxy=None)
            retry = RetryPolicy(attempts=3, sleep=lambda s: asyncio.sleep(0))
            async with JsonRpcClient(transport, CANARY, retry=retry, timeout=5) as client:
                with pytest.raises(TransportError) as raised:
                    await client.get_nodes(["/fn/A/node"])
            return raised.value

    error = asyncio.run(go())
    assert elsewhere.received == [] and elsewhere.connections == 0
    assert str(error).startswith("JSON-RPC to ws://127.0.0.1:")
    assert "answered 301 to its WebSocket handshake, a redirect to ws://127.0.0.1:" in str(error)
    assert "?...: iotplan does not follow redirects" in str(error) and "t-canary" not in str(error)
    # `--rpc-endpoint` alone is refused: the advice pairs each with its REST half, so it works as said.
    assert (
        "give the URL the server answers at as --rpc-endpoint beside --endpoint (or as IOTPLAN_RPC_ENDPOINT "
        "beside IOTPLAN_ENDPOINT)"
    ) in str(error)


def test_a_platform_that_refuses_the_connection_is_reported_after_the_attempts() -> None:
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    transport = WebSocketTransport(f"ws://127.0.0.1:{port}/", proxy=None)
    sleeps: list[float] = []
    with pytest.raises(TransportError, match=r"could not connect: .*Refused.* after 3 attempts"):
        run(
            None, lambda c: c.create_node("/fn/02DDXX/node", "THREAD", {}), transport=transport, sleeps=sleeps
        )
    assert len(sleeps) == 2  # a write that never left is retried like a read


def test_an_in_process_transport_gives_each_connection_a_handler_of_its_own() -> None:
    opened: list[int] = []

    def connection() -> Any:
        number = len(opened)
        opened.append(number)

        async def answer(request: dict[str, Any]) -> list[dict[str, Any]]:
            if request["method"] == "authenticate":
                return [reply(request, {"nextId": 1})]
            return [reply(request, {"connection": number})]

        return answer

    async def go() -> list[Any]:
        async with JsonRpcClient(InProcessTransport(connection=connection), CANARY) as client:
            first = await client.call("time")
            await client.aclose()
            return [first, await client.call("time")]

    assert asyncio.run(go()) == [{"connection": 0}, {"connection": 1}] and opened == [0, 1]
