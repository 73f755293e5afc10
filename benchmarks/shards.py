"""A large fleet planned in shards, as a CI matrix would: each shard's time and requests, the sum
of the shards' requests against one run's, and the merge.

    nice -n 19 python -m benchmarks.shards [--connections 1000] [--devices 10] [--sensors 10]
        [--shards 10] [--latency-ms 20] [--parallelism 16] [--out-dir benchmarks]

The fleet (benchmarks/fleet.yaml.j2, no THREADs) is applied once onto `iotplan sim serve`; then one
no-op `plan`, then `plan --shard i/n --out` for each shard one after another (on a CI matrix they
run at once, on n machines), then `iotplan merge`. The emulator counts the requests of each run.
Writes SHARDS.md and shards.json to --out-dir. Not part of CI.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks import emulator, report
from benchmarks.child import ChildRun, run_iotplan
from benchmarks.fleet import TEMPLATE, FleetSize, write_seed, write_vars

HERE = Path(__file__).parent


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.shards", description=__doc__)
    parser.add_argument("--connections", type=int, default=1000)
    parser.add_argument("--devices", type=int, default=10, help="Per connection.")
    parser.add_argument("--sensors", type=int, default=10, help="Per device.")
    parser.add_argument("--shards", type=int, default=10)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--parallelism", type=int, default=16)
    parser.add_argument("--out-dir", type=Path, default=HERE)
    parser.add_argument("--note", default="", help="A sentence for SHARDS.md (the load, the revision).")
    parser.add_argument("--report-only", action="store_true", help="Rewrite SHARDS.md from shards.json.")
    return parser.parse_args(argv)


def run(arguments: argparse.Namespace, folder: Path) -> dict[str, Any]:
    size = FleetSize(arguments.connections, arguments.devices, arguments.sensors, gateways=0)
    vars_file, seed = write_vars(size, folder), write_seed(size, folder)
    common = ["--vars", str(vars_file), "--parallelism", str(arguments.parallelism)]
    with emulator.serve(seed, arguments.latency_ms, folder / "emulator.log") as server:
        common += ["--endpoint", server.url, "--rpc-endpoint", server.rpc_url]

        def measured(name: str, *words: str) -> dict[str, Any]:
            server.reset_counts()
            child = run_iotplan([*words], folder, name)
            return _figures(name, child, server.counts())

        applied = measured(
            "cold-apply", "apply", str(TEMPLATE), *common, "--auto-approve", "--format", "json"
        )
        if applied["exit_code"] != 0:
            raise RuntimeError(f"the cold apply failed: {applied['error']}")
        whole = measured("one-run", "plan", str(TEMPLATE), *common, "--out", "whole.json")
        names = [f"plan-{index}.json" for index in range(1, arguments.shards + 1)]
        shards = [
            measured(
                f"shard-{index}",
                "plan",
                str(TEMPLATE),
                *common,
                "--shard",
                f"{index}/{len(names)}",
                "--out",
                name,
            )
            for index, name in enumerate(names, start=1)
        ]
        merged = measured("merge", "merge", *names, "--format", "json", "--out", "merged.json")
    same = _changes(folder / "whole.json") == _changes(folder / "merged.json")
    return _results(arguments, size, whole, shards, merged, same)


def _figures(name: str, child: ChildRun, counts: emulator.Counts) -> dict[str, Any]:
    figures = {
        "run": name,
        "exit_code": child.exit_code,
        "wall_s": round(child.wall_s, 2),
        "cpu_s": round(child.cpu_s, 2),
        "peak_rss_mib": round(child.peak_rss_mib, 1),
        "requests": counts.total,
        "requests_by_route": dict(sorted(counts.by_route.items())),
        "too_many_requests": counts.too_many,
    }
    if child.exit_code not in (0, 2):
        figures["error"] = child.error_tail()
    return figures


def _changes(path: Path) -> list[tuple[str, str]]:
    document = json.loads(path.read_text())
    return sorted((change["address"], change["action"]) for change in document["changes"])


def _results(
    arguments: argparse.Namespace,
    size: FleetSize,
    whole: dict[str, Any],
    shards: list[dict[str, Any]],
    merged: dict[str, Any],
    same: bool,
) -> dict[str, Any]:
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": report.machine(),
        "iotplan": report.iotplan_source(),
        "note": arguments.note,
        "fleet": {"label": replace(size).label(), "entities": size.entity_count},
        "settings": {
            "shards": arguments.shards,
            "latency_ms": arguments.latency_ms,
            "parallelism": arguments.parallelism,
        },
        "one_run": whole,
        "shards": shards,
        "merge": merged,
        "sum_of_shard_requests": sum(shard["requests"] for shard in shards),
        "slowest_shard_s": max(shard["wall_s"] for shard in shards),
        "merged_equals_one_run": same,
    }


def markdown(results: dict[str, Any]) -> str:
    whole, shards = results["one_run"], results["shards"]
    box, settings = results["machine"], results["settings"]
    lines = [
        f"# {results['fleet']['label']} planned in {results['settings']['shards']} shards",
        "",
        f"{results['date']}; iotplan {results['iotplan']}. {results['note']}".strip(),
        "",
        f"Machine: {box['cpu']}, {box['cores']} cores, {box['memory_gib']} GiB, Python {box['python']}. "
        f"Latency {settings['latency_ms']:g} ms per request, --parallelism {settings['parallelism']}; "
        f"{results['fleet']['entities']:,} entities in one project. The shards ran one after another.",
        "",
        "| run | wall s | CPU s | peak RSS MiB | requests | by route |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in [whole, *shards, results["merge"]]:
        routes = ", ".join(f"{route.split(' ', 1)[1]} {n}" for route, n in row["requests_by_route"].items())
        cells = [row["run"], row["wall_s"], row["cpu_s"], row["peak_rss_mib"], row["requests"], routes]
        lines.append("| " + " | ".join(str(cell) for cell in cells) + " |")
    lines += [
        "",
        f"- Sum of the shards' requests: {results['sum_of_shard_requests']} (one run: {whole['requests']}).",
        f"- Slowest shard: {results['slowest_shard_s']} s (one run: {whole['wall_s']} s); "
        f"merge: {results['merge']['wall_s']} s.",
        "- The merged plan holds the same changes as the one run's: "
        + ("yes." if results["merged_equals_one_run"] else "NO."),
        "",
        "Why the sum is not one run's: one run reads the whole project through its paged device and sensor",
        "lists (1,000 a page), which answer for every shard's connections. A shard reads those lists only",
        "when they cost it fewer requests than its own connections' reads",
        "(`POST /api/integrations/{nodeId}`, one each); otherwise it reads its connections one by one",
        "and never another shard's. Every shard",
        "also lists the project's connections and reads the catalog. So the shards together cost about one",
        "read per connection plus a few requests per shard, which is what a run that reads per connection",
        "costs, but more than a run that reads through the lists. Sharding buys wall time per runner, memory",
        "per runner and failure isolation, not requests; under a rate limit the shards share it",
        "(--rate-limit divided by n).",
        "",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    if arguments.report_only:  # the Markdown again, from the shards.json of a run
        results = json.loads((arguments.out_dir / "shards.json").read_text())
        (arguments.out_dir / "SHARDS.md").write_text(markdown(results))
        return 0
    with tempfile.TemporaryDirectory(prefix="iotplan-shards-") as folder:
        results = run(arguments, Path(folder))
    arguments.out_dir.mkdir(parents=True, exist_ok=True)
    (arguments.out_dir / "shards.json").write_text(json.dumps(results, indent=2) + "\n")
    table = markdown(results)
    (arguments.out_dir / "SHARDS.md").write_text(table)
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
