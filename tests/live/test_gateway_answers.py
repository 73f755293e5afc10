"""Reading a THREAD through its edge client: both documented answer forms are read, and a gateway
that answers nonsense or an error is unreadable on its own, never the end of the run."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import httpx
import pytest

from iotplan.clients.edge import EDGE_RETRY, EdgeClient
from iotplan.live.gateways import read_gateway
from iotplan.live.model import GatewayStatus, LiveGateway

HOST = "10.0.0.5"
SERIAL = "4A1B2C"
WANTED = {"port1.power", "port1.connected", "cloud_connection", "battery_saver", "interface_priority"}


def thread(**answers: Any) -> dict[str, Any]:
    """A healthy THREAD with ports 1 and 2, and `answers` replacing some of its answers."""
    healthy: dict[str, Any] = {
        "/api/serialNumber": SERIAL,
        "/api/configure?port=1": {"COMM_TYPE": "RS485", "BAUD_RATE": 9600},
        "/api/configure?port=2": {"COMM_TYPE": "RS232"},
        "/api/configure?port=3": httpx.Response(404, json={"error": {"message": "no port 3"}}),
        "/api/deviceAdcRead?port=1&option=0": 12.02,
        "/api/deviceConnection?port=1": True,
        "/api/cloudConnection": {"value": True},
        "/api/batterySaver": {"value": True, "low": 20, "high": 80},
        "/api/interfacePriority": {"content": "eth0"},
    }
    return {**healthy, **{path: answer for path, answer in answers.items()}}


def read(answers: dict[str, Any], wanted: set[str] = WANTED, naps: list[float] | None = None) -> LiveGateway:
    """`answers` as the gateway gives them; a list is answered in turn (its last one from then on).
    The waits before each retry go to `naps`, under the edge client's own retry budget."""

    def handler(request: httpx.Request) -> httpx.Response:
        answer = answers[request.url.raw_path.decode()]
        if isinstance(answer, list):
            answer = answer.pop(0) if len(answer) > 1 else answer[0]
        return answer if isinstance(answer, httpx.Response) else httpx.Response(200, json=answer)

    now = [0.0]  # a clock that a nap moves on: no test waits

    async def nap(seconds: float) -> None:
        (naps if naps is not None else []).append(seconds)
        now[0] += seconds

    async def go() -> LiveGateway:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
            policy = dataclasses.replace(EDGE_RETRY, sleep=nap, clock=lambda: now[0])
            client = EdgeClient(http, HOST, retry=policy)
            return await read_gateway(client, HOST, SERIAL, wanted)

    return asyncio.run(go())


def test_a_healthy_gateway_reads_every_wanted_setting() -> None:
    live = read(thread())
    assert live.status is GatewayStatus.OK and live.ports == {1, 2}
    assert live.settings["port1.power"] == "12V" and live.settings["port1.connected"] is True
    assert live.settings["cloud_connection"] is True and live.settings["interface_priority"] == "ethernet"
    assert live.settings["battery_saver"] == {"enabled": True, "low": 20, "high": 80}


@pytest.mark.parametrize(
    ("volts", "connected", "cloud"),
    [
        (12.02, True, True),
        ({"value": 12.02}, {"value": True}, {"value": True}),
        ("12.02", "true", {"value": "true"}),
        ({"value": "12.02"}, {"value": "TRUE"}, "true"),
        ({"value": 0}, False, {"value": "false"}),
    ],
    ids=["bare", "value-object", "strings", "mixed", "off"],
)
def test_numbers_and_booleans_are_read_bare_or_as_a_value_object(
    volts: Any, connected: Any, cloud: Any
) -> None:
    answers = thread(
        **{
            "/api/deviceAdcRead?port=1&option=0": volts,
            "/api/deviceConnection?port=1": connected,
            "/api/cloudConnection": cloud,
        }
    )
    live = read(answers)
    on = "off" not in str(volts) and volts != {"value": 0}
    assert live.status is GatewayStatus.OK
    assert live.settings["port1.power"] == ("12V" if on else "off")
    assert live.settings["port1.connected"] is on and live.settings["cloud_connection"] is on


@pytest.mark.parametrize(
    ("path", "answer", "shown"),
    [
        ("/api/deviceAdcRead?port=1&option=0", "abc", "'abc' where its API gives a number"),
        ("/api/deviceAdcRead?port=1&option=0", {"value": "NaN"}, "where its API gives a number"),
        ("/api/deviceAdcRead?port=1&option=0", {"value": None}, "where its API gives a number"),
        ("/api/deviceConnection?port=1", "maybe", "'maybe' where its API gives true or false"),
        ("/api/cloudConnection", {"value": 1.5}, "where its API gives true or false"),
        ("/api/batterySaver", {"value": True, "low": "abc", "high": 80}, "whole-number low and high"),
        ("/api/batterySaver", [1, 2], 'an object {"value", "low", "high"}'),
    ],
)
def test_a_gateway_that_answers_nonsense_is_unreadable_and_says_where(
    path: str, answer: Any, shown: str
) -> None:
    live = read(thread(**{path: answer}))
    assert live.status is GatewayStatus.UNREADABLE
    assert live.message.startswith(f"the gateway at {HOST} answered GET {path.split('?')[0]}")
    assert shown in live.message and "nothing is written to it" in live.message


def test_a_gateway_answering_a_server_error_is_unreadable_not_the_end_of_the_run() -> None:
    broken = httpx.Response(500, json={"error": {"message": "firmware fault"}})
    live = read(thread(**{"/api/cloudConnection": broken}))
    assert live.status is GatewayStatus.UNREADABLE and "firmware fault" in live.message


def test_a_port_that_answers_a_server_error_is_not_taken_for_a_missing_port() -> None:
    broken = httpx.Response(503, json={"error": {"message": "busy"}})
    live = read(thread(**{"/api/configure?port=2": broken}), wanted={"port1.power"})
    assert live.status is GatewayStatus.ASLEEP  # 503 is how a THREAD says it sleeps
    failing = httpx.Response(500, json={"error": {"message": "boom"}})
    live = read(thread(**{"/api/configure?port=2": failing}), wanted={"port1.power"})
    assert live.status is GatewayStatus.UNREADABLE and "boom" in live.message


def test_one_gateways_nonsense_leaves_the_others_read() -> None:
    good, bad = thread(), thread(**{"/api/deviceAdcRead?port=1&option=0": "abc"})
    assert [read(answers).status for answers in (bad, good)] == [GatewayStatus.UNREADABLE, GatewayStatus.OK]


def rate_limited(retry_after: str = "2") -> httpx.Response:
    return httpx.Response(429, headers={"retry-after": retry_after}, json={"error": {"message": "slow down"}})


@pytest.mark.parametrize(
    ("path", "setting"), [("/api/configure?port=2", "port1.power"), ("/api/batterySaver", "battery_saver")]
)
@pytest.mark.parametrize("status", [429, 408])
def test_a_gateway_that_keeps_saying_try_again_is_left_unread_never_missing_a_port_or_feature(
    path: str, setting: str, status: int
) -> None:
    """A rate limit (or a proxy's timeout) in front of a THREAD says nothing about its ports: taken for
    "no port 2", it would send the user to rewire a manifest that is right."""
    again = rate_limited() if status == 429 else httpx.Response(408, text="request timeout")
    live = read(thread(**{path: [again]}), wanted={setting})
    assert live.status is (GatewayStatus.RATE_LIMITED if status == 429 else GatewayStatus.UNREADABLE), live
    assert f"answered {status} after 2 attempts" in live.message and "battery_saver" not in live.settings


@pytest.mark.parametrize("status", [429, 408])
@pytest.mark.parametrize("path", ["/api/configure?port=2", "/api/batterySaver"])
def test_a_gateway_read_answered_try_again_is_retried_after_the_wait_it_asks_for(
    path: str, status: int
) -> None:
    naps: list[float] = []
    again = rate_limited("3") if status == 429 else httpx.Response(408, text="request timeout")
    live = read(thread(**{path: [again, thread()[path]]}), naps=naps)
    assert live.status is GatewayStatus.OK and live.ports == {1, 2}
    assert live.settings["battery_saver"] == {"enabled": True, "low": 20, "high": 80}
    assert len(naps) == 1 and (status != 429 or naps == [3.0])  # its retry-after, within the budget


def test_a_retry_after_beyond_the_edge_budget_is_waited_only_up_to_it() -> None:
    naps: list[float] = []
    live = read(thread(**{"/api/configure?port=2": [rate_limited("1200")]}), naps=naps)
    assert live.status is GatewayStatus.RATE_LIMITED and naps == [EDGE_RETRY.max_wait]


def test_a_gateway_that_answers_429_is_said_to_be_rate_limited_not_to_give_no_answer() -> None:
    """It answers: "no THREAD answers at ...: ... answered 429" contradicted itself. It waits as an
    unreachable one does, pending (plan/edge.py's GATEWAY_CAUSES)."""
    live = read(thread(**{"/api/serialNumber": [rate_limited()]}))
    assert live.status is GatewayStatus.RATE_LIMITED
    assert live.message.startswith(
        f"the gateway at {HOST} is rate limited (429): GET /api/serialNumber answered 429 after 2 attempts"
    )


PORT_3_MISSING = {
    "error": {"code": "BadRequest", "message": "port 3 does not exist on this THREAD (ports 1-2)"}
}


def empty_port_3(voltage: Any) -> dict[str, Any]:
    """A THREAD answering port 3's settings with `{}` (the `missing-port-empty-config` variant's) and
    its voltage read with `voltage`."""
    return thread(**{"/api/configure?port=3": {}, "/api/deviceAdcRead?port=3&option=0": voltage})


@pytest.mark.parametrize("wanted", [{"port1.power"}, {"port3.power", "port3.comm_type"}])
def test_a_port_answering_empty_settings_whose_voltage_read_names_it_missing_is_a_port_the_model_lacks(
    wanted: set[str],
) -> None:
    live = read(empty_port_3(httpx.Response(400, json=PORT_3_MISSING)), wanted=wanted)
    assert live.status is GatewayStatus.OK and live.ports == {1, 2}, live
    assert not any(name.startswith("port3.") for name in live.settings)
    assert read(empty_port_3(0.02), wanted=wanted).ports == {1, 2, 3}  # a port that measures is there


@pytest.mark.parametrize(
    "refusal",
    [
        httpx.Response(400, json={"error": {"message": "option must be 0 (voltage) or 1 (current)"}}),
        httpx.Response(400, text="bad request: GET /api/deviceAdcRead?port=3&option=0"),
        httpx.Response(500, json={"error": {"message": "port 3 fault"}}),
        httpx.Response(400, json={"error": {"message": "port 3 is not powered"}}),
        httpx.Response(404, json={"error": {"message": "invalid option for port 3"}}),
    ],
    ids=[
        "400 not naming the port",
        "400 echoing the request",
        "500 naming the port",
        "400 naming the port, not saying it is missing",
        "404 naming the port, not saying it is missing",
    ],
)
def test_an_empty_port_whose_voltage_read_fails_otherwise_leaves_the_gateway_unread(
    refusal: httpx.Response,
) -> None:
    """Only the gateway's own words naming the port say it is missing: anything else says nothing
    about the port, and a logger on it waits (plan/thread.py) rather than being written on a guess."""
    live = read(empty_port_3(refusal), wanted={"port1.power"})
    assert live.status is GatewayStatus.UNREADABLE and live.ports == frozenset(), live


@pytest.mark.parametrize("missing", ["no such port: 3", "Port #3 is not a port of this model", "no port 3"])
def test_a_voltage_refusal_in_other_words_for_a_missing_port_is_a_port_the_model_lacks(missing: str) -> None:
    live = read(
        empty_port_3(httpx.Response(404, json={"error": {"message": missing}})), wanted={"port1.power"}
    )
    assert live.status is GatewayStatus.OK and live.ports == {1, 2}, live
