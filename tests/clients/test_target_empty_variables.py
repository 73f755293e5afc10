"""A target flag or variable set but empty is a misconfiguration (CI passes a missing variable or
secret as ""), never "not configured": it is refused, where reading it as unset would pick
production (https://iiot.bentley.com) or the embedded platform, whose apply exits 0 having
written nowhere real."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.clients.target import TargetOptions, choose_target
from iotplan.errors import IotplanError


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def refused(options: TargetOptions, environ: dict[str, str]) -> str:
    with pytest.raises(IotplanError) as raised:
        choose_target(options, environ)
    return str(raised.value)


@pytest.mark.parametrize("empty", ["", " \n"], ids=["empty", "blank"])
def test_an_empty_endpoint_variable_beside_a_key_is_refused_not_read_as_production(empty: str) -> None:
    said = refused(TargetOptions(), {"IOTPLAN_ENDPOINT": empty, "IOTPLAN_API_KEY": "key-canary-7f3"})
    assert said.startswith("IOTPLAN_ENDPOINT is set but empty: a missing CI variable?")
    assert "canary-7f3" not in said


@pytest.mark.parametrize(
    ("environ", "said"),
    [
        (
            {"IOTPLAN_API_KEY": ""},
            "IOTPLAN_API_KEY is set but empty: a missing CI secret or variable? Set it",
        ),
        (
            {"IOTPLAN_TOKEN": "", "IOTPLAN_CLIENT_ID": " "},
            "IOTPLAN_TOKEN and IOTPLAN_CLIENT_ID are set but empty",
        ),
        ({"IOTPLAN_RPC_ENDPOINT": ""}, "IOTPLAN_RPC_ENDPOINT is set but empty"),
    ],
    ids=["api key", "token and client id", "JSON-RPC endpoint"],
)
def test_an_empty_credential_variable_is_refused_not_read_as_the_embedded_platform(
    workdir: Path, environ: dict[str, str], said: str
) -> None:
    assert refused(TargetOptions(), environ).startswith(said)
    assert not (workdir / ".iotplan").exists()


def test_a_missing_credential_for_an_endpoint_names_the_empty_variable() -> None:
    said = refused(TargetOptions(), {"IOTPLAN_ENDPOINT": "https://iiot.example", "IOTPLAN_API_KEY": ""})
    assert said.endswith("(IOTPLAN_API_KEY set but empty: a missing CI secret?)")


def test_an_empty_rpc_endpoint_variable_of_the_environments_platform_is_refused_not_derived() -> None:
    environ = {"IOTPLAN_ENDPOINT": "https://iiot.example", "IOTPLAN_API_KEY": "k", "IOTPLAN_RPC_ENDPOINT": ""}
    assert refused(TargetOptions(), environ).startswith("IOTPLAN_RPC_ENDPOINT is set but empty")


@pytest.mark.parametrize("flag", ["endpoint", "rpc_endpoint"])
def test_an_empty_endpoint_flag_is_refused_not_read_as_absent(flag: str) -> None:
    options = TargetOptions(**{flag: ""})
    said = refused(options, {"IOTPLAN_ENDPOINT": "https://iiot.example", "IOTPLAN_API_KEY": "k"})
    assert said.startswith(f"--{flag.replace('_', '-')} is empty")


def test_an_empty_token_url_beside_a_client_id_is_refused_not_read_as_bentleys() -> None:
    environ = {
        "IOTPLAN_ENDPOINT": "https://iiot.example.com",
        "IOTPLAN_CLIENT_ID": "service-app",
        "IOTPLAN_CLIENT_SECRET": "secret-canary-31c",
        "IOTPLAN_TOKEN_URL": "",
    }
    said = refused(TargetOptions(), environ)
    assert "IOTPLAN_TOKEN_URL is set but empty" in said and "secret-canary-31c" not in said
