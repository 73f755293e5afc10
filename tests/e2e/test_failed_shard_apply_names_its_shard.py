"""A shard's apply of a merged plan that fails still reports the one shard it ran, as a finished one
does: its JSON `shard` said every shard of the plan was covered."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from iotplan.plan.coverage import Shard
from tests.e2e.conftest import Workspace
from tests.e2e.test_shard import changed_fleet, shard_plans
from tests.e2e.test_shard_apply import CHANGED
from tests.served import seed_with_gateway_ports, served


def test_a_failed_shard_apply_covers_its_own_shard_alone(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_API_KEY", "demo-key")
    with served(seed_with_gateway_ports(tmp_path)) as url:
        monkeypatch.setenv("IOTPLAN_ENDPOINT", url)
        changed_fleet(workspace)
        workspace.run("merge", *shard_plans(workspace, 3), "--out", "plan.json")
        first = min(next(i for i in (1, 2, 3) if Shard(i, 3).holds(site)) for site in CHANGED)
        faults = {"fail_rate": 1.0, "routes": "/api/integrations/integrate"}
        httpx.post(f"{url}/_sim/faults", json=faults).raise_for_status()
        result = workspace.run(
            "apply", "plan.json", "--shard", f"{first}/3", "--auto-approve", "--format", "json"
        )
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout)["shard"]["covered"] == [first]
