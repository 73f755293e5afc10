"""The engine scenario: iotplan's diff alone, desired and live state already in memory, no I/O.

The desired side is the fleet template loaded by iotplan's loader; the live side is captured
once from the emulator with iotplan's own reader. Only `make_plan` is timed.
"""

from __future__ import annotations

import asyncio
import gc
import time
from typing import Any

import httpx

from benchmarks.emulator import AUTH
from benchmarks.fleet import TEMPLATE
from iotplan.clients.platform import PlatformClient
from iotplan.collector import THRESHOLDS, paused_collector
from iotplan.live import LiveState
from iotplan.live.read import read_live
from iotplan.manifest import LoadedManifest, load_manifest
from iotplan.plan.desired import desired_nodes, desired_state, read_scopes
from iotplan.plan.diff import make_plan


def run_engine(url: str, vars_file: str, parallelism: int, runs: int) -> dict[str, Any]:
    previous = gc.get_threshold()
    gc.set_threshold(*THRESHOLDS)  # as the iotplan command does (iotplan/cli/main.py)
    try:
        return _measure(url, vars_file, parallelism, runs)
    finally:
        gc.set_threshold(*previous)


def _measure(url: str, vars_file: str, parallelism: int, runs: int) -> dict[str, Any]:
    started = time.perf_counter()
    with paused_collector():
        loaded = load_manifest(str(TEMPLATE), vars_file)
    load_s = time.perf_counter() - started
    live = asyncio.run(capture_live(url, loaded, parallelism))
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        plan = make_plan(desired_state(loaded), live)  # derivation included, as a command does it
        timings.append(time.perf_counter() - started)
    started = time.perf_counter()
    desired_nodes(loaded)
    desired_s = time.perf_counter() - started
    summary = plan.summary
    return {
        "scenario": "engine",
        "step": "make_plan",
        "entities": len(plan.changes),
        "runs_s": timings,
        "best_s": min(timings),
        "desired_nodes_s": desired_s,
        "manifest_load_s": load_s,
        "in_sync": not summary.has_changes,
        "summary": summary.line(),
    }


async def capture_live(url: str, loaded: LoadedManifest, parallelism: int) -> LiveState:
    nodes = desired_nodes(loaded)
    async with httpx.AsyncClient(base_url=url, headers=AUTH, timeout=120) as http:
        client = PlatformClient(http)
        return await read_live(client, read_scopes(loaded.stack, nodes), target=url, parallelism=parallelism)
