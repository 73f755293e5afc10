"""The platform's transports (clients/proxy.py `ProxiedTransport`): a plain-http request sent direct
goes to a transport made without certificates, since no TLS is negotiated on it; every https request
and every request through a proxy goes to one made as before, verifying as --insecure says."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from iotplan.clients.proxy import ProxiedTransport, proxy_routes

PROXIED = {"HTTP_PROXY": "http://proxy.example:3128", "HTTPS_PROXY": "http://proxy.example:3128"}


class _Answering(httpx.AsyncBaseTransport):
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(200)


def _ways(environ: dict[str, str], urls: list[str]) -> list[tuple[str | None, bool]]:
    """The (proxy, plain-http only) each URL's transport was made for, in the order made."""
    made: list[tuple[str | None, bool]] = []

    def make(proxy: object, plain_http_only: bool) -> httpx.AsyncBaseTransport:
        made.append((getattr(proxy, "shown", None), plain_http_only))
        return _Answering()

    transport = ProxiedTransport(proxy_routes(environ), make)

    async def send_all() -> None:
        for url in urls:
            await transport.handle_async_request(httpx.Request("GET", url))

    asyncio.run(send_all())
    return made


@pytest.mark.parametrize(
    ("environ", "urls", "ways"),
    [
        ({}, ["http://127.0.0.1:19001/a", "http://127.0.0.1:19001/b"], [(None, True)]),
        ({}, ["https://iiot.example/a", "https://ims.example/token"], [(None, False)]),
        ({}, ["http://127.0.0.1/a", "https://ims.example/t", "http://h/b"], [(None, True), (None, False)]),
        (PROXIED, ["http://h/a", "https://h/b"], [("http://proxy.example:3128", False)] * 2),
        (
            {**PROXIED, "NO_PROXY": "h"},
            ["http://h/a", "http://k/b"],
            [(None, True), ("http://proxy.example:3128", False)],
        ),
    ],
)
def test_only_plain_http_sent_direct_goes_without_certificates(
    environ: dict[str, str], urls: list[str], ways: list[tuple[str | None, bool]]
) -> None:
    assert _ways(environ, urls) == ways
