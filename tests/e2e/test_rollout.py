"""Rollouts across the 50-site example against a failing emulator: canary, failure budget, rerun."""

from __future__ import annotations

import functools
import json
from collections import Counter
from pathlib import Path

import httpx
import pytest

from iotplan.clients import platform
from iotplan.clients.retry import RetryPolicy
from tests.e2e.conftest import Workspace
from tests.e2e.test_faults import SITES, count
from tests.served import SEEDED_THREADS, seed_with_gateway_ports, served

INTEGRATE = "/api/integrations/integrate"


@pytest.fixture
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Backoff in milliseconds: the emulator's 503s are retried as in production, only faster."""
    monkeypatch.setattr(platform, "RetryPolicy", functools.partial(RetryPolicy, backoff=0.001))


def apply(workspace: Workspace, url: str, *options: str) -> tuple[int, dict]:
    result = workspace.run(
        "apply",
        *SITES,
        "--endpoint",
        url,
        "--auto-approve",
        "--format",
        "json",
        "--parallelism",
        "4",
        *options,
    )
    return result.exit_code, json.loads(result.stdout)


def statuses(report: dict) -> Counter[str]:
    return Counter(outcome["status"] for outcome in report["outcomes"])


def test_a_failing_canary_stops_everything_else(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quick_retries: None
) -> None:
    monkeypatch.setenv("IOTPLAN_API_KEY", "demo-key")
    with served(seed_with_gateway_ports(tmp_path)) as url:
        httpx.post(f"{url}/_sim/faults", json={"fail_rate": 1.0, "routes": INTEGRATE}).raise_for_status()
        code, report = apply(workspace, url, "--canary", "2")
        assert code == 1
        assert statuses(report) == {"failed": 2, "not started": 48}
        assert report["stopped"].startswith("a canary failed")
        assert count(url, "nodes") - SEEDED_THREADS == 0


def test_canary_and_failure_budget_stop_then_a_rerun_finishes(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quick_retries: None
) -> None:
    monkeypatch.setenv("IOTPLAN_API_KEY", "demo-key")
    with served(seed_with_gateway_ports(tmp_path)) as url:
        faults = {"fail_rate": 0.6, "routes": INTEGRATE, "seed": 11}
        httpx.post(f"{url}/_sim/faults", json=faults).raise_for_status()
        code, report = apply(workspace, url, "--canary", "2", "--max-failures", "10%")
        seen = statuses(report)
        assert code == 1 and report["stopped"]
        assert sum(seen.values()) == 50 and seen["not started"] > 0
        if not report["stopped"].startswith("a canary failed"):
            # at most 5 failures allowed; those already in flight when the sixth came may add to it
            assert 5 < seen["failed"] <= 5 + 4
        httpx.post(f"{url}/_sim/faults", json={}).raise_for_status()
        code, report = apply(workspace, url, "--canary", "2", "--max-failures", "10%")
        assert code == 0 and report["converged"] is True
        assert statuses(report)["not started"] == 0
        assert (count(url, "nodes") - SEEDED_THREADS, count(url, "devices"), count(url, "sensors")) == (
            50,
            58,
            218,
        )


def test_batches_run_one_after_another(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_API_KEY", "demo-key")
    with served(seed_with_gateway_ports(tmp_path)) as url:
        code, report = apply(workspace, url, "--batch-size", "20", "--max-failures", "3")
        assert code == 0 and statuses(report) == {"applied": 50}
