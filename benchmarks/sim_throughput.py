"""How many integrate-or-read requests a second `iotplan sim serve` sustains on loopback.

    python -m benchmarks.sim_throughput [--seconds 10] [--concurrency 32] [--write-share 0.3]

Starts the emulator in a subprocess, drives a mix of integrate calls (a device with two sensors
on an existing connection) and reads (a connection's integration, a page of sensors) from
concurrent clients for a bounded time, and writes benchmarks/SIM-THROUGHPUT.md.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import platform
import random
import time
from itertools import count
from pathlib import Path

import httpx

from tests.served import seed_with_gateway_ports, served

PROJECT = "6ee68656-ce20-452c-a4e6-b6b3a3b55537"
AUTH = {"Authorization": "ApiKey demo-key"}
RESULTS = Path(__file__).parent / "SIM-THROUGHPUT.md"
CONNECTIONS = 50  # writes and reads spread over these, as a fleet's traffic would be


def drive_in_processes(url: str, args: argparse.Namespace) -> dict[str, float]:
    """httpx costs more CPU per request than the emulator does: several load processes are needed."""
    nodes = asyncio.run(_connections(url))
    jobs = [(url, nodes, args.seconds, args.concurrency, args.write_share, n) for n in range(args.processes)]
    with multiprocessing.Pool(args.processes) as pool:
        results = pool.starmap(_drive_one, jobs)
    total = {key: sum(result[key] for result in results) for key in ("writes", "reads", "errors")}
    seconds = max(result["seconds"] for result in results)
    return {**total, "seconds": seconds, "per_second": (total["writes"] + total["reads"]) / seconds}


async def _connections(url: str) -> list[str]:
    async with httpx.AsyncClient(base_url=url, headers=AUTH) as http:
        return [await _connection(http, n) for n in range(CONNECTIONS)]


def _drive_one(
    url: str, nodes: list[str], seconds: float, concurrency: int, write_share: float, process: int
) -> dict[str, float]:
    return asyncio.run(drive(url, nodes, seconds, concurrency, write_share, process))


async def drive(
    url: str, nodes: list[str], seconds: float, concurrency: int, write_share: float, process: int
) -> dict[str, float]:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, headers=AUTH, limits=limits, timeout=30) as http:
        numbers = count(process * 10_000_000)
        done = {"writes": 0, "reads": 0, "errors": 0}
        deadline = time.monotonic() + seconds

        async def worker(seed: int) -> None:
            chance = random.Random(process * 1000 + seed)
            while time.monotonic() < deadline:
                write = chance.random() < write_share
                node = chance.choice(nodes)
                response = await (_write(http, node, next(numbers)) if write else _read(http, node, chance))
                done["errors" if response.is_error else ("writes" if write else "reads")] += 1

        started = time.monotonic()
        await asyncio.gather(*(worker(n) for n in range(concurrency)))
        elapsed = time.monotonic() - started
    return {**done, "seconds": elapsed, "per_second": (done["writes"] + done["reads"]) / elapsed}


async def _connection(http: httpx.AsyncClient, number: int) -> str:
    body = {"integration": {"changeState": "new", "refId": f"bench:node{number}", "devices": []}}
    answer = await http.post("/api/integrations/integrate", params={"projectIds": PROJECT}, json=body)
    return str(answer.json()["integration"]["node"]["id"])


def _write(http: httpx.AsyncClient, node: str, number: int):  # type: ignore[no-untyped-def]
    sensors = [
        {
            "changeState": "new",
            "refId": f"bench:d{number}/s{n}",
            "props": {
                "INTEGRATION_ID": "GENERIC_SENSOR_SDE",
                "UNKNOWN_METRICS": {"0": "p"},
                "UNKNOWN_UNITS": {"0": "kPa"},
            },
        }
        for n in range(2)
    ]
    device = {
        "changeState": "new",
        "refId": f"bench:d{number}",
        "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE"},
        "sensors": sensors,
    }
    body = {"integration": {"nodeId": node, "devices": [device]}}
    return http.post("/api/integrations/integrate", params={"projectIds": PROJECT}, json=body)


def _read(http: httpx.AsyncClient, node: str, chance: random.Random):  # type: ignore[no-untyped-def]
    if chance.random() < 0.5:
        return http.post(f"/api/integrations/{node}")
    return http.get("/api/sensors/all", params={"projectIds": PROJECT, "pageSize": 100, "pageNumber": 0})


def report(result: dict[str, float], args: argparse.Namespace) -> str:
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    command = (
        f"python -m benchmarks.sim_throughput --seconds {args.seconds:g} --concurrency {args.concurrency} "
        f"--write-share {args.write_share:g} --processes {args.processes}"
    )
    total = result["writes"] + result["reads"]
    row = [
        f"{result['per_second']:.0f}",
        f"{total:.0f}",
        f"{result['writes']:.0f}",
        f"{result['reads']:.0f}",
        f"{result['errors']:.0f}",
        f"{result['seconds']:.1f}",
    ]
    return "\n".join(
        [
            "# Emulator throughput (`iotplan sim serve` on loopback)",
            "",
            f"Measured with `{command}` on {machine}. The server (one uvicorn process, SQLite in WAL mode) "
            f"and {args.processes} load processes of {args.concurrency} clients each share the machine: "
            "one httpx process alone tops out near 400 requests/s at full CPU while the server uses about "
            "a third of a core, so the load is spread over processes.",
            "",
            "| requests/s | requests | integrate calls | reads | errors | seconds |",
            "| ---: | ---: | ---: | ---: | ---: | ---: |",
            "| " + " | ".join(row) + " |",
            "",
            "Integrate calls create a device with two generic sensors on one of 50 connections; reads are",
            "half `POST /api/integrations/{nodeId}` of one of those connections (which grow during the run)",
            "and half a 100-sensor page of `GET /api/sensors/all`.",
            "",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--write-share", type=float, default=0.3)
    parser.add_argument("--processes", type=int, default=2, help="Load-generating processes.")
    args = parser.parse_args()
    folder = Path(os.environ.get("TMPDIR", "/tmp")) / f"iotplan-bench-{os.getpid()}"
    folder.mkdir(parents=True, exist_ok=True)
    with served(seed_with_gateway_ports(folder), "--db", str(folder / "sim.db")) as url:
        result = drive_in_processes(url, args)
    text = report(result, args)
    RESULTS.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
