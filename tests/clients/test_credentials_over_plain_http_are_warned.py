"""A credential sent over plain http:// or ws:// to a host that is not this machine is said on
stderr when the target opens, before its first request, naming the setting: an on-prem platform
behind a VPN may be plain http, so it is not refused. Loopback and the embedded platform say nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.clients.target import TargetOptions
from tests.clients.test_target import opened

KEY = {"IOTPLAN_API_KEY": "key-canary-7f3"}
CLIENT = {
    "IOTPLAN_CLIENT_ID": "cid",
    "IOTPLAN_CLIENT_SECRET": "secret-canary-7f3",
    "IOTPLAN_TOKEN_URL": "http://ims.example.invalid/connect/token",
}


def warned(options: TargetOptions, environ: dict[str, str], capsys: pytest.CaptureFixture[str]) -> str:
    opened(options, environ)  # opened, never sent: a warning said here comes before the first request
    said = capsys.readouterr().err
    assert "canary-7f3" not in said
    return said


def test_an_api_key_to_a_plain_http_platform_elsewhere_is_warned_of_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    said = warned(TargetOptions(endpoint="http://iot-staging.example.invalid"), KEY, capsys)
    assert said == (
        "Warning: the API key is sent unencrypted to another machine over --endpoint "
        "http://iot-staging.example.invalid (plain http://) and its JSON-RPC "
        "ws://iot-staging.example.invalid:4201 (plain ws://): use TLS (https://, wss://) unless the network "
        "between is private (a VPN)\n"
    )


def test_a_client_secret_to_a_plain_http_token_url_is_warned_of_beside_an_https_platform(
    capsys: pytest.CaptureFixture[str],
) -> None:
    said = warned(TargetOptions(endpoint="https://iiot.example.invalid"), CLIENT, capsys)
    assert said.startswith(
        "Warning: the OAuth client credentials are sent unencrypted to another machine over "
    )
    assert "IOTPLAN_TOKEN_URL http://ims.example.invalid/connect/token (plain http://)" in said
    assert "iiot.example.invalid" not in said.replace("ims.example.invalid", "")


def test_with_oauth_only_the_access_token_is_said_to_go_to_a_plain_platform(
    capsys: pytest.CaptureFixture[str],
) -> None:
    environ = {**CLIENT, "IOTPLAN_TOKEN_URL": "https://ims.example.invalid/connect/token"}
    options = TargetOptions(
        endpoint="https://iiot.example.invalid", rpc_endpoint="ws://rpc.example.invalid:4201"
    )
    said = warned(options, environ, capsys)
    assert said.startswith(
        "Warning: the access token is sent unencrypted to another machine over --rpc-endpoint "
        "ws://rpc.example.invalid:4201 (plain ws://):"
    )
    assert "client credentials" not in said


def test_with_oauth_over_plain_http_everywhere_each_is_said_with_what_it_carries(
    capsys: pytest.CaptureFixture[str],
) -> None:
    lines = warned(TargetOptions(endpoint="http://iiot.example.invalid"), CLIENT, capsys).splitlines()
    assert [line.split(" over ")[0] for line in lines] == [
        "Warning: the access token is sent unencrypted to another machine",
        "Warning: the OAuth client credentials are sent unencrypted to another machine",
    ]
    assert "IOTPLAN_TOKEN_URL" not in lines[0] and "--endpoint" not in lines[1]


def test_an_rpc_endpoint_variable_over_plain_ws_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    environ = {
        **KEY,
        "IOTPLAN_ENDPOINT": "https://iiot.example",
        "IOTPLAN_RPC_ENDPOINT": "ws://rpc.example:4201",
    }
    said = warned(TargetOptions(), environ, capsys)
    assert "over IOTPLAN_RPC_ENDPOINT ws://rpc.example:4201 (plain ws://):" in said


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://127.0.0.1:10780",
        "http://localhost:8080",
        "http://[::1]:8080",
        "https://iiot.example",
        # this machine too, as the system's resolver reads them (no name is looked up)
        "http://0.0.0.0:8080",
        "http://[::ffff:127.0.0.1]:8080",
        "http://127.1:8080",
        "http://2130706433:8080",
    ],
)
def test_loopback_and_tls_say_nothing(endpoint: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert warned(TargetOptions(endpoint=endpoint), KEY, capsys) == ""


def test_the_embedded_platform_says_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    environ = {**KEY, "IOTPLAN_ENDPOINT": "http://iot-staging.example.invalid"}
    assert warned(TargetOptions(sim_db=Path("x.db")), environ, capsys) == ""
