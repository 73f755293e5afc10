"""The THREAD a command runs on (on-device mode): its local edge REST API, and no platform.

The vendor documents the edge API for applications running on the THREAD, at
`http://localhost/api`; that is the default. `--gateway-url` points elsewhere (a test, a bench
gateway on the LAN). With `--sim-db FILE` the gateway is one the embedded platform in FILE
simulates, reached by the URL's host as `iotplan sim serve` would serve it: no socket is opened.
No platform credential is read: on-device mode never talks to the platform.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from iotplan.clients.edge import LOCAL_GATEWAY_URL, EdgeClient
from iotplan.clients.endpoint import checked_url
from iotplan.clients.target import EDGE_TIMEOUT, prepare_embedded_folder
from iotplan.clients.variables import unread_said
from iotplan.errors import IotplanError


@dataclass(frozen=True)
class LocalGatewayOptions:
    url: str = LOCAL_GATEWAY_URL  # --gateway-url as typed
    insecure: bool = False  # no TLS verification (a gateway served over https with its own certificate)
    sim_db: Path | None = None  # the embedded platform's THREADs instead of the network
    unread: tuple[str, ...] = ()  # --sim-db's: IOTPLAN_* variables iotplan does not read, said ignored


@dataclass(frozen=True)
class LocalGateway:
    client: EdgeClient
    url: str  # checked: scheme://host[:port]; never a secret
    description: str  # for the user


@asynccontextmanager
async def open_local_gateway(options: LocalGatewayOptions) -> AsyncIterator[LocalGateway]:
    url = checked_url(options.url, "--gateway-url")
    transport, where, threads = _transport(options)
    async with httpx.AsyncClient(transport=transport, timeout=EDGE_TIMEOUT) as http:  # closes the store
        if options.sim_db is not None:
            _refuse_a_thread_not_simulated(url, threads, options.sim_db)
        unread = f"; {unread_said(options.unread)}" if options.unread else ""
        yield LocalGateway(EdgeClient(http, url), url, f"the THREAD at {url} (on-device{where}{unread})")


def _transport(options: LocalGatewayOptions) -> tuple[httpx.AsyncBaseTransport, str, dict[str, str]]:
    """The transport, how the target line says it, and the THREADs it simulates (serial by host)."""
    if options.sim_db is None:
        return httpx.AsyncHTTPTransport(verify=not options.insecure), "", {}
    from iotplan.sim import embedded_transport  # only this choice needs the emulator
    from iotplan.sim.store import keep_private

    prepare_embedded_folder(options.sim_db)
    transport = embedded_transport(options.sim_db)
    keep_private(options.sim_db)
    return transport, f", simulated by the embedded platform in {options.sim_db}", transport.threads()


def _refuse_a_thread_not_simulated(url: str, threads: dict[str, str], sim_db: Path) -> None:
    """The embedded platform answers a host none of its THREADs has with its own API, whose 404 read
    as "answered, but not with a THREAD's serial ... give --gateway-url" though the URL was given."""
    if httpx.URL(url).netloc.decode("ascii") in threads:
        return
    seeded = ", ".join(f"http://{host} (THREAD {serial})" for host, serial in sorted(threads.items()))
    found = f"its seeded THREADs are at {seeded}" if seeded else "its seed has no THREAD"
    raise IotplanError(
        f"--sim-db {sim_db}: no THREAD of the embedded platform answers at {url} (--gateway-url, or its "
        f"default): {found}; give --gateway-url one of them. Nothing was read or written"
    )
