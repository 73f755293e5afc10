"""The results as JSON-ready data and as a Markdown report: the machine, the figures, the targets."""

from __future__ import annotations

import os
import platform
import subprocess
from pathlib import Path
from typing import Any

import iotplan
from benchmarks.fleet import CATALOG_CALLS, FleetSize

GIB_IN_MIB = 1024
ENGINE_LIMIT_S = 3.0
NOOP_RATIO_LIMIT = 1.5
RATE_RATIO_LIMIT = 1.2


def machine() -> dict[str, Any]:
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": round(_mem_total_kib() / 1024 / 1024, 1),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()} {platform.machine()}",
    }


def iotplan_source() -> str:
    """Where the measured iotplan was imported from, and its git revision when that is a work tree."""
    folder = Path(iotplan.__file__).resolve().parent
    try:
        revision = subprocess.run(
            ["git", "describe", "--always", "--dirty"], cwd=folder, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        revision = "no git revision"
    return f"{folder} ({revision})"


def _cpu_model() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return platform.processor() or "unknown"
    models = [line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")]
    return models[0] if models else "unknown"


def _mem_total_kib() -> int:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


# --- targets ---------------------------------------------------------------------------------
def targets(
    size: FleetSize, phases: list[dict[str, Any]], engine: dict[str, Any] | None
) -> list[dict[str, Any]]:
    """Each target of issue 7 that the scenarios run can judge, with the figure that judges it."""
    found = {(phase["scenario"], phase["step"]): phase for phase in phases}
    checks: list[dict[str, Any]] = []
    noop = found.get(("noop-plan", "plan"))
    if noop:
        allowed = size.connections + size.list_pages() + CATALOG_CALLS
        checks += [
            _check("noop-plan: no write", f"{noop['writes']} integrate calls", noop["writes"] == 0),
            _check(
                "noop-plan: at most connections + list pages + catalog calls requests",
                f"{noop['requests']} requests (allowed {allowed})",
                noop["requests"] <= allowed,
            ),
            _ratio_check("noop-plan: within 1.5× of its lower bound", noop, NOOP_RATIO_LIMIT),
        ]
    if phases:
        biggest = max(phases, key=lambda phase: phase["peak_rss_mib"])
        checks.append(
            _check(
                "peak RSS at most 1 GiB for the whole plan (largest iotplan process of any phase)",
                f"{biggest['peak_rss_mib']:.0f} MiB ({biggest['scenario']} {biggest['step']})",
                biggest["peak_rss_mib"] <= GIB_IN_MIB,
            )
        )
    drift = found.get(("drift", "apply"))
    if drift:
        checks.append(
            _check(
                "drift apply: at most one integrate call per touched connection",
                f"{drift['writes']} integrate calls for {drift['touched_connections']} connections",
                0 < drift["writes"] <= drift["touched_connections"],
            )
        )
    if engine:
        checks.append(
            _check(
                f"engine: at most {ENGINE_LIMIT_S:g} s for {engine['entities']:,} entities",
                f"{engine['best_s']:.2f} s",
                engine["best_s"] <= ENGINE_LIMIT_S,
            )
        )
    limited = found.get(("rate-limited", "plan"))
    if limited:
        checks += [
            _check(
                "rate-limited: no 429 after the first",
                f"{limited['too_many_requests']} answers 429",
                limited["too_many_requests"] <= 1,
            ),
            _ratio_check(
                "rate-limited: within 1.2× of requests ÷ rate", limited, RATE_RATIO_LIMIT, "rate_bound_s"
            ),
        ]
    return checks


def _check(target: str, figure: str, met: bool) -> dict[str, Any]:
    return {"target": target, "figure": figure, "met": bool(met)}


def _ratio_check(
    target: str, phase: dict[str, Any], limit: float, bound: str = "lower_bound_s"
) -> dict[str, Any]:
    if not phase[bound]:
        return _check(target, "no bound: latency 0 and no rate limit", False)
    ratio = phase["wall_s"] / phase[bound]
    figure = f"{phase['wall_s']:.2f} s against {phase[bound]:.2f} s: {ratio:.1f}×"
    return _check(target, figure, phase["exit_code"] == 0 and ratio <= limit)


# --- Markdown --------------------------------------------------------------------------------
def markdown(results: dict[str, Any]) -> str:
    return "\n".join(
        [
            "# iotplan at scale: benchmark results",
            "",
            *_preamble(results),
            "",
            *_figures_table(results["phases"], results.get("engine")),
            "",
            "## Targets",
            "",
            *_targets_table(results["targets"]),
            "",
            "## Requests by route",
            "",
            *_routes_table(results["phases"]),
            "",
            *_engine_notes(results.get("engine")),
        ]
    )


def _preamble(results: dict[str, Any]) -> list[str]:
    box, fleet, settings = results["machine"], results["fleet"], results["settings"]
    return [
        f"Command: `{results['command']}`",
        "",
        f"iotplan: {results['iotplan']}. {results['note']}".rstrip(),
        "",
        f"Machine: {box['cpu']}, {box['cores']} cores, {box['memory_gib']} GiB, Python {box['python']}, "
        f"{box['system']}.",
        "",
        f"Fleet: {fleet['label']}: {fleet['entities']:,} entities ({fleet['sensors']:,} sensors), generated "
        "by iotplan rendering `benchmarks/fleet.yaml.j2`. Emulator: `iotplan sim serve` on loopback, "
        f"latency {settings['latency_ms']:g} ms per request; iotplan "
        f"`--parallelism {settings['parallelism']}`.",
        "",
        "Lower bound = requests × latency ÷ parallelism (rate-limited: at least requests ÷ rate); "
        "ratio = wall time ÷ lower bound. Wall time, CPU and peak RSS are those of the iotplan process "
        "alone (`os.wait4`); emulator CPU is the server's over the same phase. An apply includes its "
        "first plan and its verifying plan.",
    ]


def _figures_table(phases: list[dict[str, Any]], engine: dict[str, Any] | None) -> list[str]:
    rows = [
        "| scenario | step | exit | wall s | requests | writes | 429s | iotplan CPU s | emulator CPU s "
        "| peak RSS MiB | lower bound s | ratio |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for p in phases:
        ratio = f"{p['ratio']:.1f}×" if p["ratio"] else "n/a"
        rows.append(
            f"| {p['scenario']} | {p['step']} | {p['exit_code']} | {p['wall_s']:.2f} | {p['requests']:,} "
            f"| {p['writes']:,} | {p['too_many_requests']} | {p['iotplan_cpu_s']:.1f} "
            f"| {p['emulator_cpu_s']:.1f} | {p['peak_rss_mib']:.0f} | {p['lower_bound_s']:.2f} | {ratio} |"
        )
    if engine:
        rows.append(
            f"| engine | make_plan ({engine['entities']:,} entities) | 0 | {engine['best_s']:.2f} "
            "| 0 | 0 | 0 | – | – | – | – | – |"
        )
    return rows


def _targets_table(checks: list[dict[str, Any]]) -> list[str]:
    rows = ["| target | figure | met |", "| --- | --- | --- |"]
    rows += [f"| {c['target']} | {c['figure']} | {'yes' if c['met'] else '**no**'} |" for c in checks]
    return rows


def _routes_table(phases: list[dict[str, Any]]) -> list[str]:
    rows = ["| scenario | step | route | requests |", "| --- | --- | --- | ---: |"]
    for p in phases:
        for route, count in p["requests_by_route"].items():
            rows.append(f"| {p['scenario']} | {p['step']} | `{route}` | {count:,} |")
    return rows


def _engine_notes(engine: dict[str, Any] | None) -> list[str]:
    if not engine:
        return []
    runs = ", ".join(f"{seconds:.2f}" for seconds in engine["runs_s"])
    return [
        "## Engine",
        "",
        f"`make_plan` over {engine['entities']:,} entities, live state in memory: runs {runs} s (best "
        f"{engine['best_s']:.2f} s), of which `desired_nodes` alone takes {engine['desired_nodes_s']:.2f} s. "
        "Loading the manifest (render, YAML, validation; not part of the engine figure) took "
        f"{engine['manifest_load_s']:.1f} s. "
        f"Result: {engine['summary']}",
        "",
    ]
