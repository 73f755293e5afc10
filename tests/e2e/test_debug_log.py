"""The HTTP debug log (`--debug`, IOTPLAN_LOG=debug): each request on stderr with its method, URL,
status and time, and never a secret. Canary values stand in for every kind of secret iotplan holds:
the API key, a bearer token, an OAuth client secret and the access token it buys, a connection's
AUTH_TOKEN in a request body, a password in the endpoint URL."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
import yaml

from iotplan.clients.target import EMBEDDED_KEY
from iotplan.sim import demo_seed
from tests.e2e.conftest import QUICKSTART, Workspace
from tests.served import served

API_KEY = "canary-api-key-7Q2x"
CLIENT_SECRET = "canary-client-secret-K9wz"
AUTH_TOKEN = "canary-auth-token-M4pr"
URL_PASSWORD = "canary-pa55word-J8"
LINE = re.compile(r"^debug: (GET|POST|PUT|PATCH|DELETE) http\S+ → \d{3} \(\d+\.\d{3} s\)", re.MULTILINE)
SIM_TOKEN = re.compile(r"sim-[A-Za-z0-9_-]{8,}")  # the served platform's access tokens

SECRET_SITE = """apiVersion: iotplan/v1
stack: canary
projects:
  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537
    nodes:
      - {key: feed, kind: api, name: Feed, auth_token: "${env:FEED_TOKEN}"}
"""


@pytest.fixture
def platform(tmp_path: Path) -> str:
    seed = demo_seed()
    seed.pop("gateways", None)  # no THREAD is served: the quickstart declares none with edge settings
    seed["api_keys"].append({"key": API_KEY, "projects": "*"})
    seed["clients"][0]["client_secret"] = CLIENT_SECRET
    (tmp_path / "seed.yaml").write_text(yaml.safe_dump(seed))
    with served(tmp_path / "seed.yaml") as url:
        yield url


def assert_no_secret(text: str, *secrets: str) -> None:
    for secret in (API_KEY, CLIENT_SECRET, AUTH_TOKEN, URL_PASSWORD, *secrets):
        assert secret not in text
    assert not SIM_TOKEN.search(text), SIM_TOKEN.search(text)


def test_each_request_is_logged_and_no_secret_with_it(
    workspace: Workspace, platform: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (workspace.path / "site.yaml").write_text(SECRET_SITE)
    monkeypatch.setenv("FEED_TOKEN", AUTH_TOKEN)
    monkeypatch.setenv("IOTPLAN_API_KEY", API_KEY)
    endpoint = platform.replace("http://", f"http://user:{URL_PASSWORD}@")
    applied = workspace.run("apply", "site.yaml", "--auto-approve", "--debug", "--endpoint", endpoint)
    assert applied.exit_code == 0, applied.output
    lines = LINE.findall(applied.stderr)
    assert "POST" in lines and "GET" in lines
    assert re.search(
        r"POST http://127\.0\.0\.1:\d+/api/integrations/integrate\?projectIds=\S+ → 200", applied.stderr
    )
    assert '"AUTH_TOKEN":"(sensitive)"' in applied.stderr.replace(" ", "")  # the body is shown, redacted
    assert_no_secret(applied.output)


def test_oauth_client_secret_and_tokens_stay_out_of_the_log(
    workspace: Workspace, platform: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_LOG", "debug")
    monkeypatch.setenv("IOTPLAN_CLIENT_ID", "demo-client")
    monkeypatch.setenv("IOTPLAN_CLIENT_SECRET", CLIENT_SECRET)
    monkeypatch.setenv("IOTPLAN_TOKEN_URL", f"{platform}/connect/token")
    planned = workspace.run("plan", QUICKSTART, "--endpoint", platform)
    assert planned.exit_code == 0, planned.output
    assert re.search(r"debug: POST http://127\.0\.0\.1:\d+/connect/token → 200", planned.stderr)
    assert "client_secret=(sensitive)" in planned.stderr  # the form body, redacted
    assert_no_secret(planned.output)


def test_a_bearer_token_stays_out_of_the_log(
    workspace: Workspace, platform: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = httpx.post(f"{platform}/_sim/tokens", json={}).json()["access_token"]
    monkeypatch.setenv("IOTPLAN_TOKEN", token)
    planned = workspace.run("plan", QUICKSTART, "--endpoint", platform, "--debug")
    assert planned.exit_code == 0 and len(LINE.findall(planned.stderr)) >= 4
    assert_no_secret(planned.output, token)


def test_without_debug_nothing_is_logged(workspace: Workspace) -> None:
    planned = workspace.run("plan", QUICKSTART)
    assert planned.exit_code == 0 and "debug:" not in planned.stderr


def test_a_token_url_with_a_secret_in_its_query_is_refused_without_showing_it(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_CLIENT_ID", "demo-client")
    monkeypatch.setenv("IOTPLAN_CLIENT_SECRET", "x")
    monkeypatch.setenv(
        "IOTPLAN_TOKEN_URL", f"https://ims.invalid/connect/token?client_secret={CLIENT_SECRET}"
    )
    refused = workspace.run("plan", QUICKSTART, "--endpoint", "https://platform.invalid", "--debug")
    assert refused.exit_code == 1 and "must not have a query string" in refused.stderr
    assert_no_secret(refused.output)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "https://u:p@h.invalid/api/x?projectIds=1&api_key=k1&token=k2",
            "https://h.invalid/api/x?projectIds=1&api_key=(sensitive)&token=(sensitive)",
        ),
        ("https://h.invalid/a?clientSecret=k3#frag", "https://h.invalid/a?clientSecret=(sensitive)"),
        (
            "https://h.invalid/a?pass=k4&sessionid=k5&userPin=k6&spin=7",
            "https://h.invalid/a?pass=(sensitive)&sessionid=(sensitive)&userPin=(sensitive)&spin=7",
        ),
    ],
)
def test_a_logged_url_has_no_password_nor_secret_query_value(url: str, shown: str) -> None:
    from iotplan.clients.observe import safe_url

    assert safe_url(httpx.URL(url)) == shown


def test_json_rpc_requests_are_logged_without_the_credential(workspace: Workspace) -> None:
    """A THREAD's loggers and sensors are written through JSON-RPC: --debug shows those writes too,
    and authenticate without its code (the API key)."""
    applied = workspace.run("apply", "examples/thread/site.yaml", "--auto-approve", "--debug")
    assert applied.exit_code == 0, applied.output
    assert re.search(
        r"^debug: JSON-RPC authenticate #0 embedded platform .+ → result \(\d+\.\d{3} s\)$",
        applied.stderr,
        re.M,
    )
    assert re.search(
        r"^debug: JSON-RPC createDevice #\d+ .+ → result \(\d+\.\d{3} s\) \{\"device\": ",
        applied.stderr,
        re.M,
    )
    assert EMBEDDED_KEY not in applied.output
