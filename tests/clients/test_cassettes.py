"""iotplan's client against the documented requests and answers (cassettes/), with no network."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
import vcr

from iotplan.apply.found import serials_in
from iotplan.clients.auth import ApiKey
from iotplan.clients.platform import PlatformClient
from iotplan.clients.retry import RetryPolicy
from iotplan.errors import AuthError, PlatformError
from iotplan.live.catalog import parse_catalog
from tests.contract import CASSETTES, documented, interactions, structure_differences

PROJECT = "6ee68656-ce20-452c-a4e6-b6b3a3b55537"
ONE_TRY = RetryPolicy(attempts=1)
MATCH_ON = ["method", "scheme", "host", "port", "path", "query", "body"]
GATEWAY = "https://api.bentley.com"


def replay(
    cassette: str, call: Callable[[PlatformClient], Awaitable[Any]], base: str = "https://iiot.bentley.com"
) -> Any:
    async def go() -> Any:
        async with httpx.AsyncClient(base_url=base, auth=ApiKey("REDACTED")) as http:
            return await call(PlatformClient(http, retry=ONE_TRY, gateway=base.endswith("api.bentley.com")))

    # The query string too: projectIds (or the gateway's iTwinId) decides which project is read or written.
    recorder = vcr.VCR(record_mode="none", match_on=MATCH_ON)
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


def test_get_integration_uses_the_documented_double_slash_url_with_its_project() -> None:
    answer = replay("get_integration", lambda c: c.get_integration(PROJECT, "/api/13DC2F/node"))
    assert answer == documented(interactions("get_integration")[1])


def test_the_default_project_probe_sends_the_documented_request_as_printed() -> None:
    answer = replay("get_integration", lambda c: c.get_integration_without_project("/api/13DC2F/node"))
    assert answer == documented(interactions("get_integration")[0])


def test_a_request_with_another_query_string_finds_no_documented_answer() -> None:
    """The cassettes match on the query string: a wrong project is not answered as a right one."""
    with pytest.raises(vcr.errors.CannotOverwriteExistingCassetteException):
        replay("get_integration", lambda c: c.get_integration("another-project", "/api/13DC2F/node"))


def test_the_gateway_pages_200_example_is_read_to_its_last_sensor() -> None:
    sent = request_body("gateway_integrate")
    answer = replay("gateway_integrate", lambda c: c.integrate(PROJECT, sent), base=GATEWAY)
    assert answer == documented(interactions("gateway_integrate")[0])
    serials = serials_in(answer)
    assert len(serials) == 1 + 1 + 7  # the connection, the device and every one of its seven sensors
    assert (
        serials["332ddf52-4b16-4261-9a94-8a5cfeae9dbe"]
        == "/api/95A09D/node/dynamic/756BDE/device/324742/sensor"
    )


def test_the_gateway_pages_answer_keeps_none_of_the_sent_ref_ids() -> None:
    """The page answers fresh UUIDs as SERIAL_NO: iotplan's found-again check sees no refId kept
    (docs/api-assumptions.md, A1, the serial-is-uuid variant) and stops instead of creating again."""
    sent = request_body("gateway_integrate")["integration"]
    ref_ids = {sent["devices"][0]["refId"], *(sensor["refId"] for sensor in sent["devices"][0]["sensors"])}
    answer = replay("gateway_integrate", lambda c: c.integrate(PROJECT, {"integration": sent}), base=GATEWAY)
    assert len(ref_ids) == 8 and ref_ids.isdisjoint(serials_in(answer))


@pytest.mark.parametrize(
    ("cassette", "call"),
    [
        (
            "integrate_new_connection",
            lambda c: c.integrate(PROJECT, request_body("integrate_new_connection")),
        ),
        (
            "integrate_existing_connection",
            lambda c: c.integrate(PROJECT, request_body("integrate_existing_connection")),
        ),
        ("device_types", lambda c: c.device_types()),
        ("sensor_types", lambda c: c.sensor_types()),
        ("metric_types", lambda c: c.metric_types()),
        (
            "sensor_metrics",
            lambda c: c.sensor_metrics(PROJECT, ["/api/B08851/node/dynamic/AB10E2/device/D76619/sensor"]),
        ),
    ],
)
def test_the_client_returns_every_element_of_a_documented_answer(cassette: str, call: Any) -> None:
    answer = replay(cassette, call)
    expected = documented(interactions(cassette)[0])
    assert structure_differences(expected, answer) == []
    assert answer == expected


def test_the_sensor_types_key_is_read_as_the_reference_prints_it() -> None:
    printed = documented(interactions("sensor_types")[0])
    assert list(printed) == [" sensorTypes"]  # with its leading space, as printed: never tidied away
    answer = replay("sensor_types", lambda c: c.sensor_types())
    catalog = parse_catalog({"deviceTypes": []}, answer, {"metrics": []})
    assert catalog.sensor_templates == {item["id"] for item in printed[" sensorTypes"]}


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


def test_a_documented_element_past_the_first_is_compared_too() -> None:
    documented_answer = [{"id": "a", "props": {}}, {"id": "b", "props": {}, "device": "/api/B08851/node"}]
    only_first_kind = [{"id": "a", "props": {}}, {"id": "b", "props": {}}]
    assert structure_differences(documented_answer, only_first_kind) == [
        "$: no element has the structure of documented element [1]"
    ]
    assert structure_differences(documented_answer, documented_answer) == []
