"""A logger moved from one declared THREAD to another held by another shard (`ta` in shard 3 of 3,
`tc` in shard 1): one run tells on the new logger's line that the box is kept unmanaged under `ta`,
holding its history, and on its sensor's that the old one keeps its observations. The shard creating
it and the merged plan say what one run says, while the shard holding `ta` keeps the box there."""

from __future__ import annotations

import json

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread_logger_moved_between_two_declared_threads_is_noted import VW, site

MOVED = VW.replace("key: vw", "key: moved")


def reasons(workspace: Workspace, *args: str, out: str = "p.json") -> dict[str, str]:
    planned = workspace.run("plan", "site.yaml", *args, "--out", out)
    assert planned.exit_code in (0, 2), planned.output
    return reasons_in(workspace, out)


def reasons_in(workspace: Workspace, saved: str) -> dict[str, str]:
    plan = json.loads((workspace.path / saved).read_text())
    return {change["address"]: change["reason"] for change in plan["changes"]}


def told_as_one_run_tells(workspace: Workspace, before: str, after: str, moved: str) -> list[dict[str, str]]:
    """Applies `before`, 500 observations on `ta`'s VW logger's sensor, then plans `after`, where that
    box is the new logger `moved`: one run tells on its line and its sensor's where the history stays,
    and shard 1 of 3 and the merged plan tell it alike. The shards' reasons, by address."""
    (workspace.path / "site.yaml").write_text(before)
    assert workspace.run("apply", "site.yaml", "--auto-approve").exit_code == 0
    pz = "/fn/4A1B2C/node/vwlogger/032433/device/pz-1/sensor"
    workspace.api("POST", "/_sim/observations", json={"sensor_id": pz, "count": 500})
    (workspace.path / "site.yaml").write_text(after)

    one_run = reasons(workspace)
    assert "kept there unmanaged as ta/#032433" in one_run[moved], one_run[moved]
    assert "keeps its 500 observations" in one_run[f"{moved}/pz-1"], one_run[f"{moved}/pz-1"]
    shards = [reasons(workspace, "--shard", f"{i}/3", out=f"s{i}.json") for i in (1, 2, 3)]
    assert shards[0][moved] == one_run[moved]
    assert shards[0][f"{moved}/pz-1"] == one_run[f"{moved}/pz-1"]
    merged = workspace.run("merge", "s1.json", "s2.json", "s3.json", "--out", "m.json")
    assert merged.exit_code in (0, 2), merged.output
    assert {each: reasons_in(workspace, "m.json")[each] for each in one_run} == one_run
    return shards


def test_the_shard_creating_a_moved_logger_notes_it_as_one_run_does(workspace: Workspace) -> None:
    shards = told_as_one_run_tells(workspace, site(VW, "", tb="tc"), site("", MOVED, tb="tc"), "tc/moved")
    assert "ta/#032433" in shards[2], shards[2]  # kept by the shard holding `ta`
