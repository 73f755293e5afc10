"""Reading a THREAD through its edge client: both documented answer forms are read, and a gateway
that answers nonsense or an error is unreadable on its own, never the end of the run."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from iotplan.clients.edge import EdgeClient
from iotplan.clients.retry import RetryPolicy
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


def read(answers: dict[str, Any], wanted: set[str] = WANTED) -> LiveGateway:
    def handler(request: httpx.Request) -> httpx.Response:
        answer = answers[request.url.raw_path.decode()]
        return answer if isinstance(answer, httpx.Response) else httpx.Response(200, json=answer)

    async def nap(seconds: float) -> None:
        pass

    async def go() -> LiveGateway:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
            client = EdgeClient(http, HOST, retry=RetryPolicy(attempts=2, sleep=nap))
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
