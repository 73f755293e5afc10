"""An apply of a merged plan that fails in one shard starts none of the shards after it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from iotplan.commands import shard_apply
from iotplan.plan.coverage import Shard
from iotplan.plan.model import Action
from tests.e2e.conftest import Workspace
from tests.e2e.test_shard import FLEET, actions, changed_fleet, shard_plans
from tests.served import seed_with_gateway_ports, serving

STACK = "multi-site"  # examples/multi-site/site.yaml.j2
CHANGED = ("site-04", "site-07", "site-10")  # removed, renamed, new: changed_fleet()


@contextmanager
def merged_fleet_served(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """The changed fleet's merged plan (plan.json) against a served platform: its URL. Its JSON-RPC
    counts what the removed site's sensors hold (none): REST's 0 alone is no count of it."""
    monkeypatch.setenv("IOTPLAN_API_KEY", "demo-key")
    with serving(seed_with_gateway_ports(tmp_path)) as (url, rpc_port):
        monkeypatch.setenv("IOTPLAN_ENDPOINT", url)
        monkeypatch.setenv("IOTPLAN_RPC_ENDPOINT", f"ws://127.0.0.1:{rpc_port}/")
        changed_fleet(workspace)
        workspace.run("merge", *shard_plans(workspace, 3), "--out", "plan.json")
        yield url


def fail_every_write(url: str) -> None:
    faults = {"fail_rate": 1.0, "routes": "/api/integrations/integrate"}
    httpx.post(f"{url}/_sim/faults", json=faults).raise_for_status()


def shards_changed() -> dict[str, int]:
    """The shard of 3 each changed site is in."""
    return {site: next(i for i in (1, 2, 3) if Shard(i, 3).holds(site)) for site in CHANGED}


def test_a_shard_that_fails_stops_the_shards_after_it(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with merged_fleet_served(workspace, tmp_path, monkeypatch) as url:
        before = actions(workspace.json("plan", *FLEET))
        fail_every_write(url)
        httpx.delete(f"{url}/_sim/requests").raise_for_status()
        result = workspace.run("apply", "plan.json")
        httpx.post(f"{url}/_sim/faults", json={}).raise_for_status()
        changed = shards_changed()
        first = min(changed.values())
        assert result.exit_code == 1 and f"shard {first}/3 did not finish" in result.output
        later = [site for site, shard in changed.items() if shard > first]
        assert later and all(f"    {site} (" in result.output for site in later)
        assert all(f"{site}: failed" in result.output for site, shard in changed.items() if shard == first)
        assert actions(workspace.json("plan", *FLEET)) == before


def test_the_shards_done_keep_only_what_they_wrote_and_what_remains(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A merged plan's apply holds one shard's in-sync entities at a time, not every shard's."""
    combined = []

    def kept(*arguments: Any) -> Any:
        combined.append(joined(*arguments))
        return combined[-1]

    joined = shard_apply._combined
    monkeypatch.setattr(shard_apply, "_combined", kept)
    changed_fleet(workspace)
    workspace.run("merge", *shard_plans(workspace, 3), "--out", "plan.json")
    result = workspace.run("apply", "plan.json")
    assert result.exit_code == 0 and "Verified: a fresh read shows no changes." in result.output
    (reported,) = combined
    assert reported.outcomes and reported.after is not None
    assert {change.action for change in reported.plan.changes} == {
        Action.CREATE,
        Action.UPDATE,
        Action.REMOVE,
    }
    assert reported.after.changes == ()


def test_a_later_shard_found_stale_reports_what_the_shards_before_it_wrote(workspace: Workspace) -> None:
    changed_fleet(workspace)
    workspace.run("merge", *shard_plans(workspace, 3), "--out", "plan.json")
    shards = {site: next(i for i in (1, 2, 3) if Shard(i, 3).holds(site)) for site in CHANGED}
    last = max(shards, key=shards.__getitem__)
    earlier = [site for site, shard in shards.items() if shard < shards[last]]
    assert earlier, "the split must put a changed site before the stale one"
    node = {"changeState": "new", "refId": f"{STACK}:{last}", "props": {"NAME": "made by hand"}}
    workspace.integrate({"integration": node})  # behind iotplan's back: the last shard is stale
    result = workspace.run("apply", "plan.json", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert f"shard {shards[last]}/3 was refused" in report["stopped"]
    status = {outcome["connection"]: outcome["status"] for outcome in report["outcomes"]}
    assert all(status[site] == "applied" for site in earlier) and status[last] == "not started"


def test_a_failed_shard_apply_covers_its_own_shard_alone(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A shard's apply of a merged plan that fails still reports the one shard it ran, as a finished
    one does: its JSON `shard` said every shard of the plan was covered."""
    with merged_fleet_served(workspace, tmp_path, monkeypatch) as url:
        fail_every_write(url)
        first = min(shards_changed().values())
        result = workspace.run(
            "apply", "plan.json", "--shard", f"{first}/3", "--auto-approve", "--format", "json"
        )
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout)["shard"]["covered"] == [first]
