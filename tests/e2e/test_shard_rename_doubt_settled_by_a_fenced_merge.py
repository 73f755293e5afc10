"""A merge counts every connection: it settles a shard's doubt over a look-alike another shard removes
(`named_alike_elsewhere`) even where the hinted creation is left out by a fence (`--exclude ws-5`),
which kept the shard's hint as it was, doubt and all ("whose count this shard cannot read", cr64).
It says then what one run with the same fence says."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_shard_renames_fleet_wide import SITE_A, applied, v2

DOUBT = "another shard removes ws-4, named alike"


def _merged_fenced(workspace: Workspace) -> dict[str, str | None]:
    for index in (1, 2):
        planned = workspace.run(
            "plan", "v2.yaml", "--shard", f"{index}/2", "--exclude", "ws-5", "--out", f"plan-{index}.json"
        )
        assert planned.exit_code == 0, planned.output
    joined = workspace.run("merge", "plan-1.json", "plan-2.json", "--out", "merged.json")
    assert joined.exit_code == 2 and DOUBT not in joined.output, joined.output
    assert DOUBT not in workspace.run("show", "merged.json").stdout
    saved = json.loads((workspace.path / "merged.json").read_text())
    [removal] = [change for change in saved["changes"] if change["address"] == "ws-1"]
    assert "named_alike_elsewhere" not in removal
    return {"looks_renamed_to": removal.get("looks_renamed_to")}


@pytest.mark.parametrize(("held_by_ws_4", "hinted"), [(0, "ws-5"), (500, None)])
def test_the_fenced_merge_hints_as_one_fenced_run(
    workspace: Workspace, held_by_ws_4: int, hinted: str | None
) -> None:
    applied(
        workspace, ("ws-1", "Weather station", 1_000), ("ws-4", "Weather station", held_by_ws_4), (*SITE_A, 0)
    )
    v2(workspace, ("ws-5", "Weather station"))
    one_run = workspace.run("plan", "v2.yaml", "--exclude", "ws-5")
    assert ("looks like a rename to ws-5" in one_run.stdout) is (hinted is not None), one_run.output
    assert _merged_fenced(workspace) == {"looks_renamed_to": hinted}
