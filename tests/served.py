"""`iotplan sim serve` in a subprocess on loopback, for tests that need real sockets."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import yaml

from iotplan.sim import demo_seed

SEEDED_THREADS = len(demo_seed()["gateways"])  # their connections are in every node list
# Python and uvicorn start in ~2 s on an idle machine, but 20 s was seen on 2 cores shared by
# several test suites: a deadline only costs time when the server never comes up.
START_WITHIN = 90


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def seed_with_gateway_ports(folder: Path, ports: list[int] | None = None) -> Path:
    """The demo seed, its THREADs moved to the given ports (free ones by default)."""
    seed = demo_seed()
    for gateway, port in zip(seed["gateways"], ports or [free_port() for _ in seed["gateways"]], strict=True):
        gateway["host"] = f"127.0.0.1:{port}"
    path = folder / "seed.yaml"
    path.write_text(yaml.safe_dump(seed))
    return path


@contextmanager
def served(seed: Path, *flags: str) -> Iterator[str]:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "iotplan",
        "sim",
        "serve",
        "--port",
        str(port),
        "--seed",
        str(seed),
        "--rpc-port",
        "0",
        *flags,
    ]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stderr:
            process.stderr.close()


def _wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_WITHIN
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"iotplan sim serve exited with {process.returncode}")
        try:
            httpx.get(f"{url}/_sim/requests", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"iotplan sim serve did not start within {START_WITHIN} s")
