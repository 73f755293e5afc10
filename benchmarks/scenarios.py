"""The scenarios that run iotplan against the served emulator, each phase measured on its own.

A phase is one iotplan command: the emulator's request counts are reset before it and read after
it, and the CPU time the emulator spent in between is recorded next to iotplan's own.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from benchmarks.child import ChildRun, run_iotplan
from benchmarks.emulator import AUTH, Counts, Emulator
from benchmarks.fleet import PROJECT, TEMPLATE, FleetSize, drift_bodies, pick_drift
from iotplan.sim.faults import parse_rate


@dataclass(frozen=True)
class Settings:
    size: FleetSize
    latency_ms: float
    parallelism: int
    rate_limit: str  # for the rate-limited scenario, e.g. "5000/min"
    drift_share: float  # of the sensors, renamed behind iotplan's back
    folder: Path  # working files: vars, seed, iotplan's output
    profile_dir: Path | None = None  # pyinstrument profiles of each iotplan run, when set


class Scenarios:
    def __init__(self, settings: Settings, emulator: Emulator, vars_file: Path) -> None:
        self.settings = settings
        self.emulator = emulator
        self.vars_file = vars_file

    # --- scenarios ---------------------------------------------------------------------------
    def cold_apply(self) -> list[dict[str, Any]]:
        """The whole fleet from nothing: one plan, the writes, and apply's verifying plan."""
        return [self._phase("cold-apply", "apply")]

    def noop_plan(self) -> list[dict[str, Any]]:
        return [self._phase("noop-plan", "plan")]

    def drift(self) -> list[dict[str, Any]]:
        """Rename a share of the sensors by direct integrate calls, then plan, then apply."""
        drifted = pick_drift(self.settings.size, self.settings.drift_share)
        bodies = drift_bodies(drifted, self.emulator.node_ids())
        asyncio.run(_send_all(self.emulator.url, bodies, self.settings.parallelism))
        facts = {"drifted_sensors": len(drifted), "touched_connections": len(bodies)}
        return [
            {**self._phase("drift", "plan"), **facts},
            {**self._phase("drift", "apply"), **facts},
        ]

    def rate_limited(self) -> list[dict[str, Any]]:
        """The no-op plan while the emulator answers 429 beyond `rate_limit` (a token bucket)."""
        latency = self.settings.latency_ms
        self.emulator.set_faults(latency_ms=latency, rate_limit=self.settings.rate_limit)
        try:
            return [self._phase("rate-limited", "plan", rate_per_s=parse_rate(self.settings.rate_limit))]
        finally:
            self.emulator.set_faults(latency_ms=latency)

    # --- one measured iotplan command ----------------------------------------------------------
    def _phase(self, scenario: str, step: str, rate_per_s: float | None = None) -> dict[str, Any]:
        self.emulator.reset_counts()
        cpu_before = self.emulator.cpu_seconds()
        run = run_iotplan(
            self._arguments(step), self.settings.folder, f"{scenario}-{step}", self._profile(scenario, step)
        )
        emulator_cpu = self.emulator.cpu_seconds() - cpu_before
        counts = self.emulator.counts()
        figures = phase_figures(run, counts, self.settings, rate_per_s)
        outcome = run.apply_report() if step == "apply" else run.plan_summary()
        return {
            "scenario": scenario,
            "step": step,
            **figures,
            "emulator_cpu_s": emulator_cpu,
            "outcome": outcome,
        }

    def _arguments(self, step: str) -> list[str]:
        common = ["--vars", str(self.vars_file), "--endpoint", self.emulator.url]
        common += ["--parallelism", str(self.settings.parallelism), "--format", "json"]
        extra = ["--auto-approve"] if step == "apply" else []
        return [step, str(TEMPLATE), *common, *extra]

    def _profile(self, scenario: str, step: str) -> Path | None:
        folder = self.settings.profile_dir
        return folder / f"iotplan-{scenario}-{step}.txt" if folder else None


def phase_figures(
    run: ChildRun, counts: Counts, settings: Settings, rate_per_s: float | None = None
) -> dict[str, Any]:
    """Wall time against the least it could be: every request waits the latency, `parallelism` at a
    time, and under a rate limit no faster than the rate allows."""
    latency_bound = counts.total * settings.latency_ms / 1000 / settings.parallelism
    rate_bound = counts.total / rate_per_s if rate_per_s else 0.0
    lower_bound = max(latency_bound, rate_bound)
    figures: dict[str, Any] = {
        "exit_code": run.exit_code,
        "wall_s": run.wall_s,
        "iotplan_cpu_s": run.cpu_s,
        "peak_rss_mib": run.peak_rss_mib,
        "requests": counts.total,
        "writes": counts.writes,
        "too_many_requests": counts.too_many,
        "requests_by_route": dict(sorted(counts.by_route.items())),
        "error_statuses": counts.by_status,
        "latency_bound_s": latency_bound,
        "rate_bound_s": rate_bound,
        "lower_bound_s": lower_bound,
        "ratio": run.wall_s / lower_bound if lower_bound > 0 else None,
        "command": " ".join(run.command),
    }
    if run.exit_code != 0:
        figures["error"] = run.error_tail()
    return figures


async def _send_all(url: str, bodies: list[dict[str, Any]], parallelism: int) -> None:
    """The drift: integrate calls straight to the emulator, as another tool or a person would make."""
    limit = asyncio.Semaphore(parallelism)
    async with httpx.AsyncClient(base_url=url, headers=AUTH, timeout=60) as http:

        async def send(body: dict[str, Any]) -> None:
            async with limit:
                answer = await http.post(
                    "/api/integrations/integrate", params={"projectIds": PROJECT}, json=body
                )
            answer.raise_for_status()

        await asyncio.gather(*(send(body) for body in bodies))
