"""A merged plan whose shard did not finish, with nothing for the shards after it to write, stopped
nothing: its report is headed "Apply incomplete", not "Rollout stopped (shard 1/2 did not finish)"
beside "Verified ... no changes" and "nothing to run again" (cr57 #5)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_ownership_and_fences import observe

MANIFEST = "examples/multi-site/site.yaml.j2"
SITES = "examples/multi-site/sites.csv"
HEADER = "site,name,lat,lon,piezometers,weather_station\n"


def test_a_shard_with_nothing_to_write_after_one_that_did_not_finish_is_not_said_stopped(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = "".join(f"site-0{i},Dam {i},-39.2,169.5,2,true\n" for i in range(1, 5))
    (workspace.path / SITES).write_text(HEADER + rows)
    assert workspace.run("apply", MANIFEST, "--sites", SITES, "--auto-approve").exit_code == 0
    observe(workspace, "multi-site:site-01/weather/air-temp", 10)
    (workspace.path / SITES).write_text(HEADER + rows.replace(",true", ","))  # every weather station goes
    shards = [f"s{i}.json" for i in (1, 2)]
    for index, saved in enumerate(shards, 1):
        planned = workspace.run("plan", MANIFEST, "--sites", SITES, "--shard", f"{index}/2", "--out", saved)
        assert planned.exit_code in (0, 2), planned.output
    assert "Shard 2/2: 0 of the 4 connections" in planned.output  # the split leaves it nothing to write
    assert workspace.run("merge", *shards, "--out", "merged.json").exit_code in (0, 2)
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "write-then-503")  # each removal made, then answered 503
    result = workspace.run("apply", "merged.json", "--allow-destroy")
    assert result.exit_code == 1, result.output
    assert "Rollout stopped" not in result.stdout and "\nApply incomplete: 0 changes applied" in result.stdout
    assert "Verified: a fresh read shows no changes" in result.stdout
    assert "there is nothing to run again" in result.stderr and "rollout stopped" not in result.stderr
