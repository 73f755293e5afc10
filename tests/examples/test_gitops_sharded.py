"""The sharded GitOps examples: every shard job passes its own --shard i/n from the CI's matrix or
parallel index, a merge job turns the shards into the one reviewed plan and the one drift report,
and the apply takes only that merged plan."""

from __future__ import annotations

import os
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


# --- a gateway asleep in one shard ----------------------------------------------------------------
# `iotplan drift` as it ends with a gateway not read and no drift found (README, Exit codes): its
# --out written, exit 1 unless --allow-unread-gateways.
ASLEEP_DRIFT = """\
out=; allow=0; previous=
for argument in "$@"; do
  if [ "$previous" = --out ]; then out="${argument#json=}"; fi
  if [ "$argument" = --allow-unread-gateways ]; then allow=1; fi
  previous="$argument"
done
echo '{"entries": []}' > "$out"
if [ "$allow" = 1 ]; then exit 0; fi
echo "Error: 1 gateway not read (8 settings unchecked), so drift cannot say the fleet matches" >&2
exit 1
"""


def drift_shard_scripts() -> dict[str, tuple[str, dict[str, str]]]:
    """Each pipeline's drift shard shell, with the variables its CI sets for shard 1 of 3."""
    github = next(
        step
        for step in load(GITHUB)["jobs"]["drift-shard"]["steps"]
        if "iotplan drift" in str(step.get("run"))
    )
    gitlab = "\n".join(load(GITLAB)["drift shard"]["script"])
    return {
        "github": (
            github["run"],
            {"SHARD": "1/3", "OUT": "json=drift-1.json", "MANIFEST": "sites/site.yaml"},
        ),
        "gitlab": (gitlab, {"CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "3"}),
    }


@pytest.mark.parametrize("pipeline", ["github", "gitlab"])
def test_a_shard_with_a_gateway_asleep_still_hands_its_report_to_the_merge(
    pipeline: str, tmp_path: Path
) -> None:
    """A shard failing over one sleeping gateway lost the whole night's report: its artifact was not
    kept, and merge refused the shards for the one missing, drift in the others published nowhere.
    Whether an unread gateway fails the night is the merge job's rule, which sees every shard."""
    script, variables = drift_shard_scripts()[pipeline]
    stubs = tmp_path / "bin"
    stubs.mkdir()
    (stubs / "iotplan").write_text(f"#!/bin/sh\n{ASLEEP_DRIFT}")
    (stubs / "iotplan").chmod(0o755)
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "iotplan-secrets.sh").write_text("")
    environment = {
        **os.environ,
        **variables,
        "RATE_LIMIT": "500/min",
        "PATH": f"{stubs}{os.pathsep}{os.environ['PATH']}",
    }
    shell = ["bash", "-e"] if pipeline == "gitlab" else ["bash", "-eo", "pipefail"]
    run = subprocess.run(
        [*shell, "-c", script], cwd=tmp_path, env=environment, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "drift-1.json").exists()


def test_each_shard_s_drift_report_is_kept_whatever_its_exit() -> None:
    github = load(GITHUB)["jobs"]["drift-shard"]["steps"]
    (upload,) = [step for step in github if str(step.get("uses", "")).startswith("actions/upload-artifact")]
    assert upload.get("if") in ("always()", "!cancelled()")
    assert load(GITLAB)["drift shard"]["artifacts"]["when"] == "always"


@pytest.mark.parametrize("path", [GITHUB, GITLAB], ids=["github", "gitlab"])
def test_the_merge_not_each_shard_decides_on_gateways_not_read(path: Path) -> None:
    found = commands(load(path), path.name)
    allowed = {}
    for command in found:
        if (command.argv[0] == "merge" and "junit=drift.xml" in command.argv) or command.argv[0] == "drift":
            name, *args = [VALUES.get(argument, argument) for argument in command.argv]
            allowed[name] = subcommand(name).make_context(name, list(args)).params["allow_unread_gateways"]
    assert allowed == {"drift": True, "merge": False}
