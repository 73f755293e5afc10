"""The GitOps examples run: the GitLab helper against a GitLab API on loopback, the GitHub secrets
script in bash, the policy in a Rego engine, and plan → reviewed artifact → apply as CI does it."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
import regopy
import yaml

from iotplan.render import plan_to_json
from tests.conftest import ROOT
from tests.e2e.conftest import QUICKSTART, Workspace, workspace  # noqa: F401 (a fixture)
from tests.e2e.test_interrupt import readable
from tests.render import plans

GITOPS = ROOT / "examples" / "gitops"
MERGE_SHA, HEAD_SHA = "a1" * 20, "b2" * 20


def helper() -> ModuleType:
    spec = importlib.util.spec_from_file_location("iotplan_gitlab", GITOPS / "gitlab" / "iotplan_gitlab.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class FakeGitLab:
    """The few endpoints the helper calls, with one merge request and the artifact of its plan job."""

    def __init__(self, artifact: bytes = b"{}", pipeline_sha: str = HEAD_SHA) -> None:
        self.notes: dict[int, str] = {}
        self.calls: list[str] = []
        self.artifact, self.pipeline_sha = artifact, pipeline_sha

    def answer(self, method: str, path: str, form: dict[str, list[str]]) -> Any:
        self.calls.append(f"{method} {path}")
        base = "/api/v4/projects/42"
        routes = {
            f"{base}/repository/commits/{MERGE_SHA}/merge_requests": lambda: [
                {"iid": 7, "state": "merged", "sha": HEAD_SHA}
            ],
            f"{base}/merge_requests/7/pipelines": lambda: [{"id": 900, "sha": self.pipeline_sha}],
            f"{base}/pipelines/900/jobs": lambda: [
                {"id": 31, "name": "validate"},
                {"id": 32, "name": "plan"},
            ],
            f"{base}/jobs/32/artifacts/plan.json": lambda: self.artifact,
        }
        if path == f"{base}/merge_requests/7/notes":
            if method == "POST":
                self.notes[len(self.notes) + 1] = form["body"][0]
                return {"id": len(self.notes)}
            return [{"id": number, "body": body} for number, body in self.notes.items()]
        if path.startswith(f"{base}/merge_requests/7/notes/") and method == "PUT":
            self.notes[int(path.rsplit("/", 1)[1])] = form["body"][0]
            return {}
        return routes[path]()


@pytest.fixture
def gitlab(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGitLab]:
    fake = FakeGitLab()

    class Handler(BaseHTTPRequestHandler):
        def handle_one(self, method: str) -> None:
            url = urlparse(self.path)
            size = int(self.headers.get("Content-Length") or 0)
            form = parse_qs(self.rfile.read(size).decode()) if size else {}
            assert self.headers["PRIVATE-TOKEN"] == "glpat-test"
            answer = fake.answer(method, url.path, form)
            body = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
            self.send_response(200)
            self.send_header(
                "Content-Type",
                "application/octet-stream" if isinstance(answer, bytes) else "application/json",
            )
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            self.handle_one("GET")

        def do_POST(self) -> None:
            self.handle_one("POST")

        def do_PUT(self) -> None:
            self.handle_one("PUT")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    environment = {
        "CI_API_V4_URL": f"http://127.0.0.1:{server.server_port}/api/v4",
        "CI_PROJECT_ID": "42",
        "CI_MERGE_REQUEST_IID": "7",
        "CI_COMMIT_SHA": MERGE_SHA,
        "IOTPLAN_GITLAB_TOKEN": "glpat-test",
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    yield fake
    server.shutdown()
    server.server_close()


def test_gitlab_keeps_one_plan_note_per_merge_request_updated_on_each_push(
    gitlab: FakeGitLab, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.md"
    for push in ("Plan: 1 to add", "Plan: 2 to add", "Plan: 0 to add"):
        plan.write_text(push)
        assert helper().main(["note", str(plan)]) == 0
    assert list(gitlab.notes) == [1] and gitlab.notes[1].endswith("Plan: 0 to add")
    assert [call for call in gitlab.calls if not call.startswith("GET")] == [
        "POST /api/v4/projects/42/merge_requests/7/notes",
        "PUT /api/v4/projects/42/merge_requests/7/notes/1",
        "PUT /api/v4/projects/42/merge_requests/7/notes/1",
    ]


def test_gitlab_downloads_the_plan_reviewed_on_the_merge_request(gitlab: FakeGitLab, tmp_path: Path) -> None:
    gitlab.artifact = plan_to_json(plans.update()).encode()
    assert helper().main(["reviewed-plan", str(tmp_path / "reviewed")]) == 0
    assert (tmp_path / "reviewed" / "plan.json").read_bytes() == gitlab.artifact


def test_gitlab_refuses_a_plan_made_before_the_last_push(
    gitlab: FakeGitLab, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gitlab.pipeline_sha = "c3" * 20  # the plan job's pipeline ran on an earlier commit
    assert helper().main(["reviewed-plan", str(tmp_path)]) == 1
    assert "not the one merged" in capsys.readouterr().err and not (tmp_path / "plan.json").exists()


def test_gitlab_refuses_a_commit_that_no_merge_request_brought(
    gitlab: FakeGitLab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    gitlab.answer = lambda method, path, form: []  # type: ignore[method-assign]
    assert helper().main(["reviewed-plan", str(tmp_path)]) == 1
    assert "was not merged from a merge request: no plan was reviewed" in capsys.readouterr().err


# --- GitHub: the secrets a manifest references, and only those ---------------------------------
SECRET_MANIFEST = """apiVersion: iotplan/v1
stack: s
projects:
  - id: p1
    nodes:
      - {key: a, kind: api, name: A, auth_token: "${env:SITE_A_TOKEN}"}
      - {key: b, kind: api, name: B, auth_token: "${env:SITE_B_TOKEN}"}
      # - {key: c, kind: api, name: C, auth_token: "${env:RETIRED_TOKEN}"}   a comment needs no secret
"""


def source_secrets(
    tmp_path: Path, manifest: str, secrets: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    script = GITOPS / "github" / "iotplan-secrets.sh"
    line = f'source {script} {manifest}; env | sort | {{ grep -E "^(SITE_|OTHER|IOTPLAN_SECRETS)" || true; }}'
    environment = {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "IOTPLAN_SECRETS_JSON": json.dumps(secrets),
    }
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", line],
        cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed (GitHub's runners have it)")
def test_github_exports_exactly_the_secrets_the_manifest_references(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text(SECRET_MANIFEST)
    secrets = {"SITE_A_TOKEN": "token-a", "SITE_B_TOKEN": "token-b", "OTHER": "not for iotplan"}
    done = source_secrets(tmp_path, "site.yaml", secrets)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["SITE_A_TOKEN=token-a", "SITE_B_TOKEN=token-b"]


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed (GitHub's runners have it)")
def test_github_works_for_a_manifest_without_secrets_and_names_a_missing_one(tmp_path: Path) -> None:
    shutil.copy(ROOT / QUICKSTART, tmp_path / "site.yaml")
    done = source_secrets(tmp_path, "site.yaml", {"OTHER": "x"})
    assert (done.returncode, done.stdout) == (0, "")
    (tmp_path / "site.yaml").write_text(SECRET_MANIFEST)
    done = source_secrets(tmp_path, "site.yaml", {"SITE_A_TOKEN": "token-a", "SITE_B_TOKEN": ""})
    assert (
        done.returncode == 1 and "${env:SITE_B_TOKEN}: add a repository or environment secret" in done.stdout
    )


# --- the policy ----------------------------------------------------------------------------------
def denials(plan_json: str, labels: list[str]) -> list[str]:
    engine = regopy.Interpreter()
    engine.add_module("iotplan", (GITOPS / "policy" / "iotplan.rego").read_text())
    engine.set_input_term(plan_json)
    engine.add_data_json(json.dumps({"labels": labels}))
    return list(json.loads(str(engine.query("data.main.deny")))["expressions"][0])


def test_the_policy_refuses_a_removal_of_data_without_the_label() -> None:
    refused = denials(plan_to_json(plans.destruction()), ["documentation"])
    assert refused == [
        'dam-a/logger-1/pz-3: remove deletes 1234 observations: add the label "allow-destroy" to the request '
        "if that history may go",
        'dam-b/logger-2/tilt-1: replace deletes 52310 observations: add the label "allow-destroy" to the '
        "request if that history may go",
    ]  # dam-a/logger-9 holds nothing: it may go


def test_the_policy_lets_a_labelled_removal_and_a_plan_without_removals_through() -> None:
    assert denials(plan_to_json(plans.destruction()), ["allow-destroy"]) == []
    assert denials(plan_to_json(plans.update()), []) == []


def test_the_policy_counts_an_unknown_count_as_data_and_refuses_a_plan_it_cannot_read() -> None:
    document = json.loads(plan_to_json(plans.destruction()))
    logger = next(change for change in document["changes"] if change["address"] == "dam-a/logger-9")
    logger["observations_unknown"] = True
    assert any(
        "dam-a/logger-9: remove deletes observations nobody could count" in d
        for d in denials(json.dumps(document), [])
    )
    logger["observations"] = 50  # part counted: the count read is still told
    assert any(
        "dam-a/logger-9: remove deletes at least 50 observations (and more nobody could count)" in d
        for d in denials(json.dumps(document), [])
    )
    document["format_version"] = "2.0"
    assert "plan format_version 2.0: this policy reads 1.x" in denials(
        json.dumps(document), ["allow-destroy"]
    )


# --- plan on the request, apply the artifact after merge ----------------------------------------
def test_gitlab_applies_the_plan_reviewed_on_the_merge_request(
    workspace: Workspace,  # noqa: F811 (the fixture)
    gitlab: FakeGitLab,
) -> None:
    reviewed = workspace.run("plan", QUICKSTART, "--format", "markdown", "--out", "plan.json")
    assert reviewed.exit_code == 0 and "8 to add" in reviewed.stdout
    gitlab.artifact = (workspace.path / "plan.json").read_bytes()  # the plan job's artifact
    (workspace.path / "plan.json").unlink()  # the default branch pipeline starts from a clean checkout
    assert helper().main(["reviewed-plan", "reviewed"]) == 0
    applied = workspace.run("apply", "reviewed/plan.json", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert workspace.run("drift", QUICKSTART).exit_code == 0  # what was reviewed is what is there


def test_a_reviewed_plan_of_a_manifest_changed_since_is_refused(
    workspace: Workspace,  # noqa: F811 (the fixture)
    gitlab: FakeGitLab,
) -> None:
    assert workspace.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    gitlab.artifact = (workspace.path / "plan.json").read_bytes()
    workspace.edit(QUICKSTART, "Piezometer PZ-1", "Piezometer PZ-1 (moved)")  # merged with another change
    assert helper().main(["reviewed-plan", "reviewed"]) == 0
    refused = workspace.run("apply", "reviewed/plan.json", "--auto-approve")
    assert refused.exit_code == 1 and workspace.run("drift", QUICKSTART).exit_code == 2  # nothing written


# --- A refused plan replaces the review comment ---------------------------------------------------
def plan_scripts() -> dict[str, tuple[str, str]]:
    """The shell of each pipeline's step that writes plan.md, and what then posts it."""
    github = yaml.safe_load((GITOPS / "github" / "iotplan.yml").read_text())["jobs"]["plan"]["steps"]
    sharded = yaml.safe_load((GITOPS / "github" / "iotplan-sharded.yml").read_text())["jobs"]["plan"]["steps"]
    gitlab = yaml.safe_load((GITOPS / "gitlab" / ".gitlab-ci.yml").read_text())["plan"]["script"]
    gitlab_sharded = yaml.safe_load((GITOPS / "gitlab" / ".gitlab-ci-sharded.yml").read_text())["plan"][
        "script"
    ]
    return {
        "github": (_step(github, "Plan")["run"], _comment_condition(github)),
        "github-sharded": (_step(sharded, "Merge the shards")["run"], _comment_condition(sharded)),
        "gitlab": ("\n".join(gitlab), "a script line"),
        "gitlab-sharded": ("\n".join(gitlab_sharded), "a script line"),
    }


def _step(steps: list[dict[str, Any]], name: str) -> dict[str, Any]:
    return next(step for step in steps if str(step.get("name", "")).startswith(name))


def _comment_condition(steps: list[dict[str, Any]]) -> str:
    return str(_step(steps, "Comment the plan")["if"])


def shell(pipeline: str) -> list[str]:
    """GitHub runs `shell: bash` as `bash --noprofile --norc -eo pipefail`; a GitLab runner's bash is
    taken at its least (-e alone): its script sets pipefail itself."""
    return ["bash", "-e"] if pipeline.startswith("gitlab") else ["bash", "-eo", "pipefail"]


def stubbed_step(tmp_path: Path, iotplan: str) -> dict[str, str]:
    """The environment of a plan step in `tmp_path` whose `iotplan` runs the shell `iotplan`."""
    stubs = tmp_path / "bin"
    stubs.mkdir()
    (stubs / "iotplan").write_text(f"#!/bin/sh\n{iotplan}\n")
    (stubs / "python3").write_text('#!/bin/sh\ncp "$3" posted.md\n')  # iotplan_gitlab.py note FILE
    for stub in stubs.iterdir():
        stub.chmod(0o755)
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "iotplan-secrets.sh").write_text("")
    return {
        **os.environ,
        "PATH": f"{stubs}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "MANIFEST": "sites/site.yaml",
    }


@pytest.mark.parametrize("pipeline", list(plan_scripts()))
def test_a_refused_plan_replaces_the_review_comment_with_its_error(pipeline: str, tmp_path: Path) -> None:
    """The comment or note must never keep showing the last push's plan beside a failed check."""
    script, posted_by = plan_scripts()[pipeline]
    refusal = "Error: no safe plan exists:\n  dam-b: not found by its refId"
    environment = stubbed_step(tmp_path, f"printf '%s\\n' '{refusal}' >&2\nexit 1")
    run = subprocess.run(
        [*shell(pipeline), "-c", script],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1, run.stderr
    shown = (tmp_path / "plan.md").read_text()
    assert "iotplan plan failed (exit 1)" in shown and refusal in shown
    if pipeline.startswith("gitlab"):
        assert (tmp_path / "posted.md").read_text() == shown
    else:  # the comment step runs after a failed step, when plan.md exists
        assert posted_by.startswith("!cancelled() &&") and "hashFiles('plan.md')" in posted_by


@pytest.mark.parametrize("pipeline", list(plan_scripts()))
def test_a_plan_s_stderr_reaches_the_ci_log_while_it_runs(pipeline: str, tmp_path: Path) -> None:
    """A fleet's plan runs for minutes: its rate-limit waits must show as they come, not at its end
    (nor never, when the job times out or is cancelled mid-plan)."""
    script, _ = plan_scripts()[pipeline]
    waiting = "Rate limited by the platform: waiting 60 s"
    environment = stubbed_step(tmp_path, f"echo '{waiting}' >&2\nexec sleep 60")
    with subprocess.Popen(
        [*shell(pipeline), "-c", script],
        cwd=tmp_path,
        env=environment,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # the stub's sleep is killed with the step
    ) as step:
        try:
            assert step.stderr and readable(step.stderr, 10) and step.stderr.readline().strip() == waiting
        finally:
            os.killpg(step.pid, signal.SIGKILL)
