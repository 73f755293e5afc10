"""iotplan at scale: plan and apply a generated fleet against `iotplan sim serve` with injected latency.

    python -m benchmarks.run [--connections 1000] [--devices 10] [--sensors 10] [--gateways 100]
        [--latency-ms 20] [--parallelism 16] [--rate-limit 500/min] [--rounds 3] [--refresh-sample 2000]
        [--scenario cold-apply,noop-plan,fleet-change,baselines,floor,drift,rate-limited,engine]
        [--curve 100,300,1000] [--json] [--out-dir benchmarks]

The fleet is rendered by iotplan from benchmarks/fleet.yaml.j2 (default 1,000 connections × 10
devices × 10 sensors + 100 THREADs); iotplan runs as a CLI child process and the emulator as
another. Writes results.json and RESULTS.md to --out-dir and prints the table (or, with --json,
the JSON). Scenarios other than cold-apply need the fleet applied: cold-apply always runs first,
and is reported only when asked for. `--curve` runs the scaling curve, a fresh emulator per size
(alone, unless --scenario is given too). See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import compileall
import json
import shlex
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import iotplan
from benchmarks import emulator, report
from benchmarks.baselines import run_baselines
from benchmarks.curve import parse_counts, run_curve
from benchmarks.engine import run_engine
from benchmarks.fleet import CATALOG_CALLS, FleetSize, write_seed, write_vars
from benchmarks.floor import measure_floor
from benchmarks.scenarios import Scenarios, Settings
from benchmarks.targets import targets

SCENARIOS = (
    "cold-apply",
    "noop-plan",
    "fleet-change",
    "baselines",
    "floor",
    "drift",
    "rate-limited",
    "engine",
)
HERE = Path(__file__).parent


def parse_arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    size = FleetSize()
    parser.add_argument("--connections", type=int, default=size.connections, help="API connections.")
    parser.add_argument("--devices", type=int, default=size.devices, help="Devices per connection.")
    parser.add_argument("--sensors", type=int, default=size.sensors, help="Sensors per device.")
    parser.add_argument("--gateways", type=int, default=size.gateways, help="THREAD connections.")
    parser.add_argument("--latency-ms", type=float, default=20.0, help="Injected into every request.")
    parser.add_argument("--parallelism", type=int, default=16, help="iotplan --parallelism.")
    parser.add_argument(
        "--rate-limit", default="500/min", help="The rate-limited scenario's limit, given to iotplan too."
    )
    parser.add_argument("--drift-share", type=float, default=0.01, help="Share of sensors renamed by drift.")
    parser.add_argument("--engine-runs", type=int, default=3, help="make_plan repetitions (best is kept).")
    parser.add_argument("--rounds", type=int, default=3, help="Baseline rounds (the median is kept).")
    parser.add_argument(
        "--refresh-sample",
        type=int,
        default=2000,
        help="Resources the per-resource refresh reads before extrapolating (0: all).",
    )
    parser.add_argument(
        "--curve",
        type=parse_counts,
        help="Connection counts of the scaling curve, e.g. 100,300,1000,9000 (off by default).",
    )
    parser.add_argument(
        "--scenario",
        action="append",
        help=f"Comma-separated, repeatable; default all: {', '.join(SCENARIOS)}.",
    )
    parser.add_argument("--json", action="store_true", help="Print the JSON results instead of the table.")
    parser.add_argument("--out-dir", type=Path, default=HERE, help="Where results.json and RESULTS.md go.")
    parser.add_argument("--work-dir", type=Path, help="Keep working files (iotplan output, logs) here.")
    parser.add_argument("--profile", action="store_true", help="pyinstrument profiles into OUT_DIR/profiles.")
    parser.add_argument(
        "--note", default="", help="A sentence for RESULTS.md (e.g. which revision was measured)."
    )
    arguments = parser.parse_args(argv)
    arguments.scenarios = _scenarios(arguments.scenario, arguments.curve, parser)
    return arguments


def _scenarios(
    chosen: list[str] | None, curve: list[int] | None, parser: argparse.ArgumentParser
) -> tuple[str, ...]:
    if curve and not chosen:
        return ()  # the curve alone
    names = [name.strip() for option in chosen or [",".join(SCENARIOS)] for name in option.split(",")]
    unknown = sorted(set(names) - set(SCENARIOS))
    if unknown:
        parser.error(f"unknown scenario {', '.join(unknown)}: choose from {', '.join(SCENARIOS)}")
    return tuple(name for name in SCENARIOS if name in names)


def run_benchmark(arguments: argparse.Namespace, folder: Path) -> dict[str, Any]:
    """Every chosen scenario, in order, against one emulator: the results as JSON-ready data."""
    size = FleetSize(arguments.connections, arguments.devices, arguments.sensors, arguments.gateways)
    profiles = arguments.out_dir / "profiles" if arguments.profile else None
    if profiles:
        profiles.mkdir(parents=True, exist_ok=True)
    settings = Settings(
        size,
        arguments.latency_ms,
        arguments.parallelism,
        arguments.rate_limit,
        arguments.drift_share,
        folder,
        profiles,
        arguments.rounds,
        arguments.refresh_sample,
    )
    started = time.monotonic()
    measured: dict[str, Any] = {"phases": [], "engine": None, "floor": None, "emulator_rss": None}
    if arguments.scenarios:
        measured = _main_run(arguments, settings, profiles)
    curve = run_curve(settings, arguments.curve) if arguments.curve else None
    return _results(arguments, size, measured, curve, time.monotonic() - started)


def _main_run(arguments: argparse.Namespace, settings: Settings, profiles: Path | None) -> dict[str, Any]:
    """The chosen scenarios against one emulator."""
    folder, size = settings.folder, settings.size
    vars_file, seed = write_vars(size, folder), write_seed(size, folder)
    log, server_profile = folder / "emulator.log", profiles / "emulator.txt" if profiles else None
    with emulator.serve(seed, arguments.latency_ms, log, server_profile) as server:
        scenarios = Scenarios(settings, server, vars_file)
        phases = _platform_phases(scenarios, arguments.scenarios)
        floor = _floor(scenarios, phases) if "floor" in arguments.scenarios else None
        engine = None
        if "engine" in arguments.scenarios:
            engine = run_engine(server.url, str(vars_file), arguments.parallelism, arguments.engine_runs)
        emulator_rss = server.peak_rss_mib()
    return {"phases": phases, "engine": engine, "floor": floor, "emulator_rss": emulator_rss}


def _floor(scenarios: Scenarios, phases: list[dict[str, Any]]) -> dict[str, Any]:
    """The floor, its waiting from the requests of iotplan's no-op plan in this run (or, without
    one, from the list pages and catalog calls it would make)."""
    found = {(phase["scenario"], phase["step"]): phase for phase in phases}
    noop = found.get(("baselines", "iotplan plan")) or found.get(("noop-plan", "plan"))
    requests = noop["requests"] if noop else scenarios.settings.size.list_pages() + CATALOG_CALLS
    settings, server = scenarios.settings, scenarios.emulator
    return measure_floor(
        server.list_pages, scenarios.rendered, requests, settings.latency_ms, settings.parallelism
    )


def _platform_phases(scenarios: Scenarios, chosen: tuple[str, ...]) -> list[dict[str, Any]]:
    steps: dict[str, Callable[[], list[dict[str, Any]]]] = {
        "noop-plan": scenarios.noop_plan,
        "fleet-change": scenarios.fleet_change,
        "baselines": lambda: run_baselines(scenarios),
        "drift": scenarios.drift,
        "rate-limited": scenarios.rate_limited,
    }
    cold = scenarios.cold_apply()  # every other scenario needs the fleet on the platform
    if cold[0]["exit_code"] != 0:
        raise RuntimeError(f"cold apply failed:\n{cold[0].get('error', '')}")
    phases = cold if "cold-apply" in chosen else []
    for name, step in steps.items():
        if name in chosen:
            phases += step()
    return phases


def _results(
    arguments: argparse.Namespace,
    size: FleetSize,
    measured: dict[str, Any],
    curve: list[dict[str, Any]] | None,
    duration: float,
) -> dict[str, Any]:
    phases, engine, floor = measured["phases"], measured["engine"], measured["floor"]
    return {
        "command": _command(arguments),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": report.machine(),
        "iotplan": report.iotplan_source(),
        "note": arguments.note,
        "fleet": {
            "label": size.label(),
            "connections": size.connections,
            "devices_per_connection": size.devices,
            "sensors_per_device": size.sensors,
            "gateways": size.gateways,
            "sensors": size.sensor_count,
            "entities": size.entity_count,
        },
        "settings": {
            "latency_ms": arguments.latency_ms,
            "parallelism": arguments.parallelism,
            "rate_limit": arguments.rate_limit,
            "drift_share": arguments.drift_share,
            "rounds": arguments.rounds,
            "refresh_sample": arguments.refresh_sample,
        },
        "scenarios": list(arguments.scenarios),
        "phases": phases,
        "engine": engine,
        "floor": floor,
        "curve": curve,
        "emulator_peak_rss_mib": measured["emulator_rss"],
        "targets": targets(size, phases, engine, floor, curve),
        "duration_s": duration,
    }


def _command(arguments: argparse.Namespace) -> str:
    words = ["python", "-m", "benchmarks.run"]
    for option in (
        "connections",
        "devices",
        "sensors",
        "gateways",
        "latency_ms",
        "parallelism",
        "rate_limit",
        "rounds",
        "refresh_sample",
    ):
        value = getattr(arguments, option)
        words += [f"--{option.replace('_', '-')}", f"{value:g}" if isinstance(value, float) else str(value)]
    if arguments.curve:
        words += ["--curve", ",".join(map(str, arguments.curve))]
    return shlex.join([*words, "--scenario", ",".join(arguments.scenarios)] if arguments.scenarios else words)


def write_outputs(results: dict[str, Any], out_dir: Path) -> str:
    out_dir.mkdir(parents=True, exist_ok=True)
    table = report.markdown(results)
    (out_dir / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    (out_dir / "RESULTS.md").write_text(table)
    return table


def compile_iotplan() -> None:
    """iotplan's bytecode written before anything is timed, as `pip install` writes it: where
    PYTHONDONTWRITEBYTECODE is set, every child would compile the modules edited since the last
    run again, 50 ms of an 11,000-entity plan's 0.55 s. A checkout it cannot write stays as it is."""
    compileall.compile_dir(Path(iotplan.__file__).parent, quiet=2)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    compile_iotplan()
    if arguments.work_dir:
        arguments.work_dir.mkdir(parents=True, exist_ok=True)
        results = run_benchmark(arguments, arguments.work_dir)
    else:
        with tempfile.TemporaryDirectory(prefix="iotplan-bench-") as folder:
            results = run_benchmark(arguments, Path(folder))
    table = write_outputs(results, arguments.out_dir)
    print(json.dumps(results, indent=2) if arguments.json else table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
