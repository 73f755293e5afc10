"""`iotplan sim serve` in a subprocess on loopback, for tests that need real sockets."""

from __future__ import annotations

import contextlib
import os
import re
import selectors
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
START_ATTEMPTS = 3


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def free_ports(count: int) -> list[int]:
    """`count` distinct free ports: all held open while chosen, so no two are the same one (closed at
    once, the kernel may hand one out twice)."""
    with contextlib.ExitStack() as held:
        sockets = [held.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [int(sock.getsockname()[1]) for sock in sockets]


def seed_with_gateway_ports(folder: Path, ports: list[int] | None = None) -> Path:
    """The demo seed, its THREADs moved to the given ports (free ones by default)."""
    seed = demo_seed()
    for gateway, port in zip(seed["gateways"], ports or free_ports(len(seed["gateways"])), strict=True):
        gateway["host"] = f"127.0.0.1:{port}"
    path = folder / "seed.yaml"
    path.write_text(yaml.safe_dump(seed))
    return path


@contextmanager
def served(seed: Path, *flags: str) -> Iterator[str]:
    with serving(seed, *flags) as (url, _):
        yield url


class ServerExited(RuntimeError):
    """`iotplan sim serve` exited while starting: most often a port taken since `free_port` chose it."""


@contextmanager
def serving(seed: Path | None, *flags: str, log: list[str] | None = None) -> Iterator[tuple[str, int]]:
    """The server's URL and its JSON-RPC port, once it answers.

    `free_port` finds a port free now, not later: another test's server may take it first, and the
    server then exits at start. It is started again on another port, up to START_ATTEMPTS times.
    Whatever answers on the port is taken for this server only once it has said it bound it: a
    server that took the port first answered the wait, and this one's requests failed later."""
    for attempt in range(1, START_ATTEMPTS + 1):
        port = free_port()
        seeded = ["--seed", str(seed)] if seed is not None else []  # None: an existing --db, as it is
        command = [sys.executable, "-m", "iotplan", "sim", "serve", "--port", str(port), *seeded]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}  # unbuffered: every start line is seen as it comes
        rpc_port_default = [] if "--rpc-port" in flags else ["--rpc-port", "0"]  # each option given once
        process = subprocess.Popen(
            [*command, *rpc_port_default, *flags], stderr=subprocess.PIPE, env=env, bufsize=0
        )
        url = f"http://127.0.0.1:{port}"
        try:
            rpc_port = _bound_rpc_port(process)
            _wait_until_up(url, process)
        except ServerExited as exited:
            _stop(process)
            if attempt == START_ATTEMPTS:
                raise
            if seed is not None:
                _gateways_moved_off(seed, str(exited))
            continue
        except BaseException:
            _stop(process)
            raise
        try:
            yield url, rpc_port
        finally:
            _stop(process, log)
        return


_TAKEN = re.compile(r"cannot listen on 127\.0\.0\.1:(\d+)")


def _gateways_moved_off(seed: Path, said: str) -> None:
    """A seeded THREAD's loopback port taken since `free_ports` chose it (the server names it) is
    chosen again in the seed: another attempt on the same seed would meet it taken again. Tests read
    their gateways' hosts from the seed once it is served."""
    taken = _TAKEN.search(said)
    if taken is None:
        return
    data = yaml.safe_load(seed.read_text())
    gateways = [g for g in data.get("gateways", []) if g.get("host") == f"127.0.0.1:{taken.group(1)}"]
    for gateway in gateways:
        gateway["host"] = f"127.0.0.1:{free_port()}"
    if gateways:
        seed.write_text(yaml.safe_dump(data))


# Printed once every port is bound (iotplan/sim/serve.py), the platform's line first.
_BOUND = re.compile(r"JSON-RPC on ws://127\.0\.0\.1:(\d+)/")


def _bound_rpc_port(process: subprocess.Popen[bytes]) -> int:
    """The JSON-RPC port the server's start lines name, once it says every port is bound."""
    assert process.stderr is not None
    deadline, seen = time.monotonic() + START_WITHIN, b""
    with selectors.DefaultSelector() as selector:
        selector.register(process.stderr, selectors.EVENT_READ)
        while time.monotonic() < deadline and selector.select(timeout=deadline - time.monotonic()):
            line = process.stderr.readline()
            if not line:  # its stderr closed: it is exiting (a port taken, say)
                raise ServerExited(
                    f"iotplan sim serve exited with {process.wait()}: {seen.decode()[-500:]!r}"
                )
            seen += line
            found = _BOUND.search(line.decode(errors="replace"))
            if found:
                return int(found.group(1))
    raise RuntimeError(f"iotplan sim serve named no JSON-RPC port within {START_WITHIN} s: {seen.decode()!r}")


def _stop(process: subprocess.Popen[bytes], log: list[str] | None = None) -> None:
    """Stopped; what it said on stderr after its start lines goes to `log`, when given."""
    process.terminate()
    process.wait(timeout=10)
    if process.stderr:
        if log is not None:
            log.append(process.stderr.read().decode(errors="replace"))
        process.stderr.close()


def _wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_WITHIN
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = process.stderr.read().decode(errors="replace")[-500:] if process.stderr else ""
            raise ServerExited(f"iotplan sim serve exited with {process.returncode}: {said}")
        try:
            httpx.get(f"{url}/_sim/requests", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"iotplan sim serve did not start within {START_WITHIN} s")
