"""Serve the emulator over real sockets with uvicorn: the platform's REST API, its JSON-RPC API
over WebSocket on a port of its own (the real one's 4201), and each seeded THREAD's port.

Everything that can fail is tried before anything is written or announced: the options, the seed,
then every port is bound; only then is the database created and seeded, and the servers start on
the sockets already bound (no port can be taken in between).
"""

from __future__ import annotations

import asyncio
import logging
import signal
import socket
import sqlite3
import sys
from pathlib import Path
from types import FrameType
from typing import Any

import uvicorn

from iotplan.errors import IotplanError
from iotplan.sim import Dropped, create_app
from iotplan.sim.app import SimApp
from iotplan.sim.backend import SimBackend
from iotplan.sim.faults import FaultConfig
from iotplan.sim.seed import SeedError, check_seed, demo_seed, load_seed
from iotplan.sim.store import Store, keep_private
from iotplan.sim.variants import Variants

LOOPBACK = ("127.0.0.1", "localhost")


async def serve_forever(
    host: str,
    port: int,
    db: Path | None,
    seed_file: str | None,
    faults: dict[str, Any],
    variants: list[str],
    log_level: str,
    rpc_port: int = 4201,
    edge_port_base: int | None = None,
) -> None:
    """`rpc_port` 0 takes any free port; the start lines name the one taken. `edge_port_base` serves
    a new seed's THREADs on that port and the next ones (0: any free ones) instead of their hosts'."""
    config, chosen = _faults(faults), Variants(variants)
    seed = _seed(db, seed_file)
    gateways = _gateway_addresses(db, seed)
    ways_out = _thread_ports_told(gateways, db, seed_file, edge_port_base)
    if edge_port_base is not None:
        gateways = _moved(gateways, edge_port_base, db)
    # Nothing is written before every port is bound.
    threads = [(f"THREAD {serial}", address) for serial, address in gateways.items()]
    sockets = _bind_all([("--port", (host, port)), ("--rpc-port", (host, rpc_port)), *threads], ways_out)
    if seed is not None and edge_port_base is not None:
        gateways = _rehosted(seed, gateways, sockets[2:])
    try:
        backend = SimBackend(_open(db), chosen)
        app = _seeded_app(backend, seed, config, db, seed_file)
    except IotplanError:
        for sock in sockets:
            sock.close()
        raise
    print(f"iotplan sim: platform on http://{host}:{port}", file=sys.stderr)
    print(f"iotplan sim: JSON-RPC on ws://{host}:{sockets[1].getsockname()[1]}/", file=sys.stderr)
    if chosen.names():
        print(f"iotplan sim: variants {', '.join(chosen.names())} (GET /_sim/variants)", file=sys.stderr)
    for serial, address in gateways.items():
        print(f"iotplan sim: THREAD {serial} on http://{address[0]}:{address[1]}", file=sys.stderr)
    apps = [_Only(app, "http"), _Only(app, "websocket")] + [_Only(app, "http")] * len(gateways)
    servers = [_server(one, sock, log_level) for one, sock in zip(apps, sockets, strict=True)]
    logging.getLogger("uvicorn.error").addFilter(_QuietDrops())
    logging.getLogger("uvicorn.error").addFilter(_NoFrames())
    # Each server takes SIGTERM and hands it on to the handler before it once stopped (uvicorn); the
    # last would be the default, ending the process before the store below is closed.
    signal.signal(signal.SIGTERM, _stop_serving)
    try:
        await asyncio.gather(
            *(server.serve(sockets=[sock]) for server, sock in zip(servers, sockets, strict=True))
        )
    finally:  # closed, SQLite moves its -wal file's writes into the database: a copy of it alone holds them
        backend.store.close()


def _seeded_app(
    backend: SimBackend,
    seed: dict[str, Any] | None,
    faults: FaultConfig,
    db: Path | None,
    seed_file: str | None,
) -> SimApp:
    """A seed the integrate rules refuse (a connection without a refId, say) is told in one line, and
    the new database it was to start is not left behind (its one transaction was rolled back)."""
    try:
        return create_app(backend, seed=seed, faults=faults)
    except SeedError as error:
        backend.store.close()
        if db is not None:  # a seed only ever starts a new database
            for made in (db, db.with_name(f"{db.name}-wal"), db.with_name(f"{db.name}-shm")):
                made.unlink(missing_ok=True)
        raise IotplanError(f"the seed {seed_file} is not one (see docs/sim.md): {error}") from None


def _faults(settings: dict[str, Any]) -> FaultConfig:
    try:
        return FaultConfig.from_dict({key: value for key, value in settings.items() if value is not None})
    except ValueError as error:
        setting, _, problem = str(error).partition(": ")
        raise IotplanError(f"--{setting.replace('_', '-')}: {problem}") from None


def _seed(db: Path | None, seed_file: str | None) -> dict[str, Any] | None:
    """The seed for a new database; an existing one is served as it is, and never seeded again."""
    if db is not None and db.exists():
        if seed_file:
            raise IotplanError(
                f"--seed {seed_file}: {db} already exists, and a seed only starts a new database "
                "(delete the file to start over, or POST the seed to /_sim/seed to add to it)"
            )
        return None
    try:
        return load_seed(seed_file) if seed_file else demo_seed()
    except SeedError as error:
        raise IotplanError(f"the seed {seed_file} is not one (see docs/sim.md): {error}") from None


def _gateway_addresses(db: Path | None, seed: dict[str, Any] | None) -> dict[str, tuple[str, int]]:
    """The loopback host:port of each THREAD to serve, from the seed or the existing database."""
    if seed is not None:
        hosts = {gateway.serial.upper(): gateway.host for gateway in check_seed(seed).gateways}
    else:
        assert db is not None
        store = _read_only(db)
        try:
            hosts = {gateway["serial"]: gateway["host"] for gateway in store.gateways()}
        finally:
            store.close()
    addresses = {}
    for serial, address in hosts.items():
        gateway_host, _, gateway_port = address.rpartition(":")
        if gateway_host in LOOPBACK and gateway_port.isdigit():
            addresses[serial] = (gateway_host, int(gateway_port))
    return addresses


def _thread_ports_told(
    gateways: dict[str, tuple[str, int]], db: Path | None, seed_file: str | None, edge_port_base: int | None
) -> dict[str, str]:
    """What a THREAD's busy port is told with: where its port comes from, and the way out. The
    seed's hosts are easy to forget (the demo seed's are 127.0.0.1:8401 to 8404)."""
    told = {}
    for serial, (host, port) in gateways.items():
        if edge_port_base is not None:
            told[f"THREAD {serial}"] = (
                f" (THREAD {serial}, moved there by --edge-port-base {edge_port_base}): "
                "choose another base, or 0 for any free ports"
            )
        elif db is not None and db.exists():
            told[f"THREAD {serial}"] = (
                f" (THREAD {serial}, host: {host}:{port} in {db}): free the port, or start a new --db "
                "with --edge-port-base N (0: any free ports)"
            )
        else:
            source = seed_file or "the built-in demo seed"
            told[f"THREAD {serial}"] = (
                f" (THREAD {serial}, host: {host}:{port} in {source}): serve the THREADs elsewhere "
                "with --edge-port-base N (0: any free ports)"
            )
    return told


def _moved(gateways: dict[str, tuple[str, int]], base: int, db: Path | None) -> dict[str, tuple[str, int]]:
    """Each THREAD on the next port from `base` (0: any free one), in the seed's order. An existing
    database keeps its THREADs' hosts: moving them would be a write before the ports are bound."""
    if db is not None and db.exists():
        raise IotplanError(
            f"--edge-port-base: {db} already exists, and its THREADs answer on the hosts it holds "
            "(delete the file to start over from a seed)"
        )
    last = base + len(gateways) - 1
    if base and last > 65535:
        raise IotplanError(
            f"--edge-port-base {base}: the {len(gateways)} THREADs would need ports {base} to {last}, "
            f"past 65535: choose a base of at most {65536 - len(gateways)}"
        )
    return {
        serial: (host, base + index if base else 0)
        for index, (serial, (host, _)) in enumerate(gateways.items())
    }


def _rehosted(
    seed: dict[str, Any], gateways: dict[str, tuple[str, int]], sockets: list[socket.socket]
) -> dict[str, tuple[str, int]]:
    """Each moved THREAD's seeded host set to the port bound for it: the emulator picks a THREAD by
    the request's Host, so it answers where it is served."""
    bound = {
        serial: (host, int(sock.getsockname()[1]))
        for (serial, (host, _)), sock in zip(gateways.items(), sockets, strict=True)
    }
    for gateway in seed.get("gateways", []):
        moved = bound.get(str(gateway.get("serial", "")).upper())
        if moved is not None:
            gateway["host"] = f"{moved[0]}:{moved[1]}"
    return bound


def _read_only(db: Path) -> Store:
    try:
        return Store(db, read_only=True)
    except sqlite3.Error as error:
        raise IotplanError(f"--db {db}: not an emulator database: {error}") from None


def _open(db: Path | None) -> Store:
    """A new --db is made private by the store; an existing one is made so before it is served."""
    if db is not None:
        keep_private(db)
    try:
        return Store(db or ":memory:")
    except (sqlite3.Error, OSError) as error:
        raise IotplanError(f"--db {db}: {error}") from None


def _bind_all(addresses: list[tuple[str, tuple[str, int]]], told: dict[str, str]) -> list[socket.socket]:
    """Each named address bound, in order; two of them on one port are refused first. A port that
    cannot be bound is told with what `told` says for its name (nothing for --port and --rpc-port,
    which name themselves)."""
    _refuse_shared_ports(addresses)
    bound: list[socket.socket] = []
    for name, (host, port) in addresses:
        try:
            bound.append(_bind(host, port))
        except IotplanError as error:
            for sock in bound:
                sock.close()
            raise IotplanError(f"{error}{told.get(name, '')}") from None
    return bound


def _refuse_shared_ports(addresses: list[tuple[str, tuple[str, int]]]) -> None:
    """Two of the emulator's own servers on one port: SO_REUSEADDR lets both bind, and the second
    would fail only when it listens, after the database was made and the start announced."""
    for index, (first, (host, port)) in enumerate(addresses):
        for second, (other_host, other_port) in addresses[index + 1 :]:
            if port and port == other_port and _same_interface(host, other_host):
                raise IotplanError(
                    f"cannot listen on {host}:{port} for both {first} and {second}: give each its own port"
                )


def _same_interface(host: str, other: str) -> bool:
    """Whether two hosts may be one interface: the same name, loopback spelled two ways, or any
    address, which takes the port on every interface."""

    def named(name: str) -> str:
        return "127.0.0.1" if name == "localhost" else name

    return named(host) == named(other) or bool({host, other} & _ANY_ADDRESS)


_ANY_ADDRESS = frozenset({"", "0.0.0.0", "::"})


def _bind(host: str, port: int) -> socket.socket:
    """The port, taken now: a busy one is one line, before anything is written or announced."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Connections accepted on it inherit this. Without it (measured, with uvicorn serving a socket
    # handed to it) every answer waited about 40 ms for the client's delayed ACK.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise IotplanError(f"cannot listen on {host}:{port}: {error.strerror}") from None
    return sock


class _QuietDrops(logging.Filter):
    """A dropped connection is an injected fault, not a server error: no traceback for it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], Dropped))


class _NoFrames(logging.Filter):
    """`--log-level debug` would log each WebSocket frame (websockets logs them through uvicorn's
    logger), an `authenticate` frame's API key among them: frames are never logged."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.DEBUG or "websockets" not in Path(record.pathname).parts


class _Only:
    """One protocol per port, as on the platform: WebSockets on the JSON-RPC port, HTTP elsewhere."""

    def __init__(self, app: Any, protocol: str) -> None:
        self.app, self.protocol = app, protocol

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] in (self.protocol, "lifespan"):
            await self.app(scope, receive, send)
        elif scope["type"] == "websocket":  # refused before the handshake completes: a 403
            await send({"type": "websocket.close", "code": 1008})
        else:
            body = b"This port serves the JSON-RPC API over WebSocket only."
            headers = [(b"content-type", b"text/plain"), (b"content-length", str(len(body)).encode())]
            await send({"type": "http.response.start", "status": 426, "headers": headers})
            await send({"type": "http.response.body", "body": body})


def _stop_serving(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # as Ctrl-C ends `sim serve`: quietly (cli/sim.py)


def _server(app: Any, sock: socket.socket, log_level: str) -> uvicorn.Server:
    host, port = sock.getsockname()[:2]
    config = uvicorn.Config(app, host=host, port=port, log_level=log_level, lifespan="on", access_log=False)
    return uvicorn.Server(config)
