"""`iotplan sim serve` in a subprocess on a free loopback port, and its /_sim/ control API.

Request counts come from the emulator itself (`GET /_sim/requests`), so they include retries and
every request iotplan made, whatever its client counted.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from benchmarks.fleet import PROJECT

API_KEY = "demo-key"
AUTH = {"Authorization": f"ApiKey {API_KEY}"}
CONTROL_PREFIX = " /_sim/"  # routes are counted as "METHOD /path"
INTEGRATE_ROUTES = ("POST /api/integrations/integrate", "POST /sensor-data/integrations/integrate")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Counts:
    """What the emulator answered since the last reset, control requests left out."""

    by_route: dict[str, int]
    by_status: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_route.values())

    @property
    def writes(self) -> int:
        return sum(self.by_route.get(route, 0) for route in INTEGRATE_ROUTES)

    @property
    def too_many(self) -> int:
        return self.by_status.get("429", 0)


class Emulator:
    """A running `iotplan sim serve`: its URL, its pid (for CPU time), and control calls."""

    def __init__(self, url: str, process: subprocess.Popen[bytes], rpc_url: str) -> None:
        self.url = url
        self.rpc_url = rpc_url  # its JSON-RPC, which counts what a plan's writes take that REST counts 0
        self.process = process
        self.control = httpx.Client(base_url=url, timeout=60)

    def reset_counts(self) -> None:
        self.control.delete("/_sim/requests").raise_for_status()

    def counts(self) -> Counts:
        answer = self.control.get("/_sim/requests").json()
        routes = {route: n for route, n in answer["requests"].items() if CONTROL_PREFIX not in route}
        # Only error statuses are kept: the 200 of the DELETE that reset the counts is counted too.
        statuses = {status: n for status, n in answer["answered"].items() if not status.startswith("2")}
        return Counts(routes, statuses)

    def set_faults(self, **faults: Any) -> None:
        self.control.post("/_sim/faults", json=faults).raise_for_status()

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server process so far (Linux /proc)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def peak_rss_mib(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def node_ids(self) -> dict[str, str]:
        """Every connection of the project, by refId (SERIAL_NO)."""
        ids: dict[str, str] = {}
        page = 0
        while True:
            params: dict[str, str | int] = {"projectIds": PROJECT, "pageNumber": page, "pageSize": 1000}
            batch = self.control.get("/api/nodes/all", params=params, headers=AUTH).json()
            ids.update({node["props"].get("SERIAL_NO", node["id"]): node["id"] for node in batch})
            if len(batch) < 1000:
                return ids
            page += 1

    def list_pages(self, kind: str, page_size: int = 1000) -> list[bytes]:
        """`GET /api/{kind}/all` as iotplan reads it (assumption A5: to an empty page), each page's raw
        bytes, for the floor's decode and the refresh baseline's state."""
        pages: list[bytes] = []
        while not pages or pages[-1] != b"[]":
            params: dict[str, str | int] = {
                "projectIds": PROJECT,
                "pageNumber": len(pages),
                "pageSize": page_size,
            }
            answer = self.control.get(f"/api/{kind}/all", params=params, headers=AUTH)
            pages.append(answer.raise_for_status().content)
        return pages


@contextmanager
def serve(seed: Path, latency_ms: float, log: Path, profile: Path | None = None) -> Iterator[Emulator]:
    """Start the emulator (in memory) and stop it on exit; `profile` runs it under pyinstrument."""
    port, rpc_port = free_port(), free_port()  # not 4201: emulators run side by side (xdist)
    serve_args = ["-m", "iotplan", "sim", "serve", "--port", str(port), "--seed", str(seed)]
    serve_args += ["--rpc-port", str(rpc_port)]
    serve_args += ["--latency-ms", f"{latency_ms:g}"]
    prefix = ["-m", "pyinstrument", "--outfile", str(profile)] if profile else []
    with log.open("wb") as stderr:
        process = subprocess.Popen([sys.executable, *prefix, *serve_args], stderr=stderr)
    emulator = Emulator(f"http://127.0.0.1:{port}", process, f"ws://127.0.0.1:{rpc_port}/")
    try:
        _wait_until_up(emulator)
        yield emulator
    finally:
        emulator.control.close()
        _stop(process, graceful=profile is not None)


def _wait_until_up(emulator: Emulator) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if emulator.process.poll() is not None:
            raise RuntimeError(f"iotplan sim serve exited with {emulator.process.returncode}")
        try:
            emulator.control.get("/_sim/requests", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("iotplan sim serve did not start within 30 s")


def _stop(process: subprocess.Popen[bytes], *, graceful: bool) -> None:
    """SIGINT lets uvicorn (and pyinstrument, which writes its profile at exit) finish cleanly."""
    process.send_signal(signal.SIGINT if graceful else signal.SIGTERM)
    try:
        process.wait(timeout=60 if graceful else 10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
