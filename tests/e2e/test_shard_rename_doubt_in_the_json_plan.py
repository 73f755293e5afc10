"""A shard's rename hint doubted over a look-alike another shard removes (`another shard removes ws-4,
named alike, whose count this shard cannot read`) was said in the text plan only (fx190): the JSON plan
gave `looks_renamed_to` alone, as sure as one run's. Since format 1.12 the removal names the look-alikes
(`named_alike_elsewhere`); `show` of the saved plan says the doubt again; `merge`, which counts every
connection, hints the pair as one run does and drops it."""

from __future__ import annotations

import json

from iotplan.plan.model import FORMAT_VERSION
from tests.e2e.conftest import Workspace
from tests.e2e.test_shard_renames_fleet_wide import SITE_A, applied, merged, v2

DOUBT = "another shard removes ws-4, named alike, whose count this shard cannot read"


def test_the_shards_json_plan_names_the_look_alike_another_shard_removes(workspace: Workspace) -> None:
    applied(workspace, ("ws-1", "Weather station", 1_000), ("ws-4", "Weather station", 0), (*SITE_A, 0))
    v2(workspace, ("ws-5", "Weather station"))
    planned = workspace.run("plan", "v2.yaml", "--shard", "1/2", "--out", "plan-1.json")
    assert planned.exit_code == 0 and DOUBT in planned.stdout, planned.output
    saved = json.loads((workspace.path / "plan-1.json").read_text())
    assert saved["format_version"] == FORMAT_VERSION == "1.18"
    [removal] = [change for change in saved["changes"] if change["address"] == "ws-1"]
    assert (removal["looks_renamed_to"], removal["named_alike_elsewhere"]) == ("ws-5", ["ws-4"])
    shown = workspace.run("show", "plan-1.json")
    assert DOUBT in shown.stdout, shown.output
    again = json.loads(workspace.run("show", "plan-1.json", "--format", "json").stdout)
    assert [c for c in again["changes"] if c["address"] == "ws-1"] == [removal]
    assert DOUBT not in merged(workspace)  # the whole counts ws-4: none held, the pair hinted plainly
    joined = json.loads((workspace.path / "merged.json").read_text())
    [removal] = [change for change in joined["changes"] if change["address"] == "ws-1"]
    assert removal["looks_renamed_to"] == "ws-5" and "named_alike_elsewhere" not in removal
