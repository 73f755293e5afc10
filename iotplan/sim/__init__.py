"""The embedded platform: a faithful emulator of the iTwin IoT REST API and THREAD gateways.

    create_app(backend=None, *, seed=None, faults=None, variants=()) -> ASGI app (REST over HTTP,
        JSON-RPC over WebSocket)
    embedded_transport(db_path, variants=None) -> httpx transport over the app, seeded with the
        demo on first use; variants=None reads IOTPLAN_SIM_VARIANTS (comma-separated names)
    load_seed(path) -> dict;  demo_seed() -> dict;  KNOWN_VARIANTS: name → Variant
    SimTransport(app=...).jsonrpc_connection() -> async handler: request dict → [response dicts]

Shape (moto's), one module per layer:
    app.py              composes the parts into one ASGI app; faults first; one transaction per write
    platform_routes.py  platform REST routes, thin → backend.py (SimBackend: credentials, projects,
                        reads, metrics, observations, reset) and integrate.py (the integrate rules)
    control_routes.py   the /_sim/ control plane → the backends and faults.py
    edge_routes.py      THREAD edge REST routes, thin → gateways.py (GatewayBackend) and
                        edge_values.py (what a THREAD is made of, which values its API accepts)
    props.py            rules on props (merge, metric combinations);  calls.py  a request, an answer
    shapes.py           the shapes request bodies must have;  variants.py  assumptions switched off
    rpc.py              one JSON-RPC connection: envelope, authenticate, faults;  rpc_routes.py  the
                        methods, thin → rpc_backend.py (RpcBackend: THREAD entities by id, on SimBackend)
    store.py            every SQL statement (SQLite);  errors.py  status + documented error shapes
It shares no request or response code with iotplan's client (DESIGN.md).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any

import httpx

from iotplan.sim.app import Dropped, SimApp
from iotplan.sim.backend import SimBackend
from iotplan.sim.faults import FaultConfig, Faults
from iotplan.sim.seed import apply_seed, demo_seed, load_seed
from iotplan.sim.store import Store
from iotplan.sim.variants import KNOWN as KNOWN_VARIANTS
from iotplan.sim.variants import UnknownVariant, Variants

__all__ = [
    "KNOWN_VARIANTS",
    "Dropped",
    "FaultConfig",
    "SimApp",
    "SimBackend",
    "SimTransport",
    "UnknownVariant",
    "Variants",
    "create_app",
    "demo_seed",
    "embedded_transport",
    "load_seed",
]


def create_app(
    backend: SimBackend | None = None,
    *,
    seed: dict[str, Any] | None = None,
    faults: FaultConfig | None = None,
    variants: Iterable[str] = (),
) -> SimApp:
    """The emulator; `variants` (names, see variants.py) switch assumptions to alternatives."""
    backend = backend or SimBackend(Store())
    if variants:
        backend.variants = Variants(variants)
    if seed:
        apply_seed(backend, seed)
    return SimApp(backend, Faults(faults))


class SimTransport(httpx.ASGITransport):
    """The emulator in-process; a dropped connection reaches httpx as a transport error.

    `jsonrpc_connection()` opens a JSON-RPC connection to the same emulator: an async handler,
    one request object in, the list of its response objects out; each call a new connection
    with its own authentication. A dropped connection (fault) raises `Dropped` (iotplan.sim.app,
    also exported here), on that call and every later one: open a new connection."""

    def jsonrpc_connection(self) -> Callable[[dict[str, Any]], Awaitable[list[dict[str, Any]]]]:
        app = self.app
        if not isinstance(app, SimApp):
            raise TypeError("jsonrpc_connection() needs the emulator's own app (create_app)")
        return app.jsonrpc_connection()

    def threads(self) -> dict[str, str]:
        """Each seeded THREAD's serial by the host (`127.0.0.1:8401`) it answers on; every other
        host reaches the platform's own API."""
        app = self.app
        if not isinstance(app, SimApp):
            raise TypeError("threads() needs the emulator's own app (create_app)")
        return {gateway["host"]: gateway["serial"] for gateway in app.gateways.all()}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await super().handle_async_request(request)
        except Dropped as error:
            raise httpx.RemoteProtocolError(str(error), request=request) from None


class _OverItsFile(SimTransport):
    """The embedded platform over its SQLite file: closed with the client that used it (one client a
    transport, as each command has), so a process running command after command (a test session, a
    script) does not keep each database open."""

    async def aclose(self) -> None:
        await super().aclose()
        app = self.app
        if isinstance(app, SimApp):
            app.backend.store.close()


def embedded_transport(db_path: Path, variants: Iterable[str] | None = None) -> SimTransport:
    """iotplan's default target: the emulator over a SQLite file, seeded with the demo on first use.
    Without `variants`, the names in IOTPLAN_SIM_VARIANTS are on (UnknownVariant for a wrong one)."""
    chosen = Variants.from_environment() if variants is None else Variants(variants)
    first_use = not db_path.exists()
    backend = SimBackend(Store(db_path), chosen)
    if first_use:
        apply_seed(backend, demo_seed())
    return _OverItsFile(app=create_app(backend))
