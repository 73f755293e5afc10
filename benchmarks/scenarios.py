"""The scenarios that run iotplan against the served emulator, each phase measured on its own.

A phase is one iotplan command: the emulator's request counts are reset before it and read after
it, and the CPU time the emulator spent in between is recorded next to iotplan's own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import httpx

from benchmarks.child import ChildRun, run_iotplan
from benchmarks.emulator import AUTH, Counts, Emulator
from benchmarks.fleet import CHANGED_UNIT, PROJECT, TEMPLATE, FleetSize, drift_bodies, pick_drift, render
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
    rounds: int = 1  # of the baselines' side-by-side runs: the median is reported
    refresh_sample: int = 2000  # resources the per-resource refresh reads before extrapolating; 0: all


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

    def fleet_change(self) -> list[dict[str, Any]]:
        """A plan changing every sensor: the fleet's unit, as one line of its defaults would (a review
        of a sweeping change). Planned only: nothing is written."""
        return [self._phase("fleet-change", "plan", extra=["--var", f"unit={CHANGED_UNIT}"])]

    def drift(self) -> list[dict[str, Any]]:
        """Rename a share of the sensors by direct integrate calls, then plan, then apply."""
        drifted = pick_drift(self.settings.size, self.settings.drift_share)
        bodies = drift_bodies(drifted, self.emulator.node_ids())
        asyncio.run(send_all(self.emulator.url, bodies, self.settings.parallelism))
        facts = {"drifted_sensors": len(drifted), "touched_connections": len(bodies)}
        return [
            {**self._phase("drift", "plan"), **facts},
            {**self._phase("drift", "apply"), **facts},
        ]

    def rate_limited(self) -> list[dict[str, Any]]:
        """The no-op plan while the emulator answers 429 beyond `rate_limit` (a token bucket), with
        iotplan told the limit (`--rate-limit`), as a user who knows their tier would."""
        latency, limit = self.settings.latency_ms, self.settings.rate_limit
        self.emulator.set_faults(latency_ms=latency, rate_limit=limit)
        try:
            return [self._phase("rate-limited", "plan", parse_rate(limit), ["--rate-limit", limit])]
        finally:
            self.emulator.set_faults(latency_ms=latency)

    @cached_property
    def rendered(self) -> Path:
        """The fleet rendered once to plain YAML, for the baselines and the floor."""
        return render(self.vars_file, self.settings.folder)

    def plan_rendered(self, name: str) -> dict[str, Any]:
        """iotplan's no-op plan of the rendered file, text output: like for like with the script."""
        arguments = ["plan", str(self.rendered), "--endpoint", self.emulator.url]
        arguments += ["--parallelism", str(self.settings.parallelism)]
        profile = self._profile("baselines", name)
        return self.measure(
            "baselines",
            "iotplan plan",
            lambda: run_iotplan(arguments, self.settings.folder, name, profile),
            ChildRun.text_plan_summary,
        )

    # --- one measured child process ------------------------------------------------------------
    def _phase(
        self, scenario: str, step: str, rate_per_s: float | None = None, extra: list[str] | None = None
    ) -> dict[str, Any]:
        arguments, name = self._arguments(step, extra or []), f"{scenario}-{step}"
        profile = self._profile(scenario, step)
        outcome = ChildRun.apply_report if step == "apply" else ChildRun.plan_summary
        return self.measure(
            scenario,
            step,
            lambda: run_iotplan(arguments, self.settings.folder, name, profile),
            outcome,
            rate_per_s,
        )

    def measure(
        self,
        scenario: str,
        step: str,
        run: Callable[[], ChildRun],
        outcome: Callable[[ChildRun], Any],
        rate_per_s: float | None = None,
    ) -> dict[str, Any]:
        """One child process, with the requests the emulator answered and the CPU it spent meanwhile."""
        self.emulator.reset_counts()
        cpu_before = self.emulator.cpu_seconds()
        child = run()
        emulator_cpu = self.emulator.cpu_seconds() - cpu_before
        figures = phase_figures(child, self.emulator.counts(), self.settings, rate_per_s)
        return {
            "scenario": scenario,
            "step": step,
            **figures,
            "emulator_cpu_s": emulator_cpu,
            "outcome": outcome(child),
        }

    def _arguments(self, step: str, extra: list[str]) -> list[str]:
        common = ["--vars", str(self.vars_file), "--endpoint", self.emulator.url]
        common += ["--rpc-endpoint", self.emulator.rpc_url]
        common += ["--parallelism", str(self.settings.parallelism), "--format", "json"]
        apply = ["--auto-approve"] if step == "apply" else []
        return [step, str(TEMPLATE), *common, *apply, *extra]

    def _profile(self, scenario: str, step: str) -> Path | None:
        folder = self.settings.profile_dir
        return folder / f"iotplan-{scenario}-{step}.txt" if folder else None


def phase_figures(
    run: ChildRun, counts: Counts, settings: Settings, rate_per_s: float | None = None
) -> dict[str, Any]:
    """Wall time against the least it could be: every request waits the latency, `parallelism` at a
    time, and under a rate limit no faster than the rate allows."""
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
        **bounds(counts.total, run.wall_s, settings, rate_per_s),
        "command": " ".join(run.command),
    }
    if run.exit_code != 0:
        figures["error"] = run.error_tail()
    return figures


def bounds(
    requests: int, wall_s: float, settings: Settings, rate_per_s: float | None = None
) -> dict[str, Any]:
    """The lower bounds of a phase that made `requests`, and its wall time's ratio to them."""
    latency_bound = requests * settings.latency_ms / 1000 / settings.parallelism
    rate_bound = requests / rate_per_s if rate_per_s else 0.0
    lower_bound = max(latency_bound, rate_bound)
    return {
        "latency_bound_s": latency_bound,
        "rate_bound_s": rate_bound,
        "lower_bound_s": lower_bound,
        "ratio": wall_s / lower_bound if lower_bound > 0 else None,
    }


async def send_all(url: str, bodies: list[dict[str, Any]], parallelism: int) -> None:
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
