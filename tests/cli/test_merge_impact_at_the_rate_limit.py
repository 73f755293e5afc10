"""The merged plan is the one reviewed (the sharded GitOps examples post its Markdown) and the one
`apply --rate-limit` applies: its Impact line estimates at the rate given to merge, as a single
plan's does at `plan --rate-limit`; it was always the smallest tier's 500 a minute."""

from __future__ import annotations

import re

from tests.e2e.conftest import QUICKSTART, Workspace


def merged(workspace: Workspace, *flags: str) -> tuple[str, str]:
    for shard in ("1/2", "2/2"):
        done = workspace.run(
            "plan", QUICKSTART, "--shard", shard, "--rate-limit", "600/min", "--out", f"p{shard[0]}.json"
        )
        assert done.exit_code == 0, done.output
    text = workspace.run("merge", "p1.json", "p2.json", *flags)
    markdown = workspace.run("merge", "p1.json", "p2.json", "--format", "markdown", *flags)
    assert text.exit_code == markdown.exit_code == 2, text.output + markdown.output
    return text.stdout, markdown.stdout


def test_a_merged_plan_estimates_at_the_rate_limit_given(workspace: Workspace) -> None:
    for view in merged(workspace, "--rate-limit", "600/min"):
        assert re.search(r"\(~\d+ s at 600 requests/min, --rate-limit\)", view), view


def test_without_one_it_estimates_at_the_smallest_tier(workspace: Workspace) -> None:
    for view in merged(workspace):
        assert "at 500 requests/min, the smallest iTwin Platform tier" in view, view


def test_merging_drift_reports_refuses_a_rate_limit(workspace: Workspace) -> None:
    for shard in ("1/2", "2/2"):
        workspace.run("drift", QUICKSTART, "--shard", shard, "--out", f"json=d{shard[0]}.json")
    done = workspace.run("merge", "d1.json", "d2.json", "--rate-limit", "600/min")
    assert done.exit_code != 0 and "--rate-limit" in done.stderr
