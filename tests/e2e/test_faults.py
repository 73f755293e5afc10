"""Apply through 429 storms, 5xx answers and dropped connections: a rerun converges, nothing doubles."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import PROJECT, Workspace
from tests.served import SEEDED_THREADS, seed_with_gateway_ports, served

SITES = ("examples/multi-site/site.yaml.j2", "--sites", "examples/multi-site/sites.csv")
AUTH = {"Authorization": "ApiKey demo-key"}


def count(url: str, kind: str) -> int:
    return len(
        httpx.get(
            f"{url}/api/{kind}/all", params={"projectIds": PROJECT, "pageSize": 1000}, headers=AUTH
        ).json()
    )


def test_apply_under_faults_converges_without_duplicates(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_API_KEY", "demo-key")
    with served(seed_with_gateway_ports(tmp_path)) as url:
        faults = {"fail_rate": 0.15, "drop_rate": 0.05, "rate_limit": "1200/min", "seed": 7}
        httpx.post(f"{url}/_sim/faults", json=faults).raise_for_status()
        codes = []
        for _ in range(8):
            result = workspace.run("apply", *SITES, "--endpoint", url, "--auto-approve", "--parallelism", "8")
            codes.append(result.exit_code)
            if result.exit_code == 0:
                break
        assert codes[-1] == 0, codes
        answered = httpx.get(f"{url}/_sim/requests").json()["answered"]
        # Server errors are drawn by seed; 429s depend on how fast this machine sends (a loaded CI runner
        # may never reach the rate), so they are pinned by tests/sim/test_served.py's burst test instead.
        assert answered.get("500") or answered.get("503"), answered
        httpx.post(f"{url}/_sim/faults", json={}).raise_for_status()
        assert workspace.run("plan", *SITES, "--endpoint", url, "--detailed-exitcode").exit_code == 0
        assert (count(url, "nodes") - SEEDED_THREADS, count(url, "devices"), count(url, "sensors")) == (
            50,
            58,
            218,
        )
