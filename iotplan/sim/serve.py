"""Serve the emulator over real sockets with uvicorn: the platform, and each seeded THREAD's port."""

from __future__ import annotations

import asyncio
import logging
import socket
import sys
from pathlib import Path
from typing import Any

import uvicorn
import yaml

from iotplan.errors import IotplanError
from iotplan.sim import Dropped, create_app
from iotplan.sim.backend import SimBackend
from iotplan.sim.errors import SimError
from iotplan.sim.faults import FaultConfig, parse_rate
from iotplan.sim.gateways import GatewayBackend
from iotplan.sim.seed import demo_seed, load_seed
from iotplan.sim.store import Store

LOOPBACK = ("127.0.0.1", "localhost")


async def serve_forever(
    host: str,
    port: int,
    db: Path | None,
    seed_file: str | None,
    latency_ms: float,
    rate_limit: str | None,
    fail_rate: float,
    drop_rate: float,
    log_level: str,
) -> None:
    try:
        if rate_limit:
            parse_rate(rate_limit)
    except ValueError as error:
        raise IotplanError(f"--rate-limit: {error}") from None
    try:  # a bad seed fails here, in one line, not inside a server
        backend = SimBackend(Store(db or ":memory:"))
        fresh = db is None or backend.store.first_project() is None
        seed = load_seed(seed_file) if seed_file else demo_seed()
        faults = FaultConfig(
            latency_ms=latency_ms, rate_limit=rate_limit, fail_rate=fail_rate, drop_rate=drop_rate
        )
        app = create_app(backend, seed=seed if fresh else None, faults=faults)
    except (ValueError, KeyError, TypeError, AttributeError, yaml.YAMLError, SimError) as error:
        raise IotplanError(
            f"the seed {seed_file or '(built-in)'} is not one (see docs/sim.md): {error}"
        ) from None
    servers = [_server(app, host, port, log_level)]
    print(f"iotplan sim: platform on http://{host}:{port}", file=sys.stderr)
    for gateway in GatewayBackend(backend.store).all():
        gateway_host, _, gateway_port = gateway["host"].rpartition(":")
        if gateway_host in LOOPBACK and gateway_port.isdigit():
            servers.append(_server(app, gateway_host, int(gateway_port), log_level))
            print(f"iotplan sim: THREAD {gateway['serial']} on http://{gateway['host']}", file=sys.stderr)
    for server in servers:
        _check_free(server.config.host, server.config.port)
    logging.getLogger("uvicorn.error").addFilter(_QuietDrops())
    await asyncio.gather(*(server.serve() for server in servers))


def _check_free(host: str, port: int) -> None:
    """uvicorn reports a busy port with a traceback and exit code 3: say it in one line instead."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise IotplanError(f"cannot listen on {host}:{port}: {error.strerror}") from None


class _QuietDrops(logging.Filter):
    """A dropped connection is an injected fault, not a server error: no traceback for it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], Dropped))


def _server(app: Any, host: str, port: int, log_level: str) -> uvicorn.Server:
    config = uvicorn.Config(app, host=host, port=port, log_level=log_level, lifespan="on", access_log=False)
    return uvicorn.Server(config)
