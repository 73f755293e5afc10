"""`apply merged.json` prints each shard's plan on stdout, each with its own `Impact:` and `Plan:`
lines; their `Shard i/n:` headings went to stderr, so a log of stdout held unlabelled `Plan:` lines
one after another (fz67 #3)."""

from __future__ import annotations

import json

from tests.e2e.conftest import Workspace
from tests.e2e.merged_fleet import merged_fleet


def test_each_shards_heading_comes_before_its_plan_on_stdout(workspace: Workspace) -> None:
    applied = merged_fleet(workspace).run("apply", "merged.json")
    assert applied.exit_code == 0, applied.output
    lines = applied.stdout.splitlines()
    headings = [index for index, line in enumerate(lines) if line.startswith("Shard ")]
    plans = [index for index, line in enumerate(lines) if line.startswith("Plan: ")]
    assert [lines[index] for index in headings] == ["Shard 1/2:", "Shard 2/2:"], applied.stdout
    assert headings[0] < plans[0] < headings[1] < plans[1], applied.stdout


def test_its_json_outcome_is_the_whole_of_stdout(workspace: Workspace) -> None:
    applied = merged_fleet(workspace).run("apply", "merged.json", "--format", "json")
    assert applied.exit_code == 0, applied.output
    assert json.loads(applied.stdout)["status"]
