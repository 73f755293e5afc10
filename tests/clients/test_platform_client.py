"""The platform client against httpx.MockTransport: exact requests, retries, errors, secrets."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from iotplan.clients.auth import ApiKey, ClientCredentials, credential_from_env
from iotplan.clients.errors import redact
from iotplan.clients.platform import PlatformClient
from iotplan.clients.retry import RetryPolicy
from iotplan.errors import AuthError, IotplanError, PlatformError, TransportError

Handler = Callable[[httpx.Request], httpx.Response]


class Recorder:
    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.handler(request)


def run(
    handler: Handler,
    call: Callable[[PlatformClient], Any],
    auth: httpx.Auth | None = None,
    sleeps: list | None = None,
) -> Any:
    async def go() -> Any:
        now = [0.0]  # a clock that only sleeping moves

        async def sleep(seconds: float) -> None:
            (sleeps if sleeps is not None else []).append(seconds)
            await asyncio.sleep(0.02)  # long enough for concurrent requests to see the wait
            now[0] += seconds

        transport = httpx.MockTransport(handler)
        async with httpx.AsyncClient(
            transport=transport, base_url="https://iiot.test", auth=auth or ApiKey("k")
        ) as http:
            policy = RetryPolicy(attempts=4, sleep=sleep, clock=lambda: now[0])
            return await call(PlatformClient(http, retry=policy))

    return asyncio.run(go())


def test_get_integration_keeps_the_documented_double_slash() -> None:
    recorder = Recorder(lambda request: httpx.Response(200, json={"integration": {}}))
    run(recorder, lambda client: client.get_integration("p-1", "/api/13DC2F/node"))
    assert recorder.requests[0].method == "POST"
    assert recorder.requests[0].url.raw_path == b"/api/integrations//api/13DC2F/node?projectIds=p-1"


def test_integrate_sends_the_body_and_project() -> None:
    recorder = Recorder(lambda request: httpx.Response(200, json={"integration": {}}))
    body = {"integration": {"nodeId": "/api/B08851/node", "devices": []}}
    run(recorder, lambda client: client.integrate("p-1", body))
    request = recorder.requests[0]
    assert request.url.params["projectIds"] == "p-1" and json.loads(request.content) == body
    assert request.headers["Authorization"] == "ApiKey k"


def test_a_body_is_compact_utf8_json_as_httpx_would_send_it() -> None:
    recorder = Recorder(lambda request: httpx.Response(200, json={}))
    body = {"integration": {"devices": [{"NAME": "Piézomètre Ø3", "UNKNOWN_METRICS": {"0": "T"}, "n": 2}]}}
    run(recorder, lambda client: client.integrate("p-1", body))
    sent = recorder.requests[0]
    assert sent.headers["Content-Type"] == "application/json"
    assert sent.content == httpx.Request("POST", "https://x", json=body).content
    assert int(sent.headers["Content-Length"]) == len(sent.content)


def test_what_orjson_cannot_write_is_sent_by_the_json_module() -> None:
    recorder = Recorder(lambda request: httpx.Response(200, json={}))
    body = {"big": 2**70, "keys": {1: "one"}}
    run(recorder, lambda client: client.integrate("p-1", body))
    assert recorder.requests[0].content == b'{"big":1180591620717411303424,"keys":{"1":"one"}}'


def test_an_answers_integer_past_64_bits_is_read_exactly() -> None:
    # orjson alone would read it as 1.8446744073709552e+19 (iotplan/exact_json.py)
    body = b'{"integration": {"node": {"props": {"OBSERVATION_COUNT": 18446744073709551616}}}}'
    answer = run(
        lambda request: httpx.Response(200, content=body), lambda c: c.get_integration("p", "/api/1/node")
    )
    assert answer["integration"]["node"]["props"]["OBSERVATION_COUNT"] == 2**64


def test_the_gateway_path_names_the_project_itwin_id() -> None:
    recorder = Recorder(lambda request: httpx.Response(200, json={}))

    async def call(client: PlatformClient) -> Any:
        client.gateway = True
        return await client.integrate("p-1", {})

    run(recorder, call)
    request = recorder.requests[0]
    assert (
        request.url.path == "/sensor-data/integrations/integrate" and request.url.params["iTwinId"] == "p-1"
    )
    assert request.headers["Accept"] == "application/vnd.bentley.itwin-platform.v1+json"


def test_a_429_waits_out_retry_after_then_succeeds() -> None:
    answers = iter([httpx.Response(429, headers={"retry-after": "7"}, json={}), httpx.Response(200, json=[])])
    sleeps: list[float] = []
    run(lambda request: next(answers), lambda client: client.list_nodes("p"), sleeps=sleeps)
    assert sleeps == [7.0]


@pytest.mark.parametrize("value", ["soon", "", "NaN", "inf", "Mon, 99 Foo 2024"])
def test_a_malformed_retry_after_is_taken_as_absent(value: str) -> None:
    refused = httpx.Response(429, headers={"retry-after": value}, json={})
    answers = iter([refused, httpx.Response(200, json={"deviceTypes": []})])
    sleeps: list[float] = []
    assert run(lambda request: next(answers), lambda client: client.device_types(), sleeps=sleeps) == {
        "deviceTypes": []
    }
    assert sleeps and all(0 < seconds <= 2 for seconds in sleeps)  # one second, and a short backoff


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_reads_retry_server_errors(status: int) -> None:
    answers = iter(
        [httpx.Response(status), httpx.Response(status), httpx.Response(200, json={"deviceTypes": []})]
    )
    assert run(lambda request: next(answers), lambda client: client.device_types()) == {"deviceTypes": []}


def test_retries_are_bounded_and_the_last_answer_reported() -> None:
    recorder = Recorder(
        lambda request: httpx.Response(503, json={"error": {"code": "Busy", "message": "later"}})
    )
    with pytest.raises(
        PlatformError,
        match=r"GET /api/devices/types\?excludeLegacy=true answered 503 after 4 attempts: Busy: later",
    ):
        run(recorder, lambda client: client.device_types())
    assert len(recorder.requests) == 4


def test_a_write_is_not_retried_after_a_500() -> None:
    recorder = Recorder(
        lambda request: httpx.Response(500, json={"errors": [{"message": "boom", "path": "x"}]})
    )
    with pytest.raises(PlatformError, match=r"answered 500: boom \(x\)"):
        run(recorder, lambda client: client.integrate("p", {}))
    assert len(recorder.requests) == 1


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_write_answered_with_a_server_error_is_sent_once_and_its_outcome_is_unknown(status: int) -> None:
    # A gateway may answer 503 after the platform made the write (the emulator's write-then-503):
    # sent again, a `new` would make a second copy on a platform that does not refuse one.
    busy = {"error": {"code": "Busy", "message": "try again later."}}
    recorder = Recorder(lambda request: httpx.Response(status, json=busy))
    with pytest.raises(
        PlatformError, match=f"answered {status}: Busy: try again later\\. The write may or may not have been"
    ):
        run(recorder, lambda client: client.integrate("p", {}))
    assert len(recorder.requests) == 1


def test_a_write_answered_429_is_retried_as_the_rate_limit_wrote_nothing() -> None:
    answers = iter([httpx.Response(429, headers={"retry-after": "1"}, json={}), httpx.Response(200, json={})])
    recorder = Recorder(lambda request: next(answers))
    assert run(recorder, lambda client: client.integrate("p", {})) == {}
    assert len(recorder.requests) == 2


def test_a_write_refused_with_a_client_error_is_not_called_unknown() -> None:
    recorder = Recorder(lambda request: httpx.Response(422, json={"error": {"code": "Bad", "message": "no"}}))
    with pytest.raises(PlatformError) as refused:
        run(recorder, lambda client: client.integrate("p", {}))
    assert "may or may not" not in str(refused.value)


def test_a_write_whose_answer_was_lost_says_the_outcome_is_unknown() -> None:
    def lost(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    recorder = Recorder(lost)
    with pytest.raises(TransportError, match="may or may not have been applied"):
        run(recorder, lambda client: client.integrate("p", {}))
    assert len(recorder.requests) == 1


def test_a_write_that_never_connected_is_retried() -> None:
    calls = iter([httpx.ConnectError("refused"), httpx.Response(200, json={"integration": {}})])

    def handler(request: httpx.Request) -> httpx.Response:
        answer = next(calls)
        if isinstance(answer, Exception):
            raise answer
        return answer

    assert run(handler, lambda client: client.integrate("p", {})) == {"integration": {}}


def test_errors_without_a_documented_body_still_read_well() -> None:
    with pytest.raises(PlatformError, match="answered 400: Bad Gateway from the proxy"):
        run(
            lambda request: httpx.Response(400, text="Bad Gateway from the proxy"),
            lambda client: client.device_types(),
        )


def test_401_and_403_are_auth_errors() -> None:
    body = {"error": {"code": "InsufficientPermissions", "message": "no"}}
    with pytest.raises(AuthError, match="InsufficientPermissions"):
        run(lambda request: httpx.Response(403, json=body), lambda client: client.list_nodes("p"))


def test_client_credentials_fetch_one_token_and_refresh_once_on_401() -> None:
    tokens = iter(["t1", "t2"])
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/connect/token":
            assert b"client_secret=shh" in request.content
            return httpx.Response(200, json={"access_token": next(tokens), "expires_in": 3600})
        seen.append(request.headers["Authorization"])
        return httpx.Response(401 if seen == ["Bearer t1", "Bearer t1", "Bearer t1"] else 200, json=[])

    credentials = ClientCredentials("id", "shh", "https://ims.test/connect/token")

    async def three_reads(client: PlatformClient) -> None:
        for _ in range(3):
            await client.list_nodes("p")

    run(handler, three_reads, auth=credentials)
    assert seen == ["Bearer t1", "Bearer t1", "Bearer t1", "Bearer t2"]
    assert "shh" not in repr(credentials)


def test_credentials_come_from_one_variable_kind() -> None:
    assert isinstance(credential_from_env({"IOTPLAN_API_KEY": "k"}), ApiKey)
    assert credential_from_env({}) is None
    with pytest.raises(IotplanError, match="only one kind"):
        credential_from_env({"IOTPLAN_API_KEY": "k", "IOTPLAN_TOKEN": "t"})
    with pytest.raises(IotplanError, match="IOTPLAN_CLIENT_SECRET"):
        credential_from_env({"IOTPLAN_CLIENT_ID": "c"})


def test_secrets_are_redacted_from_any_text() -> None:
    text = 'Authorization: ApiKey abc123 {"AUTH_TOKEN": "feed-token", "client_secret": "s"} Bearer eyJx'
    cleaned = redact(text)
    assert "abc123" not in cleaned and "feed-token" not in cleaned and '"s"' not in cleaned


def test_the_catalog_is_read_once_per_client() -> None:
    recorder = Recorder(lambda request: httpx.Response(200, json={"deviceTypes": [{"id": "X"}]}))

    async def twice(client: PlatformClient) -> Any:
        together = await asyncio.gather(client.device_types(), client.device_types())
        return [*together, await client.device_types()]

    answers = run(recorder, twice)
    assert len(recorder.requests) == 1 and all(answer == {"deviceTypes": [{"id": "X"}]} for answer in answers)


def test_a_failed_catalog_read_is_asked_again() -> None:
    answers = iter([httpx.Response(404, json={}), httpx.Response(200, json={"deviceTypes": []})])
    recorder = Recorder(lambda request: next(answers))

    async def twice(client: PlatformClient) -> Any:
        with pytest.raises(PlatformError):
            await client.device_types()
        return await client.device_types()

    assert run(recorder, twice) == {"deviceTypes": []} and len(recorder.requests) == 2


def test_one_cancelled_reader_does_not_cancel_the_catalog_for_the_others() -> None:
    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.05)
        return httpx.Response(200, json={"deviceTypes": []})

    async def cancel_one(client: PlatformClient) -> Any:
        first = asyncio.ensure_future(client.device_types())
        second = asyncio.ensure_future(client.device_types())
        await asyncio.sleep(0.01)
        first.cancel()
        return await second

    assert run(slow, cancel_one) == {"deviceTypes": []}


def node_pages(request: httpx.Request) -> httpx.Response:
    """One connection in project p, none in q; a page past the last is empty."""
    first = request.url.params["pageNumber"] == "0" and request.url.params["projectIds"] == "p"
    return httpx.Response(200, json=[{"id": "/api/A/node", "props": {}}] if first else [])


def test_within_one_node_list_per_project_each_project_is_listed_once() -> None:
    recorder = Recorder(node_pages)

    async def drift_like(client: PlatformClient) -> Any:
        with client.one_node_list_per_project():
            shared = await asyncio.gather(
                client.list_nodes("p"), client.list_nodes("p"), client.list_nodes("q")
            )
            shared.append(await client.list_nodes("p"))
        listed_within = len(recorder.requests)
        await client.list_nodes("p")  # outside: read again, as an apply's verifying plan must
        return shared, listed_within

    (p1, p2, q, p3), listed_within = run(recorder, drift_like)
    assert p1 == p2 == p3 == [{"id": "/api/A/node", "props": {}}] and q == []
    # p is two pages (its connection, then an empty one), q one: read once each within, p again after
    assert (listed_within, len(recorder.requests)) == (3, 5)


def test_a_failed_node_list_is_asked_again_within_one_node_list_per_project() -> None:
    answers = iter([httpx.Response(404, json={}), httpx.Response(200, json=[])])
    recorder = Recorder(lambda request: next(answers))

    async def twice(client: PlatformClient) -> Any:
        with client.one_node_list_per_project():
            with pytest.raises(PlatformError):
                await client.list_nodes("p")
            return await client.list_nodes("p")

    assert run(recorder, twice) == [] and len(recorder.requests) == 2


def test_a_success_that_is_not_json_names_the_request() -> None:
    page = httpx.Response(200, headers={"content-type": "text/html"}, text="<html>Sign in</html>")
    with pytest.raises(PlatformError) as caught:
        run(lambda request: page, lambda client: client.list_nodes("p"))
    message = str(caught.value)
    assert message.startswith("GET /api/nodes/all?")
    assert "answered 200 with a body that is not JSON (text/html): <html>Sign in</html>" in message


def test_a_page_the_json_module_reads_is_read() -> None:
    def pages(request: httpx.Request) -> httpx.Response:
        first = request.url.params["pageNumber"] == "0"
        return httpx.Response(200, content=b'[{"id": "a", "props": {"VALUE": NaN}}]' if first else b"[]")

    items = run(pages, lambda client: client.list_nodes("p"))
    assert items[0]["id"] == "a" and items[0]["props"]["VALUE"] != items[0]["props"]["VALUE"]


def test_a_refused_client_secret_is_asked_for_once_and_reported_once() -> None:
    token_requests: list[httpx.Request] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/connect/token":
            token_requests.append(request)
            await asyncio.sleep(0.01)  # the other reads queue behind this one
            return httpx.Response(401, json={"error": "invalid_client", "error_description": "wrong secret"})
        return httpx.Response(200, json={})

    async def eight_reads(client: PlatformClient) -> None:
        results = await asyncio.gather(
            *(client.get_project(f"p{n}") for n in range(8)), return_exceptions=True
        )
        assert all(isinstance(result, AuthError) for result in results)
        assert len({str(result) for result in results}) == 1

    credentials = ClientCredentials("id", "wrong-secret", "https://ims.test/connect/token")
    run(handler, eight_reads, auth=credentials)
    assert len(token_requests) == 1


def test_a_write_answered_200_with_a_body_that_is_not_json_has_an_unknown_outcome() -> None:
    page = httpx.Response(200, headers={"content-type": "text/html"}, text="<html>Received</html>")
    with pytest.raises(PlatformError) as caught:
        run(lambda request: page, lambda client: client.integrate("p", {}))
    assert caught.value.outcome_unknown  # a 2xx: the server acted, and what it did is unread
    assert "answered 200 with a body that is not JSON (text/html)" in str(caught.value)
    assert "may or may not have been applied" in str(caught.value)


def test_a_write_answered_200_with_an_empty_body_has_an_unknown_outcome() -> None:
    with pytest.raises(PlatformError) as caught:
        run(lambda request: httpx.Response(200), lambda client: client.integrate("p", {}))
    assert caught.value.outcome_unknown
    message = str(caught.value)
    assert message.startswith(
        "POST /api/integrations/integrate?projectIds=p answered 200 with an empty body."
    )
    assert "may or may not have been applied" in message


def test_a_read_answered_200_with_an_empty_body_says_so_and_names_the_request() -> None:
    with pytest.raises(PlatformError) as caught:
        run(lambda request: httpx.Response(200), lambda client: client.list_nodes("p"))
    assert not caught.value.outcome_unknown
    message = str(caught.value)
    assert message.startswith("GET /api/nodes/all?projectIds=p&pageNumber=0")
    assert message.endswith("answered 200 with an empty body")


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        (
            httpx.Response(200, headers={"content-type": "text/html"}, text="<html>Sign in</html>"),
            "POST /connect/token answered 200 with a body that is not JSON (text/html): <html>Sign in</html>",
        ),
        (
            httpx.Response(200, json={"token": "abc"}),
            "POST /connect/token answered 200 without a string access_token, which OAuth's token answer",
        ),
        (httpx.Response(200, json=["abc"]), "(it carries: a JSON list)"),
        (
            httpx.Response(200, json={"access_token": "t", "expires_in": "soon"}),
            "POST /connect/token answered 200 with expires_in text, not a finite positive number, where",
        ),
    ],
)
def test_a_token_answer_without_a_token_is_an_error_naming_the_request(
    answer: httpx.Response, said: str
) -> None:
    credentials = ClientCredentials("id", "client-secret", "https://ims.test/connect/token")
    with pytest.raises(PlatformError) as caught:
        run(lambda request: answer, lambda client: client.list_nodes("p"), auth=credentials)
    assert said in str(caught.value) and "abc" not in str(caught.value)


def test_a_rate_limit_that_outlasts_the_retries_says_how_often_it_was_tried() -> None:
    busy = {"error": {"code": "TooManyRequests", "message": "More requests than the rate-limit allows."}}
    recorder = Recorder(lambda request: httpx.Response(429, json=busy))
    with pytest.raises(PlatformError) as caught:
        run(recorder, lambda client: client.list_nodes("p"))
    assert len(recorder.requests) > 1
    assert f"answered 429 after {len(recorder.requests)} attempts: TooManyRequests" in str(caught.value)


# --- redirects: never followed, so no credential goes to a host nobody named ----------------------
def redirected(
    base: str, location: str, call: Callable[[PlatformClient], Any], auth: httpx.Auth
) -> tuple[str, int]:
    """The error of `call` against a server answering every request 301 to `location`, and how
    many requests reached it."""
    sent: list[httpx.Request] = []

    def moved(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(301, headers={"Location": location.format(path=request.url.path)})

    async def go() -> str:
        async with httpx.AsyncClient(transport=httpx.MockTransport(moved), base_url=base, auth=auth) as http:
            with pytest.raises(PlatformError) as raised:
                await call(PlatformClient(http, retry=RetryPolicy(attempts=2)))
            return str(raised.value)

    return asyncio.run(go()), len(sent)


def test_a_redirect_says_where_it_pointed_without_secrets_and_what_endpoint_to_give() -> None:
    location = "https://user:pw-canary@platform.test:8443{path}?api_key=key-canary#access_token=tok-canary"
    message, sent = redirected("http://iiot.test", location, lambda c: c.metric_types(), ApiKey("k"))
    assert sent == 1
    assert message == (
        "GET /api/metrics/types?excludeLegacy=true answered 301, a redirect to "
        "https://platform.test:8443/api/metrics/types?...#...: iotplan does not follow redirects, so that "
        "no credential goes where you did not send it; give --endpoint (or IOTPLAN_ENDPOINT) the URL the "
        "server answers at (https://platform.test:8443). This request went over http://: its credential "
        "crossed the network unencrypted"
    )


def test_a_redirected_write_may_or_may_not_have_been_made() -> None:
    message, _ = redirected(
        "https://iiot.test", "/elsewhere{path}", lambda c: c.integrate("p", {}), ApiKey("k")
    )
    assert "a redirect to https://iiot.test/elsewhere/api/integrations/integrate:" in message
    assert "(https://iiot.test/elsewhere)" in message and "unencrypted" not in message
    assert message.endswith("The write may or may not have been applied: run `iotplan plan` to see the truth")


def test_a_redirect_from_the_token_endpoint_names_iotplan_token_url() -> None:
    credentials = ClientCredentials("id", "secret-canary", "http://ims.test/connect/token")
    message, sent = redirected(
        "https://iiot.test", "https://login.test{path}", lambda c: c.list_nodes("p"), credentials
    )
    assert sent == 1 and "secret-canary" not in message
    assert message.startswith(
        "POST /connect/token answered 301, a redirect to https://login.test/connect/token: iotplan does not "
        "follow redirects, so that no credential goes where you did not send it; give IOTPLAN_TOKEN_URL the "
        "URL the server answers at (https://login.test/connect/token). This request went over http://"
    )
