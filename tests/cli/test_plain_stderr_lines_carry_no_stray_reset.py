"""Under FORCE_COLOR a CI log shows ANSI: a stderr line iotplan does not colour carries no escape at
all, not a reset (ESC[0m) closing a style that was never opened."""

from __future__ import annotations

import pytest
from click.testing import CliRunner, Result

from iotplan.cli.main import cli
from tests.e2e.conftest import QUICKSTART, Workspace

RESET = "\x1b[0m"


def coloured(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env={"FORCE_COLOR": "1", "NO_COLOR": ""})


def line_with(text: str, stderr: str) -> str:
    (line,) = [line for line in stderr.splitlines() if text in line]
    return line


def test_the_merged_line_of_merge(workspace: Workspace) -> None:
    for shard in ("1/2", "2/2"):
        planned = coloured("plan", QUICKSTART, "--shard", shard, "--out", f"plan-{shard[0]}.json")
        assert planned.exit_code == 0, planned.output
    merged = coloured("merge", "plan-1.json", "plan-2.json", "--format", "json")
    assert merged.exit_code == 2, merged.output  # changes
    assert RESET not in line_with("Merged 2 shards.", merged.stderr)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("plan", QUICKSTART, "--out", "plan.json"), "Saved the plan to plan.json"),
        (("plan", QUICKSTART, "--shard", "1/2"), "Shard 1/2: "),
    ],
    ids=["saved", "shard"],
)
def test_the_lines_plan_says_on_stderr(workspace: Workspace, args: tuple[str, ...], said: str) -> None:
    planned = coloured(*args)
    assert planned.exit_code == 0, planned.output
    assert RESET not in line_with(said, planned.stderr)


def test_the_digest_line_of_a_saved_plans_apply(workspace: Workspace) -> None:
    assert coloured("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    applied = coloured("apply", "plan.json")
    assert applied.exit_code == 0, applied.output
    assert RESET not in line_with("Applying the saved plan", applied.stderr)
