"""Proxy variables (fz7 finding 3): each is checked as an endpoint is before any connection, and
refused naming its variable, never quoting its credential; a request goes through the proxy
httpx's rules give it (NO_PROXY included), REST and JSON-RPC alike, and a proxy that does not
answer is named in the error. Loopback only: ports 19731-19739."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from websockets.asyncio.server import ServerConnection, serve

from iotplan.cli.main import cli
from iotplan.clients.platform import PlatformClient
from iotplan.clients.proxy import proxy_routes
from iotplan.clients.retry import RetryPolicy
from iotplan.clients.target import TargetOptions, open_target
from iotplan.errors import IotplanError, TransportError

PROXY, PLATFORM, NOTHING, WEBSOCKET = 19731, 19732, 19733, 19734
PASSWORD = "pa/ss#wo?rd"  # as the proxy receives it
ENCODED = "pa%2Fss%23wo%3Frd"  # as a proxy URL carries it
MANIFEST = """\
apiVersion: iotplan/v1
stack: proxied
projects:
  - id: 0d9c2a4e-8f1b-4c55-9e11-3a7b6c2d1e00
    nodes:
      - {key: feed, kind: api, name: Feed}
"""


@pytest.mark.parametrize("variable", ["HTTPS_PROXY", "https_proxy", "ALL_PROXY"])
@pytest.mark.parametrize("password", ["hunter2/x", "hunter2#x", "hunter2?x"])
def test_a_proxy_password_holding_a_delimiter_is_refused_by_variable_and_never_quoted(
    tmp_path: Path, variable: str, password: str
) -> None:
    manifest = tmp_path / "m.yaml"
    manifest.write_text(MANIFEST)
    env = {"IOTPLAN_API_KEY": "k", variable: f"http://proxyuser:{password}@proxy.corp.example:3128"}
    result = CliRunner().invoke(
        cli, ["plan", str(manifest), "--endpoint", f"https://127.0.0.1:{NOTHING}"], env=env
    )
    assert result.exit_code == 1
    assert (
        f"Error: {variable} 'http://(sensitive)@proxy.corp.example:3128' has an '@' after its host"
        in result.output
    )
    assert "%2F" in result.output and "unexpected" not in result.output
    assert "hunter2" not in result.output and "proxyuser" not in result.output


@pytest.mark.parametrize(
    ("value", "says"),
    [
        (
            "http://u:secretpw@127.0.0.1:99999",
            "is not a usable URL: its port is not a number from 1 to 65535",
        ),
        ("ftp://proxy.corp.example:21", "must start with http:// or https://"),
        ("socks5://u:secretpw@127.0.0.1:1080", "names a SOCKS proxy"),
        (
            "http://u:secret@pw@proxy.corp.example:3128",
            "write each '@', '/', '?', '#' and '%' in them %-encoded",
        ),
    ],
)
def test_a_proxy_iotplan_cannot_use_is_refused_before_any_connection(
    tmp_path: Path, value: str, says: str
) -> None:
    manifest = tmp_path / "m.yaml"
    manifest.write_text(MANIFEST)
    env = {"IOTPLAN_API_KEY": "k", "HTTPS_PROXY": value}
    result = CliRunner().invoke(
        cli, ["plan", str(manifest), "--endpoint", f"https://127.0.0.1:{NOTHING}"], env=env
    )
    assert result.exit_code == 1 and result.output.startswith("Error: HTTPS_PROXY")
    assert says in result.output and "Target:" not in result.output  # refused before opening anything
    assert "secret" not in result.output and "unexpected" not in result.output


def test_a_proxy_that_refuses_connections_is_named_with_its_variable_never_its_password() -> None:
    async def nap(seconds: float) -> None:
        pass

    async def go() -> str:
        environ = {"IOTPLAN_API_KEY": "k", "HTTP_PROXY": f"http://u:{ENCODED}@127.0.0.1:{NOTHING}"}
        async with open_target(TargetOptions(endpoint=f"http://127.0.0.1:{PLATFORM}"), environ) as target:
            client = PlatformClient(target.client.http, retry=RetryPolicy(sleep=nap))
            with pytest.raises(TransportError) as caught:
                await client.get_project("p")
        return str(caught.value)

    message = asyncio.run(go())
    proxy = f"the proxy http://127.0.0.1:{NOTHING} (HTTP_PROXY)"
    assert message.startswith(f"GET /api/projects/p got no answer through {proxy} (ConnectError")
    assert "NO_PROXY" in message and ENCODED not in message and "u:" not in message


class FakeProxy:
    """A proxy on loopback: answers a forwarded request itself, tunnels a CONNECT, and records
    each request line with the credential it carried."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str | None]] = []

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode()
        line, *fields = head.split("\r\n")
        headers = {
            name.lower(): value for name, _, value in (field.partition(": ") for field in fields if field)
        }
        self.seen.append((line.rsplit(" ", 1)[0], _basic(headers.get("proxy-authorization"))))
        method, target = line.split(" ")[:2]
        if method == "CONNECT":
            await self._tunnel(target, reader, writer)
        else:
            await _answer(writer, {"id": "through the proxy"})

    async def _tunnel(self, target: str, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        host, port = target.rsplit(":", 1)
        upstream_reader, upstream_writer = await asyncio.open_connection(host, int(port))
        writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        await asyncio.gather(_pipe(reader, upstream_writer), _pipe(upstream_reader, writer))


def _basic(header: str | None) -> str | None:
    return base64.b64decode(header.split(" ", 1)[1]).decode() if header else None


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(ConnectionError):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    writer.close()


async def _answer(writer: asyncio.StreamWriter, body: Any) -> None:
    content = json.dumps(body).encode()
    writer.write(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n" % len(content)
    )
    writer.write(content)
    await writer.drain()
    writer.close()


async def _platform(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await reader.readuntil(b"\r\n\r\n")
    await _answer(writer, {"id": "direct"})


@contextlib.asynccontextmanager
async def servers(proxy: FakeProxy) -> AsyncIterator[None]:
    async def echo(socket: ServerConnection) -> None:
        async for message in socket:
            await socket.send(message)

    proxied = await asyncio.start_server(proxy.handle, "127.0.0.1", PROXY)
    direct = await asyncio.start_server(_platform, "127.0.0.1", PLATFORM)
    async with proxied, direct, serve(echo, "127.0.0.1", WEBSOCKET):
        yield


def through(environ: dict[str, str]) -> tuple[Any, str, list[tuple[str, str | None]]]:
    """What the platform's answer was, what the JSON-RPC WebSocket echoed, and what the proxy saw."""
    proxy = FakeProxy()
    options = TargetOptions(
        endpoint=f"http://127.0.0.1:{PLATFORM}", rpc_endpoint=f"ws://127.0.0.1:{WEBSOCKET}/"
    )

    async def go() -> tuple[Any, str]:
        async with servers(proxy), open_target(options, {"IOTPLAN_API_KEY": "k", **environ}) as target:
            answer = await target.client.get_project("p")
            assert target.jsonrpc is not None
            websocket = target.jsonrpc.transport
            await websocket.connect()
            await websocket.send("hello")
            echoed = await websocket.receive()
            await websocket.close()
        return answer, echoed

    answer, echoed = asyncio.run(go())
    return answer, echoed, proxy.seen


def test_rest_and_json_rpc_go_through_the_proxy_with_its_percent_encoded_password() -> None:
    answer, echoed, seen = through({"http_proxy": f"http://user:{ENCODED}@127.0.0.1:{PROXY}"})
    assert answer == {"id": "through the proxy"} and echoed == "hello"
    assert seen == [
        (f"GET http://127.0.0.1:{PLATFORM}/api/projects/p", f"user:{PASSWORD}"),
        (f"CONNECT 127.0.0.1:{WEBSOCKET}", f"user:{PASSWORD}"),
    ]


def test_no_proxy_sends_a_listed_host_and_port_direct_and_the_rest_through_the_proxy() -> None:
    no_proxy = f"example.com, 127.0.0.1:{PLATFORM}"  # the platform's REST port, not its JSON-RPC one
    answer, echoed, seen = through({"HTTP_PROXY": f"http://127.0.0.1:{PROXY}", "NO_PROXY": no_proxy})
    assert answer == {"id": "direct"} and echoed == "hello"
    assert seen == [(f"CONNECT 127.0.0.1:{WEBSOCKET}", None)]


ROUTED = {"HTTP_PROXY": "http://plain:3128", "HTTPS_PROXY": "http://tls:3128", "ALL_PROXY": "http://any:3128"}


@pytest.mark.parametrize(
    "no_proxy",
    [
        "",
        "*",
        "example.com",
        ".example.com",
        "www.example.com",
        "127.0.0.1",
        "::1",
        "localhost",
        "https://api.example.com",
        "example.com:8443",
    ],
)
def test_routes_are_the_ones_httpx_would_take(monkeypatch: pytest.MonkeyPatch, no_proxy: str) -> None:
    """Parity with httpx's own reading of the same variables (its private routing, read here only)."""
    environ = {**ROUTED, "NO_PROXY": no_proxy}
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy", "REQUEST_METHOD"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    client = httpx.Client()
    routes = proxy_routes(environ)
    for url in (
        "https://example.com",
        "https://www.example.com",
        "http://api.example.com",
        "https://api.example.com",
        "https://notexample.com",
        "http://127.0.0.1:8080",
        "http://[::1]:8080",
        "http://localhost",
        "https://example.com:8443",
        "ftp://example.org",
    ):
        httpx_route = _httpx_route(client, httpx.URL(url))
        ours = routes.for_url(httpx.URL(url))
        assert (ours.shown if ours else None) == httpx_route, url


def _httpx_route(client: httpx.Client, url: httpx.URL) -> str | None:
    transport = client._transport_for_url(url)
    if transport is client._transport:
        return None
    pool: Any = transport._pool  # type: ignore[attr-defined]
    return f"http://{pool._proxy_url.host.decode()}:{pool._proxy_url.port}"


@pytest.mark.parametrize(
    ("no_proxy", "direct", "proxied"),
    [
        (
            "127.0.0.0/8",
            ["http://127.0.0.1:8080", "http://127.9.9.9"],
            ["http://128.0.0.1", "http://localhost"],
        ),
        ("10.0.0.0/8", ["https://10.1.2.3"], ["https://11.0.0.1", "https://10.example.com"]),
        ("::1/128", ["http://[::1]:8080"], ["http://[::2]"]),
        ("fd00::/8", ["https://[fd12::5]"], ["https://[fe80::1]"]),
    ],
)
def test_a_no_proxy_range_sends_every_address_in_it_direct_as_curl_does(
    no_proxy: str, direct: list[str], proxied: list[str]
) -> None:
    """httpx reads `10.0.0.0/8` as the one host 10.0.0.0 (fz47 #1): an internal platform's credential
    then went through the proxy."""
    routes = proxy_routes({**ROUTED, "NO_PROXY": no_proxy})
    assert [url for url in direct if routes.for_url(httpx.URL(url))] == []
    assert [url for url in proxied if routes.for_url(httpx.URL(url)) is None] == []


def test_a_no_proxy_range_that_is_none_is_refused_naming_it() -> None:
    with pytest.raises(IotplanError, match=r"NO_PROXY holds '10.0.0.0/99', which is no host name"):
        proxy_routes({**ROUTED, "NO_PROXY": "10.0.0.0/99"})


def test_a_no_proxy_url_with_a_path_exempts_its_host_the_path_ignored() -> None:
    """Only digits after an address are a range; a URL's path is ignored, as before ranges were read."""
    routes = proxy_routes({**ROUTED, "NO_PROXY": "http://10.0.0.1/foo"})
    assert routes.for_url(httpx.URL("http://10.0.0.1/api")) is None
