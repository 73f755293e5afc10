"""The scaling curve (issue 17): the same measurements at several fleet sizes, a fresh emulator each.

    python -m benchmarks.run --curve 100,300,1000,9000

Each size is `connections` API connections of 10 devices of 10 sensors (or --devices/--sensors)
plus THREADs for a tenth of them: 100, 300, 1,000 and 9,000 connections make 11,110, 33,330,
111,100 and 999,900 entities, the issue's 11,100 / 33,300 / 111,000 / 1,000,000. At each: the cold
apply, the baselines' no-op plan of the rendered manifest and the per-connection script (no
per-resource refresh: it is sampled in the main run), and the floor.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from benchmarks import emulator
from benchmarks.baselines import run_baselines
from benchmarks.fleet import FleetSize, write_seed, write_vars
from benchmarks.floor import measure_floor
from benchmarks.scenarios import Scenarios, Settings

KIB_IN_MIB = 1024


def curve_size(connections: int, devices: int, sensors: int) -> FleetSize:
    """A size of the curve: THREADs are a tenth of the API connections."""
    return FleetSize(connections, devices, sensors, gateways=connections // 10)


def run_curve(settings: Settings, connection_counts: list[int]) -> list[dict[str, Any]]:
    return [_point(settings, count) for count in connection_counts]


def _point(settings: Settings, connections: int) -> dict[str, Any]:
    size = curve_size(connections, settings.size.devices, settings.size.sensors)
    folder = settings.folder / f"curve-{connections}"
    folder.mkdir(parents=True, exist_ok=True)
    here = dataclasses.replace(settings, size=size, folder=folder, profile_dir=None)
    vars_file, seed = write_vars(size, folder), write_seed(size, folder)
    with emulator.serve(seed, settings.latency_ms, folder / "emulator.log") as server:
        scenarios = Scenarios(here, server, vars_file)
        (cold,) = scenarios.cold_apply()
        if cold["exit_code"] != 0:
            raise RuntimeError(f"cold apply of {connections} connections failed:\n{cold.get('error', '')}")
        noop, script = run_baselines(scenarios, refresh=False)
        floor = measure_floor(
            server.list_pages, scenarios.rendered, noop["requests"], settings.latency_ms, settings.parallelism
        )
    return point_figures(size, cold, noop, script, floor)


def point_figures(
    size: FleetSize, cold: dict[str, Any], noop: dict[str, Any], script: dict[str, Any], floor: dict[str, Any]
) -> dict[str, Any]:
    entities = size.entity_count
    return {
        "connections": size.connections,
        "gateways": size.gateways,
        "entities": entities,
        "cold_apply": per_entity(cold, entities),
        "noop_plan": per_entity(noop, entities),
        "script": per_entity(script, entities),
        "floor": floor,
    }


def per_entity(phase: dict[str, Any], entities: int) -> dict[str, Any]:
    """A phase's wall time, CPU and peak RSS, with the CPU in µs and the RSS in KiB per entity."""
    return {
        "exit_code": phase["exit_code"],
        "wall_s": phase["wall_s"],
        "cpu_s": phase["iotplan_cpu_s"],
        "peak_rss_mib": phase["peak_rss_mib"],
        "requests": phase["requests"],
        "latency_bound_s": phase["latency_bound_s"],
        "cpu_us_per_entity": phase["iotplan_cpu_s"] * 1e6 / entities,
        "rss_kib_per_entity": phase["peak_rss_mib"] * KIB_IN_MIB / entities,
        "outcome": phase["outcome"],
    }


def parse_counts(text: str) -> list[int]:
    counts = [int(word) for word in text.split(",") if word.strip()]
    if not counts or min(counts) < 1:
        raise ValueError(f"--curve wants connection counts such as 100,300,1000: got {text!r}")
    return counts
