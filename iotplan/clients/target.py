"""Which platform a command talks to, and with what credential.

--endpoint (or IOTPLAN_ENDPOINT) picks a platform; IOTPLAN_API_KEY, IOTPLAN_TOKEN or
IOTPLAN_CLIENT_ID + IOTPLAN_CLIENT_SECRET pick the credential. With neither, the target is the
embedded platform in .iotplan/sim.db, seeded with the demo on first use. A credential without an
endpoint means the iTwin IoT platform itself.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from iotplan.clients.auth import ApiKey, Credential, credential_from_env
from iotplan.clients.edge import EdgeClient
from iotplan.clients.paging import PAGE_WINDOW
from iotplan.clients.platform import PlatformClient
from iotplan.errors import IotplanError

PLATFORM_URL = "https://iiot.bentley.com"
EMBEDDED_URL = "http://iotplan-embedded"
EMBEDDED_KEY = "demo-key"  # the embedded platform's seeded API key
TIMEOUT = httpx.Timeout(60.0, connect=10.0)


@dataclass(frozen=True)
class TargetOptions:
    endpoint: str | None = None
    insecure: bool = False
    sim_db: Path = Path(".iotplan/sim.db")
    parallelism: int = 16


@dataclass(frozen=True)
class Target:
    client: PlatformClient
    description: str
    open_gateway: Callable[[str], EdgeClient]


@asynccontextmanager
async def open_target(options: TargetOptions, environ: Mapping[str, str]) -> AsyncIterator[Target]:
    credential = credential_from_env(environ)
    limits = httpx.Limits(
        max_connections=options.parallelism * 2, max_keepalive_connections=options.parallelism
    )
    if options.endpoint is None and credential is None:
        from iotplan.sim import embedded_transport  # only this target needs the emulator

        transport = embedded_transport(options.sim_db)
        description = f"embedded platform ({options.sim_db})"
        http = httpx.AsyncClient(transport=transport, base_url=EMBEDDED_URL, auth=ApiKey(EMBEDDED_KEY))
        edge_transport: httpx.AsyncBaseTransport = transport  # its THREADs answer by Host header
    else:
        if credential is None:
            raise IotplanError(
                f"no credential for {options.endpoint}: set IOTPLAN_API_KEY, IOTPLAN_TOKEN, or "
                "IOTPLAN_CLIENT_ID and IOTPLAN_CLIENT_SECRET"
            )
        url = (options.endpoint or PLATFORM_URL).rstrip("/")
        try:
            shown = str(httpx.URL(url).copy_with(userinfo=b"", query=None))  # never a password in output
        except httpx.InvalidURL as error:
            raise IotplanError(f"--endpoint {url!r} is not a URL: {error}") from None
        description = f"{shown} ({_kind(credential)}{', TLS verification OFF' if options.insecure else ''})"
        http = httpx.AsyncClient(
            base_url=url, auth=credential, timeout=TIMEOUT, verify=not options.insecure, limits=limits
        )
        edge_transport = httpx.AsyncHTTPTransport(limits=limits)  # gateways: plain HTTP, no auth (§4)
    edge_http = httpx.AsyncClient(transport=edge_transport, timeout=httpx.Timeout(15.0, connect=5.0))
    async with http, edge_http:
        client = PlatformClient(http, page_window=min(PAGE_WINDOW, options.parallelism))
        yield Target(client, description, lambda host: EdgeClient(edge_http, host))


def _kind(credential: Credential) -> str:
    return str(credential.kind)
