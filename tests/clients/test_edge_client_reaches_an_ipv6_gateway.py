"""An IPv6 `edge.host` gives the edge client a URL it can send to: the address in brackets, whether
the manifest bracketed it (`[fe80::1]:8404`) or wrote it bare (`fe80::1`, no port). Built as
`http://fe80::1/api`, the bare one reads as host `fe80` and port `:1`."""

from __future__ import annotations

import asyncio
import http.server
import socket
import socketserver
import threading
from collections.abc import Iterator

import httpx
import pytest

from iotplan.clients.edge import EdgeClient


@pytest.mark.parametrize(
    ("host", "url"),
    [
        ("fe80::1", "http://[fe80::1]/api/serialNumber"),
        ("2001:db8::5", "http://[2001:db8::5]/api/serialNumber"),
        ("[fe80::1]:8404", "http://[fe80::1]:8404/api/serialNumber"),
        ("[2001:db8::5]", "http://[2001:db8::5]/api/serialNumber"),
        ("https://[2001:db8::5]:8443/", "https://[2001:db8::5]:8443/api/serialNumber"),
        ("192.0.2.10:8404", "http://192.0.2.10:8404/api/serialNumber"),
    ],
)
def test_an_ipv6_host_is_sent_to_in_brackets(host: str, url: str) -> None:
    sent: list[str] = []

    def respond(request: httpx.Request) -> httpx.Response:
        sent.append(str(request.url))
        return httpx.Response(200, json={"value": "ABCDEF"})

    async def serial() -> str:
        async with httpx.AsyncClient(transport=httpx.MockTransport(respond)) as http:
            return await EdgeClient(http, host).serial_number()

    assert asyncio.run(serial()) == "ABCDEF"
    assert sent == [url]


class _Gateway(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # the name http.server calls
        body = b'{"value": "6C7D8E"}' if self.path == "/api/serialNumber" else b"{}"
        self.send_response(200 if self.path == "/api/serialNumber" else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class _IPv6Server(socketserver.TCPServer):  # HTTPServer looks up its own name: seconds
    address_family = socket.AF_INET6


@pytest.fixture
def loopback_port() -> Iterator[int]:
    try:
        server = _IPv6Server(("::1", 0), _Gateway)
    except OSError as error:  # no IPv6 loopback on this machine (a container without it)
        pytest.skip(f"cannot listen on [::1]: {error}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("written", ["[::1]:{port}", "http://[::1]:{port}"])
def test_a_gateway_on_the_ipv6_loopback_answers_its_serial(loopback_port: int, written: str) -> None:
    async def serial() -> str:
        async with httpx.AsyncClient(timeout=5) as http:
            return await EdgeClient(http, written.format(port=loopback_port)).serial_number()

    assert asyncio.run(serial()) == "6C7D8E"
