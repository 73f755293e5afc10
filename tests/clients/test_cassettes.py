"""iotplan's client against the documented requests and answers (cassettes/), with no network."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
import vcr

from iotplan.clients.auth import ApiKey
from iotplan.clients.platform import PlatformClient
from iotplan.clients.retry import RetryPolicy
from iotplan.errors import AuthError, PlatformError
from iotplan.live.catalog import parse_catalog
from tests.contract import CASSETTES, interactions

PROJECT = "6ee68656-ce20-452c-a4e6-b6b3a3b55537"
ONE_TRY = RetryPolicy(attempts=1)


def replay(
    cassette: str, call: Callable[[PlatformClient], Awaitable[Any]], base: str = "https://iiot.bentley.com"
) -> Any:
    async def go() -> Any:
        async with httpx.AsyncClient(base_url=base, auth=ApiKey("REDACTED")) as http:
            return await call(PlatformClient(http, retry=ONE_TRY, gateway=base.endswith("api.bentley.com")))

    recorder = vcr.VCR(record_mode="none", match_on=["method", "host", "path", "body"])
    with recorder.use_cassette(str(CASSETTES / f"{cassette}.yaml"), allow_playback_repeats=True):
        return asyncio.run(go())


def request_body(cassette: str, index: int = 0) -> Any:
    return json.loads(interactions(cassette)[index]["request"]["body"])


def test_integrate_new_connection_parses_the_documented_answer() -> None:
    answer = replay(
        "integrate_new_connection", lambda c: c.integrate(PROJECT, request_body("integrate_new_connection"))
    )
    assert answer["integration"]["node"]["id"] == "/api/B6627B/node"
    assert len(answer["integration"]["devices"][0]["sensors"]) == 2


def test_integrate_on_an_existing_connection() -> None:
    answer = replay(
        "integrate_existing_connection",
        lambda c: c.integrate(PROJECT, request_body("integrate_existing_connection")),
    )
    assert answer["integration"]["node"]["id"] == "/api/B08851/node"


def test_get_integration_uses_the_documented_double_slash_url() -> None:
    answer = replay("get_integration", lambda c: c.get_integration(PROJECT, "/api/13DC2F/node"))
    device = answer["integration"]["devices"][0]["device"]
    assert device["props"]["SERIAL_NO"] == "/api/13DC2F/node-test-device"


def test_the_catalog_answers_parse_into_a_catalog() -> None:
    devices = replay("device_types", lambda c: c.device_types())
    sensors = replay("sensor_types", lambda c: c.sensor_types())
    metrics = replay("metric_types", lambda c: c.metric_types())
    catalog = parse_catalog(devices, sensors, metrics)
    assert "IMPORT_DEVICE_SDE" in catalog.device_templates
    assert "GENERIC_SENSOR_SDE" in catalog.sensor_templates  # under the reference's " sensorTypes" key
    assert catalog.metrics["T"].units == {"C", "K", "F"}


def test_sensor_metrics() -> None:
    sensor = "/api/B08851/node/dynamic/AB10E2/device/D76619/sensor"
    answer = replay("sensor_metrics", lambda c: c.sensor_metrics(PROJECT, [sensor]))
    assert "metricsBySensor" in answer


@pytest.mark.parametrize(
    ("index", "error", "message"),
    [
        (0, PlatformError, "422: InvalidProcessIntegrationRequest: Minimum request parameters not provided"),
        (
            1,
            PlatformError,
            "422: InvalidProcessIntegrationRequest: Cannot process integration ensure the provided nodeId",
        ),
    ],
)
def test_documented_integrate_errors_name_the_request_and_the_platforms_words(
    index: int, error: type, message: str
) -> None:
    with pytest.raises(error, match=message) as caught:
        replay("errors", lambda c: c.integrate(PROJECT, request_body("errors", index)))
    assert str(caught.value).startswith("POST /api/integrations/integrate?projectIds=")


def test_an_expired_token_is_an_auth_error_with_its_date() -> None:
    with pytest.raises(
        AuthError, match="401: Token has expired on Tue Feb 20 04:12:01 PST 2024 \\(Authorization\\)"
    ):
        replay("errors", lambda c: c.list_nodes(PROJECT))


def test_the_gateway_paths_answer_401_and_429_as_documented() -> None:
    with pytest.raises(AuthError, match="HeaderNotFound"):
        replay("errors", lambda c: c.integrate(PROJECT, {"integration": {}}), base="https://api.bentley.com")
