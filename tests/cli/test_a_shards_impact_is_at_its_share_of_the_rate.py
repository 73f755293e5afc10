"""A shard's Impact line estimates at the shard's share of the rate, as its apply paces (each of the n shards,
taken to run at once, to 1/n of it: cli/options.py `Scale.paced`), and says so: at the whole smallest tier's
500/min, a shard's estimate was half what it would take beside its sibling."""

from __future__ import annotations

import re

from tests.e2e.conftest import QUICKSTART, Workspace


def impact_lines(workspace: Workspace, *options: str) -> list[str]:
    """The Impact lines of both shards of the quickstart planned with `options` (a shard changing nothing has
    none)."""
    lines = []
    for shard in ("1/2", "2/2"):
        done = workspace.run("plan", QUICKSTART, "--shard", shard, *options)
        assert done.exit_code == 0, done.output
        lines += [line for line in done.stdout.splitlines() if line.startswith("Impact:")]
    assert lines, "neither shard plans a change"
    return lines


def test_a_shard_estimates_at_its_share_of_the_smallest_tier(workspace: Workspace) -> None:
    for line in impact_lines(workspace):
        assert re.search(r"\(~\d+ s at 250 requests/min, this shard's half of the smallest iTwin", line), line


def test_a_shard_estimates_at_its_share_of_the_rate_limit_and_says_so(workspace: Workspace) -> None:
    for line in impact_lines(workspace, "--rate-limit", "600/min"):
        assert re.search(r"\(~\d+ s at 300 requests/min, this shard's half of --rate-limit\)", line), line
