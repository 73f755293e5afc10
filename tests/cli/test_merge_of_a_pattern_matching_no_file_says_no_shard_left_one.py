"""Every shard of a sharded plan was refused, so none wrote its plan: `iotplan merge shards/plan-*.json`
gets the pattern as written (a shell passes one matching no file so, quoted or not). It says no shard
left a plan there, and why that most often is (see the shards' errors), not that a file of that name
cannot be read."""

from __future__ import annotations

import subprocess

from tests.e2e.conftest import Workspace


def test_a_merge_of_a_pattern_matching_no_file_says_no_shard_left_one(workspace: Workspace) -> None:
    (workspace.path / "shards").mkdir()
    (workspace.path / "shards" / "plan-1.err").write_text("Error: refused\n")  # what a refused shard leaves
    expanded = subprocess.run(
        ["bash", "-c", 'printf "%s\\0" shards/plan-*.json'],
        cwd=workspace.path, capture_output=True, text=True, check=True,
    ).stdout.split("\0")[:-1]  # fmt: skip
    assert expanded == ["shards/plan-*.json"]  # bash without nullglob: the pattern as written

    merged = workspace.run("merge", *expanded)

    assert merged.exit_code == 1
    [line] = merged.stderr.splitlines()
    assert line.startswith("Error: shards/plan-*.json: no file matches it"), line
    assert "no shard left its plan or drift report there" in line, line
    assert "every shard failed before writing one" in line and "see their errors" in line, line
    assert "cannot read it" not in line, line
