"""Which target a command talks to: explicit flags beat the environment, conflicts are errors, and
the target is described and identified without a secret. The embedded platform's folder is private."""

from __future__ import annotations

import asyncio
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from iotplan.clients.jsonrpc_transport import InProcessTransport
from iotplan.clients.target import Target, TargetOptions, open_target
from iotplan.errors import IotplanError

CONFIGURED = {"IOTPLAN_ENDPOINT": "https://iiot.example", "IOTPLAN_API_KEY": "key-canary-7f3"}


def opened(options: TargetOptions, environ: dict[str, str]) -> tuple[str, str]:
    async def go() -> tuple[str, str]:
        async with open_target(options, environ) as target:
            assert isinstance(target, Target)
            return target.description, target.identity

    return asyncio.run(go())


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_an_explicit_sim_db_beats_credentials_and_endpoint_in_the_environment(workdir: Path) -> None:
    description, identity = opened(TargetOptions(sim_db=Path("sandbox/sim.db")), CONFIGURED)
    assert description.startswith("embedded platform (sandbox/sim.db)")
    assert "IOTPLAN_ENDPOINT, IOTPLAN_API_KEY ignored" in description and "canary-7f3" not in description
    assert identity == f"embedded:{workdir / 'sandbox' / 'sim.db'}"


def test_sim_db_and_endpoint_together_are_an_error() -> None:
    options = TargetOptions(endpoint="https://iiot.example", sim_db=Path("x.db"))
    with pytest.raises(IotplanError, match="--sim-db and --endpoint name two different targets"):
        opened(options, {"IOTPLAN_API_KEY": "k"})


def test_sim_db_and_an_rpc_endpoint_together_are_an_error_and_its_variable_is_ignored(workdir: Path) -> None:
    options = TargetOptions(rpc_endpoint="ws://127.0.0.1:18241/", sim_db=Path("x.db"))
    with pytest.raises(IotplanError, match="--sim-db and --rpc-endpoint name two different targets"):
        opened(options, {})
    description, _ = opened(TargetOptions(sim_db=Path("x.db")), {"IOTPLAN_RPC_ENDPOINT": "ws://h:1/"})
    assert description.endswith("--sim-db given, so IOTPLAN_RPC_ENDPOINT ignored")


def test_the_environment_picks_the_platform_when_no_flag_is_given() -> None:
    description, identity = opened(TargetOptions(), CONFIGURED)
    assert description == "https://iiot.example (API key; JSON-RPC wss://iiot.example:4201)"
    assert identity == "https://iiot.example"


def test_an_endpoint_flag_beats_the_endpoint_variable() -> None:
    _, identity = opened(TargetOptions(endpoint="http://127.0.0.1:8400/"), CONFIGURED)
    assert identity == "http://127.0.0.1:8400"


def test_a_credential_alone_means_the_itwin_iot_platform() -> None:
    assert opened(TargetOptions(), {"IOTPLAN_TOKEN": "t"})[1] == "https://iiot.bentley.com"


def test_nothing_configured_means_the_embedded_platform_in_its_default_place(workdir: Path) -> None:
    description, identity = opened(TargetOptions(), {})
    assert description == "embedded platform (.iotplan/sim.db)"
    assert identity == f"embedded:{workdir / '.iotplan' / 'sim.db'}"


def test_an_endpoint_variable_is_checked_and_named_in_its_error() -> None:
    environ = {"IOTPLAN_ENDPOINT": "https://u:canary-7f3@iiot.example/x#top", "IOTPLAN_API_KEY": "k"}
    with pytest.raises(
        IotplanError, match=r"IOTPLAN_ENDPOINT 'https://\(sensitive\)@iiot\.example/x#\.\.\.' must not"
    ) as caught:
        opened(TargetOptions(), environ)
    assert "canary-7f3" not in str(caught.value)


def test_a_user_and_password_in_the_endpoint_are_dropped_and_said_so() -> None:
    options = TargetOptions(endpoint="https://admin:canary-7f3@iiot.example:8443/")
    description, identity = opened(options, {"IOTPLAN_API_KEY": "k"})
    assert description == (
        "https://iiot.example:8443 (API key; JSON-RPC wss://iiot.example:4201; the user name and password "
        "in --endpoint are not used)"
    )
    assert identity == "https://iiot.example:8443"


@pytest.mark.parametrize(
    ("options", "environ", "named"),
    [
        (
            TargetOptions(
                endpoint="https://iiot.example", rpc_endpoint="wss://u:canary-7f3@iiot.example:4201"
            ),
            {"IOTPLAN_API_KEY": "k"},
            "--rpc-endpoint",
        ),
        (
            TargetOptions(),
            {**CONFIGURED, "IOTPLAN_RPC_ENDPOINT": "wss://u:canary-7f3@iiot.example:4201"},
            "IOTPLAN_RPC_ENDPOINT",
        ),
        (
            TargetOptions(endpoint="https://iiot.example"),
            {
                "IOTPLAN_CLIENT_ID": "id",
                "IOTPLAN_CLIENT_SECRET": "s",
                "IOTPLAN_TOKEN_URL": "https://u:canary-7f3@ims.example/connect/token",
            },
            "IOTPLAN_TOKEN_URL",
        ),
    ],
)
def test_a_user_and_password_in_any_url_of_the_target_are_dropped_and_said_so(
    options: TargetOptions, environ: dict[str, str], named: str
) -> None:
    description, _ = opened(options, environ)
    assert description.endswith(f"; the user name and password in {named} are not used)")
    assert "canary-7f3" not in description


def test_an_endpoint_is_checked_before_the_credential_is_asked_for() -> None:
    with pytest.raises(IotplanError, match="must not have a query string"):
        opened(TargetOptions(endpoint="https://iiot.example/x?projectIds=1"), {})


def test_the_description_and_identity_hold_no_secret() -> None:
    environ = {
        "IOTPLAN_CLIENT_ID": "id",
        "IOTPLAN_CLIENT_SECRET": "canary-7f3",
        "IOTPLAN_TOKEN_URL": "https://ims.example/t",
    }
    description, identity = opened(TargetOptions(endpoint="https://iiot.example", insecure=True), environ)
    assert description == (
        "https://iiot.example (OAuth client credentials via https://ims.example/t; "
        "JSON-RPC wss://iiot.example:4201; TLS verification OFF)"
    )
    assert "canary-7f3" not in description + identity


def test_the_embedded_platform_folder_is_private_and_ignored_by_git(workdir: Path) -> None:
    opened(TargetOptions(), {})
    folder = workdir / ".iotplan"
    assert mode(folder) == 0o700
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    for path in folder.glob("sim.db*"):
        assert mode(path) == 0o600, path


def test_an_existing_iotplan_folder_is_tightened_on_next_use(workdir: Path) -> None:
    folder = workdir / ".iotplan"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    opened(TargetOptions(), {})
    assert mode(folder) == 0o700 and (folder / ".gitignore").exists()
    assert mode(folder / "sim.db") == 0o600


def test_a_users_own_folder_is_not_touched_but_the_database_is_private(workdir: Path) -> None:
    mine = workdir / "project"
    mine.mkdir()
    mine.chmod(0o755)
    opened(TargetOptions(sim_db=mine / "sandbox.db"), {})
    assert mode(mine) == 0o755 and not (mine / ".gitignore").exists()
    assert mode(mine / "sandbox.db") == 0o600


def test_a_failed_command_leaves_no_request_in_flight_behind_it() -> None:
    """One read fails while others are still waiting for their answers: they are cancelled and
    settled before the connections close, so nothing fails again at exit with a traceback."""

    async def go() -> set[asyncio.Task[object]]:
        with pytest.raises(IotplanError, match="answered 401"):
            async with open_target(
                TargetOptions(endpoint="https://iiot.example"), {"IOTPLAN_API_KEY": "k"}
            ) as target:
                target.client.http._transport = httpx.MockTransport(slow_or_refused)
                await asyncio.gather(*(target.client.get_project(f"p{n}") for n in range(8)))
        return {task for task in asyncio.all_tasks() if task is not asyncio.current_task()}

    assert asyncio.run(go()) == set()


async def slow_or_refused(request: httpx.Request) -> httpx.Response:
    if request.url.path.endswith("/p0"):
        return httpx.Response(401, json={"error": {"code": "HeaderNotFound", "message": "no"}})
    await asyncio.sleep(30)
    return httpx.Response(200, json={})


# --- the JSON-RPC API that goes with the target ------------------------------------------------


def rpc_of(options: TargetOptions, environ: dict[str, str]) -> tuple[str, int]:
    """Where the target's JSON-RPC goes, and how many requests it sent while the target was open."""

    async def go() -> tuple[str, int]:
        async with open_target(options, environ) as target:
            assert target.jsonrpc is not None
            return target.jsonrpc.transport.description, sum(target.jsonrpc.requests.values())

    return asyncio.run(go())


def test_a_real_platform_speaks_json_rpc_on_its_own_host_at_the_documented_port() -> None:
    where, sent = rpc_of(TargetOptions(), CONFIGURED)
    assert where == "wss://iiot.example:4201" and sent == 0  # opened only by a first request


def test_an_rpc_endpoint_flag_beats_the_variable_and_never_shows_a_password() -> None:
    environ = {**CONFIGURED, "IOTPLAN_RPC_ENDPOINT": "ws://127.0.0.1:9999/"}
    assert rpc_of(TargetOptions(), environ)[0] == "ws://127.0.0.1:9999"
    flags = TargetOptions(
        endpoint="https://iiot.example", rpc_endpoint="wss://user:pw-canary@rpc.example:4201/"
    )
    where, _ = rpc_of(flags, environ)
    assert where == "wss://rpc.example:4201" and "pw-canary" not in where


def test_an_rpc_endpoint_that_is_not_a_websocket_url_is_refused() -> None:
    with pytest.raises(
        IotplanError, match=r"--rpc-endpoint 'https://rpc.example' must start with ws:// or wss://"
    ):
        rpc_of(TargetOptions(rpc_endpoint="https://rpc.example"), CONFIGURED)


def test_an_rpc_endpoint_without_a_platform_is_an_error(workdir: Path) -> None:
    with pytest.raises(IotplanError, match=r"in-process \(a real one needs a credential too\)\. Give both"):
        rpc_of(TargetOptions(rpc_endpoint="ws://127.0.0.1:4201"), {})


@pytest.mark.parametrize(
    ("environ", "paired"),
    [
        (CONFIGURED, "IOTPLAN_ENDPOINT's, https://iiot.example, perhaps another platform"),
        (
            {"IOTPLAN_TOKEN": "t"},
            "the default platform's, https://iiot.bentley.com, perhaps another platform",
        ),
    ],
)
def test_an_rpc_endpoint_without_its_endpoint_is_refused_naming_the_rest_half_it_would_go_with(
    environ: dict[str, str], paired: str
) -> None:
    """A flag names a whole target: the REST half left to the environment was another platform's."""
    with pytest.raises(IotplanError) as raised:
        rpc_of(TargetOptions(rpc_endpoint="ws://u:pw-canary@127.0.0.1:4201/"), environ)
    assert str(raised.value) == (
        "--rpc-endpoint ws://127.0.0.1:4201 names only a platform's JSON-RPC API: without --endpoint its "
        f"REST API would be {paired}. Give both: --endpoint URL --rpc-endpoint URL"
    )


def test_insecure_turns_tls_verification_off_for_json_rpc_too() -> None:
    async def go() -> bool:
        async with open_target(TargetOptions(insecure=True), CONFIGURED) as target:
            assert target.jsonrpc is not None
            return bool(getattr(target.jsonrpc.transport, "insecure", False))

    assert asyncio.run(go())


def test_the_embedded_platform_answers_json_rpc_in_process_a_new_connection_each_time(workdir: Path) -> None:
    async def go() -> tuple[list[dict[str, object]], int]:
        async with open_target(TargetOptions(), {}) as target:
            rpc = target.jsonrpc
            assert rpc is not None
            first = await rpc.get_nodes(["/fn/4A1B2C/node"])
            await rpc.aclose()  # the connection ends; the next request opens (and authenticates) another
            again = await rpc.get_nodes(["/fn/4A1B2C/node"])
            assert again == first
            return first, rpc.requests["authenticate"]

    nodes, authentications = asyncio.run(go())
    assert [node["id"] for node in nodes] == ["/fn/4A1B2C/node"] and authentications == 2


@pytest.mark.parametrize("environ", [{}, CONFIGURED], ids=["embedded", "real platform"])
def test_json_rpc_takes_its_turns_from_the_rest_clients_pace(workdir: Path, environ: dict[str, str]) -> None:
    """--rate-limit is one budget for the target: the platform meters the subscription, not the
    protocol (how the shared pace spaces both: test_jsonrpc_rate_limit.py)."""

    async def go() -> bool:
        async with open_target(TargetOptions(rate_limit=5.0), environ) as target:
            assert target.jsonrpc is not None
            return target.jsonrpc.throttle is target.client.throttle

    assert asyncio.run(go())


# --- a flag names a whole target: --endpoint never pairs with another platform's JSON-RPC ---------
LEFT_OVER = {
    **CONFIGURED,
    "IOTPLAN_RPC_ENDPOINT": "ws://127.0.0.1:18241/",
}  # from working on another platform


def test_an_endpoint_flag_takes_its_json_rpc_from_its_own_host_not_the_variable() -> None:
    options = TargetOptions(endpoint="http://127.0.0.1:18246")
    assert rpc_of(options, LEFT_OVER)[0] == "ws://127.0.0.1:4201"
    description, _ = opened(options, LEFT_OVER)
    assert description == (
        "http://127.0.0.1:18246 (API key; JSON-RPC ws://127.0.0.1:4201; IOTPLAN_RPC_ENDPOINT ignored: "
        "it belongs to the environment's platform, not to --endpoint's)"
    )


def test_an_endpoint_flag_with_an_rpc_endpoint_flag_names_the_whole_target() -> None:
    options = TargetOptions(endpoint="http://127.0.0.1:18246", rpc_endpoint="ws://127.0.0.1:18247/")
    assert rpc_of(options, LEFT_OVER)[0] == "ws://127.0.0.1:18247"
    assert "ignored" not in opened(options, LEFT_OVER)[0]


def test_an_endpoint_flag_repeating_the_variable_keeps_the_environments_json_rpc() -> None:
    options = TargetOptions(endpoint="https://iiot.example/")  # a script passing $IOTPLAN_ENDPOINT on
    assert rpc_of(options, LEFT_OVER)[0] == "ws://127.0.0.1:18241"


def test_the_json_rpc_identity_is_the_websocket_the_target_line_names() -> None:
    from iotplan.clients.target import identity_of

    async def go() -> str:
        async with open_target(TargetOptions(), LEFT_OVER) as target:
            assert target.description == "https://iiot.example (API key; JSON-RPC ws://127.0.0.1:18241)"
            return target.rpc_identity

    assert asyncio.run(go()) == "ws://127.0.0.1:18241"
    assert identity_of(TargetOptions(), LEFT_OVER) == ("https://iiot.example", "ws://127.0.0.1:18241")
    assert identity_of(TargetOptions(), CONFIGURED) == ("https://iiot.example", "wss://iiot.example:4201")


# --- half a credential or target in the environment: an error, never the embedded platform -------
@pytest.mark.parametrize(
    ("environ", "said"),
    [
        (
            {"IOTPLAN_CLIENT_SECRET": "canary-7f3"},
            "IOTPLAN_CLIENT_SECRET set without IOTPLAN_CLIENT_ID: OAuth client credentials need "
            "IOTPLAN_CLIENT_ID and IOTPLAN_CLIENT_SECRET; set IOTPLAN_CLIENT_ID, or unset "
            "IOTPLAN_CLIENT_SECRET",
        ),
        (
            {"IOTPLAN_TOKEN_URL": "https://ims.example/t"},
            "IOTPLAN_TOKEN_URL set without IOTPLAN_CLIENT_ID",
        ),
        (
            {"IOTPLAN_RPC_ENDPOINT": "ws://127.0.0.1:18241/"},
            "IOTPLAN_RPC_ENDPOINT names a real platform's JSON-RPC API, but neither IOTPLAN_ENDPOINT nor a "
            "credential is set: set them too, or unset it",
        ),
    ],
    ids=["client secret alone", "token URL alone", "JSON-RPC endpoint alone"],
)
def test_half_a_credential_or_target_is_an_error_not_the_embedded_platform(
    workdir: Path, environ: dict[str, str], said: str
) -> None:
    with pytest.raises(IotplanError) as raised:
        opened(TargetOptions(), environ)
    assert str(raised.value).startswith(said) and "canary-7f3" not in str(raised.value)
    assert not (workdir / ".iotplan").exists()


def test_half_an_oauth_credential_beside_an_api_key_is_an_error_too() -> None:
    with pytest.raises(IotplanError, match="IOTPLAN_CLIENT_SECRET set without IOTPLAN_CLIENT_ID"):
        opened(TargetOptions(), {**CONFIGURED, "IOTPLAN_CLIENT_SECRET": "s"})


def project_read_refused(
    environ: dict[str, str], answer: Callable[..., Any]
) -> pytest.ExceptionInfo[IotplanError]:
    """A project read through the target `environ` chooses, every HTTP request answered by `answer`."""

    async def go() -> None:
        async with open_target(TargetOptions(), environ) as target:
            target.client.http._transport = httpx.MockTransport(answer)
            await target.client.get_project("p")

    with pytest.raises(IotplanError) as raised:
        asyncio.run(go())
    return raised


# --- a refused credential is named by where it was set, never by its value ------------------------
@pytest.mark.parametrize(
    ("environ", "status", "said"),
    [
        (
            CONFIGURED,
            401,
            "The platform did not accept the API key in IOTPLAN_API_KEY: check that it is current",
        ),
        (
            {"IOTPLAN_ENDPOINT": "https://iiot.example", "IOTPLAN_TOKEN": "key-canary-7f3"},
            403,
            "The platform refused this request with the bearer token in IOTPLAN_TOKEN: check what it may do",
        ),
    ],
    ids=["api key 401", "token 403"],
)
def test_a_refused_credential_is_named_by_its_variable(
    environ: dict[str, str], status: int, said: str
) -> None:
    async def refused(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json={"error": {"code": "InvalidToken", "message": "Invalid token"}})

    raised = project_read_refused(environ, refused)
    assert f"answered {status}: InvalidToken: Invalid token. {said}" in str(raised.value)
    assert "canary-7f3" not in str(raised.value)


def test_json_rpc_names_the_refused_credential_by_its_variable() -> None:
    async def refuse(request: dict[str, object]) -> list[dict[str, object]]:
        return [{"jsonrpc": "2.0", "id": 0, "error": {"code": -32001, "message": "Invalid code"}}]

    async def go() -> None:
        async with open_target(TargetOptions(), CONFIGURED) as target:
            assert target.jsonrpc is not None
            target.jsonrpc.transport = InProcessTransport(refuse)
            await target.jsonrpc.time()

    with pytest.raises(IotplanError, match="refused the API key in IOTPLAN_API_KEY: -32001: Invalid code"):
        asyncio.run(go())


def test_the_token_endpoint_refusing_the_client_names_its_variables() -> None:
    environ = {
        "IOTPLAN_ENDPOINT": "https://iiot.example",
        "IOTPLAN_CLIENT_ID": "c",
        "IOTPLAN_CLIENT_SECRET": "canary-7f3",
        "IOTPLAN_TOKEN_URL": "https://ims.example/t",
    }

    async def invalid_client(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"error": "invalid_client"})

    raised = project_read_refused(environ, invalid_client)
    assert str(raised.value).endswith(
        "The token endpoint refused IOTPLAN_CLIENT_ID and IOTPLAN_CLIENT_SECRET: check both"
    )
    assert "canary-7f3" not in str(raised.value)
