"""The GitOps examples (examples/gitops) are well-formed and call iotplan the way the real CLI accepts.

No network and no CI runner: each file is parsed with yaml.safe_load, every `iotplan ...` command in its
shell lines is split with shlex and handed to the real click command's parser.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import pytest
import yaml

from iotplan.cli.main import cli
from tests.conftest import ROOT

GITOPS = ROOT / "examples" / "gitops"
GITHUB = GITOPS / "github" / "iotplan.yml"
GITLAB = GITOPS / "gitlab" / ".gitlab-ci.yml"
PRE_COMMIT = GITOPS / ".pre-commit-config.yaml"
FILES = [GITHUB, GITLAB, PRE_COMMIT]

SUBCOMMANDS = {"validate", "plan", "apply", "drift"}
SHELL_KEYS = {"run", "script", "before_script", "after_script"}  # GitHub steps and GitLab jobs
OPERATORS = {";", "&&", "||", "|", "&", "(", ")", "{", "}", "!", "if", "then", "else", "elif", "do"}
REDIRECTIONS = {">", ">>", "<", ">&", "&>"}
CREDENTIALS = ("IOTPLAN_API_KEY", "IOTPLAN_TOKEN", "IOTPLAN_CLIENT_SECRET", "IOTPLAN_GITLAB_TOKEN")


@dataclass(frozen=True)
class Command:
    """One `iotplan ...` invocation: its arguments after `iotplan`, and the shell line it came from."""

    argv: list[str]
    line: str
    source: str


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text())


def shell_lines(document: Any) -> list[str]:
    """Every shell line under a run/script key, with backslash continuations joined."""
    found: list[str] = []
    if isinstance(document, dict):
        for key, value in document.items():
            if key in SHELL_KEYS:
                texts = value if isinstance(value, list) else [value]
                for text in texts:
                    found += str(text).replace("\\\n", " ").splitlines()
            else:
                found += shell_lines(value)
    elif isinstance(document, list):
        for item in document:
            found += shell_lines(item)
    return found


def iotplan_commands(line: str, source: str) -> list[Command]:
    """The iotplan invocations on one shell line (in command position, without redirections)."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    tokens = list(lexer)
    commands: list[Command] = []
    at_command = True
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if at_command and token == "iotplan":
            argv: list[str] = []
            index += 1
            while index < len(tokens) and tokens[index] not in OPERATORS:
                if tokens[index] in REDIRECTIONS:
                    index += 2  # the operator and its file
                    continue
                argv.append(tokens[index])
                index += 1
            commands.append(Command(argv, line, source))
            continue
        at_command = token in OPERATORS
        index += 1
    return commands


def all_commands() -> list[Command]:
    commands: list[Command] = []
    for path in (GITHUB, GITLAB):
        for line in shell_lines(load(path)):
            commands += iotplan_commands(line, path.name)
    for hook in pre_commit_hooks():
        # pre-commit appends the staged file names to the entry
        commands += iotplan_commands(f"{hook['entry']} sites/site.yaml", PRE_COMMIT.name)
    return commands


def pre_commit_hooks() -> list[dict[str, Any]]:
    return [hook for repo in load(PRE_COMMIT)["repos"] for hook in repo["hooks"]]


def github_jobs() -> dict[str, Any]:
    return load(GITHUB)["jobs"]


def job_running(jobs: dict[str, Any], subcommand: str) -> dict[str, Any]:
    """The one job whose shell lines run `iotplan SUBCOMMAND`."""
    matching = [
        job
        for job in jobs.values()
        if isinstance(job, dict)
        and any(c.argv[:1] == [subcommand] for line in shell_lines(job) for c in iotplan_commands(line, ""))
    ]
    assert len(matching) == 1, f"expected one job running iotplan {subcommand}, found {len(matching)}"
    return matching[0]


def steps_using(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [step for step in job["steps"] if str(step.get("uses", "")).startswith(action + "@")]


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_every_file_is_yaml_a_mapping(path: Path) -> None:
    assert isinstance(load(path), dict)


def test_the_helper_finds_commands_only_in_command_position() -> None:
    line = 'pip install "iotplan @ git+x" && code=0; iotplan plan s.yaml --out p.json > p.md || code=$?'
    assert [c.argv for c in iotplan_commands(line, "")] == [["plan", "s.yaml", "--out", "p.json"]]
    assert iotplan_commands("echo iotplan apply plan.json", "") == []


def test_every_iotplan_command_is_one_the_cli_accepts() -> None:
    commands = all_commands()
    checked: set[str] = set()
    for command in commands:
        name, *args = command.argv
        assert name in SUBCOMMANDS, f"{command.source}: unexpected `iotplan {name}`: {command.line}"
        if name not in cli.commands:
            continue  # a subcommand this version does not have yet (drift): options checked once it exists
        try:
            cli.commands[name].make_context(name, list(args))
        except click.UsageError as error:
            pytest.fail(f"{command.source}: `iotplan {' '.join(command.argv)}`: {error.format_message()}")
        checked.add(name)
    assert {"validate", "plan", "apply"} <= checked


def test_commands_that_exit_2_on_success_capture_the_exit_code() -> None:
    """`plan --detailed-exitcode` and `drift` exit 2 on changes: under `set -e` that must not end the step."""
    for command in all_commands():
        if command.argv[0] == "drift" or "--detailed-exitcode" in command.argv:
            assert re.search(r"\|\|\s*\w+=\$\?", command.line), f"{command.source}: {command.line}"


def test_ci_applies_without_a_prompt_and_plans_what_it_applies() -> None:
    applies = [c for c in all_commands() if c.argv[0] == "apply"]
    assert len(applies) == 2  # one per CI system
    for command in applies:
        assert "--auto-approve" in command.argv, f"{command.source}: CI has no terminal to answer `yes`"
        assert command.argv[1] == "plan.json", f"{command.source}: apply the saved plan, not the manifest"
    plans = [c for c in all_commands() if c.argv[0] == "plan" and "--out" in c.argv]
    assert {c.argv[c.argv.index("--out") + 1] for c in plans} == {"plan.json"}


def test_github_triggers() -> None:
    workflow = load(GITHUB)
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` key as True
    assert "pull_request" in triggers
    assert triggers["push"]["branches"] == ["main"]
    assert [entry["cron"] for entry in triggers["schedule"]] == ["0 3 * * *"]


def test_ci_names_the_platform_so_a_missing_credential_is_an_error_not_the_demo_platform() -> None:
    assert load(GITHUB)["env"]["IOTPLAN_ENDPOINT"]
    assert load(GITLAB)["variables"]["IOTPLAN_ENDPOINT"].startswith("https://")


def test_github_plan_job_comments_and_keeps_the_plan_that_apply_downloads() -> None:
    jobs = github_jobs()
    plan = jobs["plan"]
    assert "pull_request" in plan["if"]
    assert plan["permissions"]["pull-requests"] == "write"
    (comment,) = steps_using(plan, "marocchino/sticky-pull-request-comment")
    assert comment["with"]["path"] == "plan.md"
    (upload,) = steps_using(plan, "actions/upload-artifact")
    assert "plan.json" in upload["with"]["path"].split()

    apply = job_running(jobs, "apply")
    (download,) = steps_using(apply, "dawidd6/action-download-artifact")
    assert download["with"]["name"] == upload["with"]["name"]
    assert download["with"]["workflow"] == GITHUB.name
    assert download["with"]["if_no_artifact_found"] != "fail", "no artifact must fall back to planning again"
    assert apply["permissions"]["actions"] == "read"


def test_github_apply_is_gated_and_never_runs_twice_at_once() -> None:
    apply = job_running(github_jobs(), "apply")
    environment = apply["environment"]
    assert (environment if isinstance(environment, str) else environment["name"]) == "production"
    assert apply["concurrency"]["group"]
    assert apply["concurrency"]["cancel-in-progress"] is False
    assert "refs/heads/main" in apply["if"]


def test_github_drift_job_reports_junit_and_html() -> None:
    drift = job_running(github_jobs(), "drift")
    assert "schedule" in drift["if"]
    (report,) = steps_using(drift, "mikepenz/action-junit-report")
    assert report["with"]["report_paths"] == "drift.xml"
    assert report["if"] == "always()"
    assert drift["permissions"]["checks"] == "write"
    (upload,) = steps_using(drift, "actions/upload-artifact")
    assert {"drift.html", "drift.xml"} <= set(upload["with"]["path"].split())


def test_github_secrets_reach_commands_only_through_env() -> None:
    for line in shell_lines(load(GITHUB)):
        assert "secrets." not in line, f"pass secrets as env:, not in the script: {line}"


def test_no_script_prints_a_credential() -> None:
    for path in (GITHUB, GITLAB):
        for line in shell_lines(load(path)):
            if re.search(r"\b(echo|printf)\b", line):
                assert not any(name in line for name in CREDENTIALS), f"{path.name}: {line}"


def test_gitlab_plan_runs_on_merge_requests_and_apply_uses_its_plan() -> None:
    pipeline = load(GITLAB)
    plan, apply, drift = pipeline["plan"], pipeline["apply"], pipeline["drift"]
    assert "plan.json" in plan["artifacts"]["paths"]
    assert any("CI_MERGE_REQUEST_IID" in line and "notes" in line for line in shell_lines(plan))
    sources = [rule["if"] for rule in pipeline["workflow"]["rules"]]
    assert any("merge_request_event" in source for source in sources)
    assert apply["needs"] == ["plan"]
    assert apply["resource_group"] == "production"
    assert all("CI_DEFAULT_BRANCH" in rule["if"] for rule in apply["rules"])
    assert [rule["if"] for rule in drift["rules"]] == ['$CI_PIPELINE_SOURCE == "schedule"']
    assert drift["artifacts"]["reports"]["junit"] == "drift.xml"
    assert drift["artifacts"]["when"] == "always"
    assert "drift.html" in drift["artifacts"]["paths"]


def test_pre_commit_validates_manifests_under_sites() -> None:
    (hook,) = [hook for hook in pre_commit_hooks() if hook["entry"].startswith("iotplan validate")]
    assert load(PRE_COMMIT)["repos"][0]["repo"] == "local"
    assert hook["language"] == "system"
    assert hook["pass_filenames"] is True
    files = re.compile(hook["files"])
    for name in ("sites/a.yaml", "sites/b.yml", "sites/east/site.yaml.j2"):
        assert files.search(name), name
    for name in ("README.md", "examples/site.yaml", "sites/sites.csv"):
        assert not files.search(name), name
