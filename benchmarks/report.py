"""The results as JSON-ready data and as a Markdown report: the machine, the figures, the targets."""

from __future__ import annotations

import itertools
import os
import platform
import subprocess
from pathlib import Path
from typing import Any

import iotplan


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


# --- Markdown --------------------------------------------------------------------------------
def markdown(results: dict[str, Any]) -> str:
    phases = results["phases"]
    return "\n".join(
        [
            "# iotplan at scale: benchmark results",
            "",
            *_preamble(results),
            "",
            *([*_figures_table(phases, results.get("engine")), ""] if phases else []),
            "## Targets",
            "",
            *_targets_table(results["targets"]),
            "",
            *_baselines_section(phases),
            *_floor_section(results.get("floor")),
            *_curve_section(results.get("curve")),
            *(["## Requests by route", "", *_routes_table(phases), ""] if phases else []),
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
        _fleet_line(fleet, bool(results["scenarios"])) + " Emulator: `iotplan sim serve` on loopback, "
        f"latency {settings['latency_ms']:g} ms per request; iotplan "
        f"`--parallelism {settings['parallelism']}`.",
        "",
        "Lower bound = requests × latency ÷ parallelism (rate-limited: at least requests ÷ rate); "
        "ratio = wall time ÷ lower bound. Wall time, CPU and peak RSS are those of the measured process "
        "alone, iotplan's or a baseline's (`os.wait4`); emulator CPU is the server's over the same phase. "
        "An apply includes its first plan and its verifying plan. The issue-7 scenarios (cold-apply, "
        "noop-plan, drift, rate-limited) time iotplan on the template `fleet.yaml.j2` with `--vars` and "
        "`--format json`; the baselines time it on the rendered file, text output, as the baselines read it.",
    ]


def _fleet_line(fleet: dict[str, Any], main_run: bool) -> str:
    if not main_run:
        return "Fleet: the scaling curve's sizes only (below), rendered from `benchmarks/fleet.yaml.j2`."
    return (
        f"Fleet: {fleet['label']}: {fleet['entities']:,} entities ({fleet['sensors']:,} sensors), generated "
        "by iotplan rendering `benchmarks/fleet.yaml.j2`."
    )


def _figures_table(phases: list[dict[str, Any]], engine: dict[str, Any] | None) -> list[str]:
    rows = [
        "| scenario | step | exit | wall s | requests | writes | 429s | CPU s | emulator CPU s "
        "| peak RSS MiB | lower bound s | ratio |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for p in phases:
        ratio = f"{p['ratio']:.1f}×" if p["ratio"] else "n/a"
        about = "≈" if p.get("sampled") else ""  # extrapolated from a sample
        rows.append(
            f"| {p['scenario']} | {p['step']} | {p['exit_code']} | {about}{p['wall_s']:.2f} "
            f"| {about}{p['requests']:,} "
            f"| {p['writes']:,} | {p['too_many_requests']} | {about}{p['iotplan_cpu_s']:.1f} "
            f"| {about}{p['emulator_cpu_s']:.1f} | {p['peak_rss_mib']:.0f} | {p['lower_bound_s']:.2f} "
            f"| {ratio} |"
        )
    if engine:
        rows.append(
            f"| engine | make_plan ({engine['entities']:,} entities) | 0 | {engine['best_s']:.2f} "
            "| 0 | 0 | 0 | – | – | – | – | – |"
        )
    return rows


def _targets_table(checks: list[dict[str, Any]]) -> list[str]:
    rows = ["| target | figure | ratio | met |", "| --- | --- | ---: | --- |"]
    for c in checks:
        ratio = f"{c['ratio']:.2f}" if c.get("ratio") is not None else "–"
        rows.append(f"| {c['target']} | {c['figure']} | {ratio} | {_verdict(c['met'])} |")
    return rows


def _verdict(met: bool | None) -> str:
    return "not measured" if met is None else "yes" if met else "**no**"


def _baselines_section(phases: list[dict[str, Any]]) -> list[str]:
    tools = [p for p in phases if p["scenario"] == "baselines"]
    if not tools:
        return []
    rows = [
        "## Baselines (issue 17)",
        "",
        "Side by side against the same emulator and fleet, on the rendered manifest "
        "(`iotplan render fleet.yaml.j2 --vars ...`). iotplan: `iotplan plan fleet.yaml` (text output); "
        "the per-connection script: `benchmarks/baseline_script.py` (httpx, libyaml, collector off while "
        "loading, 16 at a time); the per-resource refresh: `benchmarks/baseline_refresh.py`, one "
        "`POST /api/integrations/{nodeId}` per resource (the platform has no read of one device or sensor: "
        "each is read through its connection, so its time per request is an upper bound; its request count "
        "is exact).",
        "",
        "| tool | wall s | rounds s | CPU s | peak RSS MiB | requests | result |",
        "| --- | ---: | --- | ---: | ---: | ---: | --- |",
    ]
    for p in tools:
        rounds = ", ".join(f"{wall:.2f}" for wall in p.get("rounds_wall_s", [p["wall_s"]]))
        about = "≈" if p.get("sampled") else ""
        rows.append(
            f"| {p['step']} | {about}{p['wall_s']:.2f} | {rounds} | {about}{p['iotplan_cpu_s']:.2f} "
            f"| {p['peak_rss_mib']:.0f} | {about}{p['requests']:,} | {_result(p)} |"
        )
    rows += ["", *[f"- {p['step']}: {_sample_note(p)}" for p in tools if p.get("sampled")], ""]
    return rows


def _result(phase: dict[str, Any]) -> str:
    outcome = phase["outcome"]
    if isinstance(outcome, dict) and "differences" in outcome:
        return f"{outcome['differences']} differences"
    if isinstance(outcome, dict):
        add, change, destroy = (outcome.get(key) for key in ("add", "change", "destroy"))
        return f"{add} to add, {change} to change, {destroy} to destroy"
    return f"{outcome} differences" if outcome is not None else "no result read"


def _sample_note(phase: dict[str, Any]) -> str:
    measured = phase["measured"]
    return (
        f"{phase['sample']}: measured {measured['wall_s']:.2f} s, {measured['iotplan_cpu_s']:.2f} s CPU, "
        f"{measured['requests']:,} requests; the peak RSS is the sample's"
    )


def _floor_section(floor: dict[str, Any] | None) -> list[str]:
    if not floor:
        return []
    tree = f"; rapidyaml's tree alone {floor['tree_s']:.3f} s" if "tree_s" in floor else ""
    parse = f"{floor['parser']}, to Python objects, best of 3 (libyaml: {floor['libyaml_s']:.3f} s{tree})"
    decode = f"orjson over the {floor['pages']} list pages iotplan reads ({floor['page_bytes'] / 1e6:.1f} MB)"
    waiting = f"{floor['noop_requests']} requests of iotplan's no-op plan × latency ÷ parallelism"
    return [
        "## Floor (issue 17)",
        "",
        "What any Python tool must spend on a no-op plan of this fleet.",
        "",
        "| part | s | how |",
        "| --- | ---: | --- |",
        f"| interpreter start | {floor['start_s']:.3f} | `python -c pass`, median of 5 |",
        f"| YAML parse | {floor['parse_s']:.3f} | {parse} |",
        f"| page decode | {floor['decode_s']:.3f} | {decode}, best of 3 |",
        f"| waiting | {floor['waiting_s']:.3f} | {waiting} |",
        f"| **floor** | **{floor['floor_s']:.3f}** | the sum (CPU floor, without waiting: "
        f"{floor['cpu_floor_s']:.3f}) |",
        "",
    ]


def _curve_section(curve: list[dict[str, Any]] | None) -> list[str]:
    if not curve:
        return []
    rows = [
        "## Scaling curve (issue 17)",
        "",
        "A fresh emulator per size; THREADs are a tenth of the API connections. No-op plan: iotplan on the "
        "rendered manifest, text output, median round; CPU and peak RSS per entity are the whole "
        "process's over the fleet's entities.",
        "",
        "| connections | entities | phase | wall s | CPU µs/entity | peak RSS KiB/entity | requests |",
        "| ---: | ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for point in curve:
        for name in ("cold_apply", "noop_plan", "script"):
            p = point[name]
            rows.append(
                f"| {point['connections']:,} | {point['entities']:,} | {name.replace('_', ' ')} "
                f"| {p['wall_s']:.2f} | {p['cpu_us_per_entity']:.1f} | {p['rss_kib_per_entity']:.2f} "
                f"| {p['requests']:,} |"
            )
        rows.append(
            f"| {point['connections']:,} | {point['entities']:,} | floor | {point['floor']['floor_s']:.2f} "
            "| – | – | – |"
        )
    return [*rows, "", *_curve_ratios(curve), "", *_curve_slopes(curve)]


def _curve_ratios(curve: list[dict[str, Any]]) -> list[str]:
    rows = ["| entities | script ÷ iotplan (no-op plan) | iotplan ÷ floor |", "| ---: | ---: | ---: |"]
    for point in curve:
        noop, script, floor = (
            point["noop_plan"]["wall_s"],
            point["script"]["wall_s"],
            point["floor"]["floor_s"],
        )
        rows.append(f"| {point['entities']:,} | {script / noop:.2f}× | {noop / floor:.1f}× |")
    return rows


def _curve_slopes(curve: list[dict[str, Any]]) -> list[str]:
    """What each entity added between two sizes costs the no-op plan: the fixed costs left out."""
    lines = []
    ordered = sorted(curve, key=lambda point: point["entities"])
    for small, large in itertools.pairwise(ordered):
        added = large["entities"] - small["entities"]
        cpu = (large["noop_plan"]["cpu_s"] - small["noop_plan"]["cpu_s"]) * 1e6 / added
        rss = (large["noop_plan"]["peak_rss_mib"] - small["noop_plan"]["peak_rss_mib"]) * 1024 / added
        lines.append(
            f"- no-op plan from {small['entities']:,} to {large['entities']:,} entities: "
            f"{cpu:.1f} µs of CPU and {rss:.2f} KiB of peak RSS per added entity"
        )
    return [*lines, ""] if lines else []


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
