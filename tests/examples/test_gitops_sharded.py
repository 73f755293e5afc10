"""The sharded GitOps examples: every shard job passes its own --shard i/n from the CI's matrix or
parallel index, a merge job turns the shards into the one reviewed plan and the one drift report,
and the apply takes only that merged plan."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest

from iotplan.cli.main import subcommand
from tests.examples.test_gitops import EXIT_CODE_KEPT, GITOPS, Command, iotplan_commands, load, shell_lines

GITHUB = GITOPS / "github" / "iotplan-sharded.yml"
GITLAB = GITOPS / "gitlab" / ".gitlab-ci-sharded.yml"
# What the CI puts in the variables the commands name, for the CLI's parser.
VALUES = {"$CI_NODE_INDEX/$CI_NODE_TOTAL": "3/10", "$SHARD": "3/10", "$RATE_LIMIT": "500/min"}


def commands(document: Any, source: str) -> list[Command]:
    return [command for line in shell_lines(document) for command in iotplan_commands(line, source)]


def job_commands(path: Path) -> dict[str, list[Command]]:
    document = load(path)
    jobs = document.get("jobs", document)
    return {name: commands(job, path.name) for name, job in jobs.items() if isinstance(job, dict)}


@pytest.mark.parametrize("path", [GITHUB, GITLAB], ids=["github", "gitlab"])
def test_every_iotplan_command_is_one_the_cli_accepts(path: Path) -> None:
    for found in commands(load(path), path.name):
        name, *args = [VALUES.get(argument, argument) for argument in found.argv]
        try:
            subcommand(name).make_context(name, list(args))
        except click.UsageError as error:
            pytest.fail(f"{path.name}: `iotplan {' '.join(found.argv)}`: {error.format_message()}")


@pytest.mark.parametrize(
    ("path", "schema"),
    [(GITHUB, "vendor.github-workflows"), (GITLAB, "vendor.gitlab-ci")],
    ids=["github", "gitlab"],
)
def test_each_pipeline_passes_its_ci_schema(path: Path, schema: str) -> None:
    checked = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_github_shards_take_their_index_and_count_from_the_matrix() -> None:
    jobs = load(GITHUB)["jobs"]
    for name in ("plan-shard", "apply", "drift-shard"):
        job = jobs[name]
        strategy = job["strategy"]
        assert strategy["fail-fast"] is False and strategy["matrix"]["shard"] == list(range(1, 11))
        shard_env = [step["env"]["SHARD"] for step in job["steps"] if "SHARD" in step.get("env", {})]
        assert shard_env == ["${{ matrix.shard }}/${{ strategy.job-total }}"], name
        lines = [line for line in shell_lines(job) if "iotplan " in line and "--" in line]
        assert lines and all('--shard "$SHARD"' in line for line in lines)


def test_gitlab_shards_take_their_index_and_count_from_parallel() -> None:
    document = load(GITLAB)
    for name in ("plan shard", "drift shard"):
        assert document[name]["parallel"] == 10
        (found,) = commands(document[name], GITLAB.name)
        assert found.argv[found.argv.index("--shard") + 1] == "$CI_NODE_INDEX/$CI_NODE_TOTAL"


@pytest.mark.parametrize("path", [GITHUB, GITLAB], ids=["github", "gitlab"])
def test_a_merge_job_makes_the_reviewed_plan_and_the_drift_report(path: Path) -> None:
    merges = [c for c in commands(load(path), path.name) if c.argv[0] == "merge"]
    plan_merge, drift_merge = merges
    assert plan_merge.argv[plan_merge.argv.index("--out") + 1] == "plan.json"
    assert {"junit=drift.xml", "html=drift.html", "json=drift.json"} <= set(drift_merge.argv)
    for merge in merges:  # exit 2 (changes, drift) must not end the step under set -e
        assert re.search(EXIT_CODE_KEPT, merge.line), merge.line


@pytest.mark.parametrize("path", [GITHUB, GITLAB], ids=["github", "gitlab"])
def test_the_apply_takes_only_the_merged_reviewed_plan(path: Path) -> None:
    applies = [c for c in commands(load(path), path.name) if c.argv[0] == "apply"]
    assert len(applies) == 1
    (apply,) = applies
    assert apply.argv[1] == "reviewed/plan.json" and "--auto-approve" in apply.argv
    planning = [name for name, found in job_commands(path).items() if any(c.argv[0] == "plan" for c in found)]
    assert all("apply" not in name for name in planning)


def test_every_shard_paces_to_a_share_of_one_rate() -> None:
    for path in (GITHUB, GITLAB):
        reading = [c for c in commands(load(path), path.name) if "--shard" in c.argv]
        assert reading and all("--rate-limit" in c.argv for c in reading), path.name


@pytest.mark.parametrize("path", [GITOPS / "github" / "iotplan.yml", GITHUB], ids=lambda path: path.name)
def test_github_drift_never_shares_a_concurrency_group_with_an_apply(path: Path) -> None:
    """GitHub keeps one pending job per group and cancels it for a newer one: a drift job queued in an
    apply's group would cancel the apply waiting there (docs/gitops.md)."""
    jobs = load(path)["jobs"]
    groups = {
        name: str(job.get("concurrency", {}).get("group", ""))
        for name, job in jobs.items()
        if isinstance(job, dict)
    }
    apply_groups = {group for name, group in groups.items() if name.startswith("apply") and group}
    drift_groups = {group for name, group in groups.items() if name.startswith("drift") and group}
    assert apply_groups and drift_groups
    assert not apply_groups & drift_groups
