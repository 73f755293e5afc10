"""The GitOps examples (examples/gitops) are well-formed and call iotplan the way the real CLI accepts.

No network and no CI runner: each file is parsed with yaml.safe_load, every `iotplan ...` command in its
shell lines is split with shlex and handed to the real click command's parser.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import pytest
import yaml

from iotplan.cli.main import cli, subcommand
from tests.conftest import ROOT

GITOPS = ROOT / "examples" / "gitops"
GITHUB = GITOPS / "github" / "iotplan.yml"
GITLAB = GITOPS / "gitlab" / ".gitlab-ci.yml"
PRE_COMMIT = GITOPS / ".pre-commit-config.yaml"
FILES = [GITHUB, GITLAB, PRE_COMMIT]

SUBCOMMANDS = {"validate", "plan", "apply", "drift"}
CREDENTIAL_SECRETS = {"IOTPLAN_API_KEY", "IOTPLAN_TOKEN", "IOTPLAN_CLIENT_ID", "IOTPLAN_CLIENT_SECRET"}
SHELL_KEYS = {"run", "script", "before_script", "after_script"}  # GitHub steps and GitLab jobs
OPERATORS = {";", "&&", "||", "|", "&", "(", ")", "{", "}", "!", "if", "then", "else", "elif", "do"}
REDIRECTIONS = {">", ">>", "<", ">&", "&>"}
# `|| code=$?`, or for a command piped through tee (pipefail), `|| code=${PIPESTATUS[0]}`: its own code.
EXIT_CODE_KEPT = r"\|\|\s*\w+=(\$\?|\$\{PIPESTATUS\[0\]\})"
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
                if tokens[index].isdigit() and index + 1 < len(tokens) and tokens[index + 1] in REDIRECTIONS:
                    index += 3  # `2> plan.err`: the descriptor, the operator and its file
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
    line = (
        'pip install "iotplan @ git+x" && code=0; iotplan plan s.yaml --out p.json > p.md 2> p.err || code=$?'
    )
    assert [c.argv for c in iotplan_commands(line, "")] == [["plan", "s.yaml", "--out", "p.json"]]
    assert iotplan_commands("echo iotplan apply plan.json", "") == []


def test_every_iotplan_command_is_one_the_cli_accepts() -> None:
    commands = all_commands()
    checked: set[str] = set()
    for command in commands:
        name, *args = command.argv
        assert name in SUBCOMMANDS, f"{command.source}: unexpected `iotplan {name}`: {command.line}"
        if name not in cli.list_commands(click.Context(cli)):
            continue  # a subcommand this version does not have yet (drift): options checked once it exists
        try:
            subcommand(name).make_context(name, list(args))
        except click.UsageError as error:
            pytest.fail(f"{command.source}: `iotplan {' '.join(command.argv)}`: {error.format_message()}")
        checked.add(name)
    assert {"validate", "plan", "apply"} <= checked


def test_commands_that_exit_2_on_success_capture_the_exit_code() -> None:
    """`plan --detailed-exitcode` and `drift` exit 2 on changes: under `set -e` that must not end the step."""
    for command in all_commands():
        if command.argv[0] == "drift" or "--detailed-exitcode" in command.argv:
            assert re.search(EXIT_CODE_KEPT, command.line), f"{command.source}: {command.line}"


def test_ci_applies_without_a_prompt_and_plans_what_it_applies() -> None:
    applies = [c for c in all_commands() if c.argv[0] == "apply"]
    assert len(applies) == 2  # one per CI system
    for command in applies:
        assert "--auto-approve" in command.argv, f"{command.source}: CI has no terminal to answer `yes`"
        assert command.argv[1] == "reviewed/plan.json", f"{command.source}: apply the reviewed plan"
    plans = [c for c in all_commands() if c.argv[0] == "plan" and "--out" in c.argv]
    assert {c.argv[c.argv.index("--out") + 1] for c in plans} == {"plan.json"}


@pytest.mark.parametrize(
    ("path", "schema"),
    [(GITHUB, "vendor.github-workflows"), (GITLAB, "vendor.gitlab-ci")],
    ids=["github", "gitlab"],
)
def test_each_pipeline_passes_its_ci_schema(path: Path, schema: str) -> None:
    """The schemas GitHub's and GitLab's editors use (SchemaStore's), as check-jsonschema ships them."""
    checked = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_no_job_that_applies_makes_a_plan_of_its_own() -> None:
    for jobs, source in ((github_jobs(), GITHUB.name), (gitlab_jobs(), GITLAB.name)):
        applying = job_running(jobs, "apply")
        commands = [c.argv[0] for line in shell_lines(applying) for c in iotplan_commands(line, source)]
        assert "plan" not in commands, (
            f"{source}: the apply job plans afresh instead of applying the reviewed plan"
        )


def test_github_names_no_manifest_secret_and_every_iotplan_step_loads_the_manifest_secrets() -> None:
    text = GITHUB.read_text()
    named = set(re.findall(r"\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)", text))
    assert named == CREDENTIAL_SECRETS, f"secrets named in the workflow beyond the credential: {named}"
    for job in github_jobs().values():
        for step in job["steps"]:
            lines = shell_lines(step)
            talks = [
                c
                for line in lines
                for c in iotplan_commands(line, "")
                if c.argv[0] in {"plan", "apply", "drift"}
            ]
            if talks:
                assert step["env"]["IOTPLAN_SECRETS_JSON"] == "${{ toJSON(secrets) }}", step["name"]
                assert any(line.startswith("source .github/iotplan-secrets.sh") for line in lines), step[
                    "name"
                ]


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
    uploads = steps_using(plan, "actions/upload-artifact")
    (upload,) = [step for step in uploads if "plan.json" in step["with"]["path"].split()]
    # a failed plan's whole error is kept under another name: the apply never downloads it
    assert all(step["with"]["name"] != upload["with"]["name"] for step in uploads if step is not upload)

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
    assert {"drift.html", "drift.xml", "drift.json"} <= set(upload["with"]["path"].split())


def test_each_drift_job_reads_the_platform_once_for_all_its_reports() -> None:
    for jobs, source in ((github_jobs(), GITHUB.name), (gitlab_jobs(), GITLAB.name)):
        drift = job_running(jobs, "drift")
        [command] = [
            c for line in shell_lines(drift) for c in iotplan_commands(line, source) if c.argv[0] == "drift"
        ]
        outs = [command.argv[i + 1] for i, arg in enumerate(command.argv) if arg in ("--out", "--output")]
        assert outs == ["junit=drift.xml", "html=drift.html", "json=drift.json"], source


def test_github_secrets_reach_commands_only_through_env() -> None:
    for line in shell_lines(load(GITHUB)):
        assert not re.search(r"\$\{\{.*secrets", line), f"pass secrets as env:, not in the script: {line}"


def test_no_script_prints_a_credential() -> None:
    for path in (GITHUB, GITLAB):
        for line in shell_lines(load(path)):
            if re.search(r"\b(echo|printf)\b", line):
                assert not any(name in line for name in CREDENTIALS), f"{path.name}: {line}"


def gitlab_jobs() -> dict[str, Any]:
    return {name: job for name, job in load(GITLAB).items() if isinstance(job, dict) and "script" in job}


def test_gitlab_plans_on_merge_requests_and_updates_one_note() -> None:
    pipeline = load(GITLAB)
    plan = pipeline["plan"]
    assert "plan.json" in plan["artifacts"]["paths"]
    assert "python3 iotplan_gitlab.py note plan.md" in shell_lines(plan)
    assert not any("curl" in line and "notes" in line for line in shell_lines(plan)), "a POST per push"
    assert [rule["if"] for rule in plan["rules"]] == ['$CI_PIPELINE_SOURCE == "merge_request_event"']
    sources = [rule["if"] for rule in pipeline["workflow"]["rules"]]
    assert any("merge_request_event" in source for source in sources)


def test_gitlab_applies_the_reviewed_plan_by_hand_on_a_protected_environment_one_at_a_time() -> None:
    apply = load(GITLAB)["apply"]
    assert [rule.get("when") for rule in apply["rules"]] == ["manual"]
    assert all("CI_DEFAULT_BRANCH" in rule["if"] for rule in apply["rules"])
    assert apply["environment"]["name"] == "production" and apply["resource_group"] == "production"
    assert "needs" not in apply, "the plan job of the default branch pipeline is not the one reviewed"
    script = shell_lines(apply)
    assert script.index("python3 iotplan_gitlab.py reviewed-plan reviewed") < script.index(
        "iotplan apply reviewed/plan.json --auto-approve"
    )


def test_gitlab_drift_runs_on_schedule_and_publishes_its_reports() -> None:
    drift = load(GITLAB)["drift"]
    assert [rule["if"] for rule in drift["rules"]] == ['$CI_PIPELINE_SOURCE == "schedule"']
    assert drift["artifacts"]["reports"]["junit"] == "drift.xml"
    assert drift["artifacts"]["when"] == "always"
    assert {"drift.html", "drift.json"} <= set(drift["artifacts"]["paths"])


def test_both_pipelines_check_the_plan_against_the_policy_with_the_request_labels() -> None:
    policy = load(GITLAB)["policy"]
    assert policy["needs"] == ["plan"] and policy["image"]["name"].startswith("openpolicyagent/conftest:")
    assert "conftest test plan.json --policy policy/ --data labels.json" in shell_lines(policy)
    assert any("CI_MERGE_REQUEST_LABELS" in line for line in shell_lines(policy))
    plan = github_jobs()["plan"]
    [step] = [step for step in plan["steps"] if "CONFTEST_IMAGE" in str(step.get("run", ""))]
    assert load(GITHUB)["env"]["CONFTEST_IMAGE"].startswith("openpolicyagent/conftest:")
    assert step["if"] == "github.event_name == 'pull_request'"
    assert "--policy policy/ --data labels.json" in step["run"]
    assert "github.event.pull_request.labels" in step["env"]["LABELS"]


def test_pre_commit_validates_manifests_under_sites() -> None:
    (hook,) = [hook for hook in pre_commit_hooks() if hook["entry"].startswith("iotplan validate")]
    assert load(PRE_COMMIT)["repos"][0]["repo"] == "local"
    assert hook["language"] == "system"
    assert hook["pass_filenames"] is True
    files = re.compile(hook["files"])
    for name in ("sites/a.yaml", "sites/b.yml", "sites/east/site.yaml"):
        assert files.search(name), name
    # A template validated without its --sites fails (`'sites' is undefined`): it blocked commits.
    for name in ("README.md", "examples/site.yaml", "sites/sites.csv", "sites/east/site.yaml.j2"):
        assert not files.search(name), name
