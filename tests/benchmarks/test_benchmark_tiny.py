"""The benchmark suite at toy size (3 connections × 2 devices × 2 sensors, 2 THREADs), every scenario.

The figures of a tiny run mean little; its structure does: what was written, how often, and that
the report holds every scenario. The full 100,000-sensor run is `python -m benchmarks.run`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from benchmarks import run

TINY = ["--connections", "3", "--devices", "2", "--sensors", "2", "--gateways", "2"]
# A little latency, so that every phase has a lower bound to compare its wall time with.
SETTINGS = ["--latency-ms", "2", "--parallelism", "4", "--engine-runs", "1"]
INTEGRATE = "POST /api/integrations/integrate"


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("bench-out")
    work = tmp_path_factory.mktemp("bench-work")
    assert run.main([*TINY, *SETTINGS, "--out-dir", str(out), "--work-dir", str(work)]) == 0
    document = json.loads((out / "results.json").read_text())
    document["_out"] = out
    return document


def phase(results: dict[str, Any], scenario: str, step: str) -> dict[str, Any]:
    (found,) = [p for p in results["phases"] if (p["scenario"], p["step"]) == (scenario, step)]
    return found


def test_every_scenario_is_reported(results: dict[str, Any]) -> None:
    assert results["scenarios"] == list(run.SCENARIOS)
    reported = {p["scenario"] for p in results["phases"]} | {results["engine"]["scenario"]}
    assert reported == set(run.SCENARIOS)
    assert all(p["exit_code"] == 0 for p in results["phases"]), [p.get("error") for p in results["phases"]]


def test_outputs_go_to_the_chosen_folder_only(results: dict[str, Any]) -> None:
    out: Path = results["_out"]
    table = (out / "RESULTS.md").read_text()
    assert "| noop-plan | plan |" in table and "## Targets" in table
    assert "cores" in table and "Python" in table


def test_cold_apply_makes_one_integrate_call_per_connection(results: dict[str, Any]) -> None:
    cold = phase(results, "cold-apply", "apply")
    assert cold["requests_by_route"][INTEGRATE] == 3
    assert cold["writes"] == 3
    assert cold["outcome"]["converged"] is True


def test_noop_plan_writes_nothing(results: dict[str, Any]) -> None:
    noop = phase(results, "noop-plan", "plan")
    assert INTEGRATE not in noop["requests_by_route"]
    assert noop["writes"] == 0
    assert noop["outcome"]["unchanged"] == 3 + 2 + 3 * 2 + 3 * 2 * 2
    assert noop["outcome"]["change"] == 0


def test_drift_is_planned_and_applied_in_one_call_per_changed_connection(results: dict[str, Any]) -> None:
    plan, apply = phase(results, "drift", "plan"), phase(results, "drift", "apply")
    assert plan["drifted_sensors"] == 1  # 1% of 12 sensors, at least one
    assert plan["outcome"]["change"] == plan["drifted_sensors"]
    assert plan["writes"] == 0
    assert 1 <= apply["writes"] <= apply["touched_connections"]
    assert apply["outcome"]["converged"] is True


def test_rate_limited_plan_is_bounded_by_the_rate(results: dict[str, Any]) -> None:
    limited = phase(results, "rate-limited", "plan")
    assert limited["rate_bound_s"] == pytest.approx(limited["requests"] / (5000 / 60))
    assert limited["writes"] == 0


def test_ratios_to_the_lower_bound_are_computed_from_the_figures(results: dict[str, Any]) -> None:
    for p in results["phases"]:
        latency_bound = p["requests"] * 0.002 / 4
        assert p["latency_bound_s"] == pytest.approx(latency_bound)
        assert p["ratio"] == pytest.approx(p["wall_s"] / p["lower_bound_s"])
        assert p["ratio"] >= 1  # nothing beats every request waiting its latency


def test_engine_diffs_every_entity_in_memory(results: dict[str, Any]) -> None:
    engine = results["engine"]
    assert engine["entities"] == 3 + 2 + 3 * 2 + 3 * 2 * 2
    assert engine["in_sync"] is True
    assert engine["best_s"] == min(engine["runs_s"])


def test_targets_are_judged(results: dict[str, Any]) -> None:
    judged = {check["target"]: check["met"] for check in results["targets"]}
    assert judged["noop-plan: no write"] is True
    assert judged["drift apply: at most one integrate call per touched connection"] is True
    assert any(target.startswith("rate-limited") for target in judged)
