"""The GitHub example's own Plan and Apply steps, run by bash as the runner runs them (`bash -eo
pipefail`), against the embedded platform: plan → the reviewed artifact (plan.json, plan.md) → a clean
checkout → apply of exactly that plan. A manifest changed between review and apply is refused."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT

WORKFLOW = ROOT / "examples" / "gitops" / "github" / "iotplan.yml"
QUICKSTART = ROOT / "examples" / "quickstart" / "site.yaml"
pytestmark = pytest.mark.skipif(
    shutil.which("jq") is None, reason="jq is not installed (GitHub's runners have it)"
)


def step(job: str, name: str) -> dict[str, Any]:
    jobs = yaml.safe_load(WORKFLOW.read_text())["jobs"]
    return next(step for step in jobs[job]["steps"] if step.get("name") == name)


def run_step(job: str, name: str, checkout: Path, sim_db: Path) -> subprocess.CompletedProcess[str]:
    """One `run:` step: its script, its env (secrets unset arrive as empty strings, as on GitHub)."""
    found = step(job, name)
    environment = {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(checkout),
        "MANIFEST": "sites/site.yaml",
        "GITHUB_STEP_SUMMARY": str(checkout / "summary.md"),
        "GITHUB_SHA": "b2" * 20,
        **{key: "" for key in found.get("env", {})},
        "IOTPLAN_SECRETS_JSON": "{}",
    }
    script = found["run"]
    # The embedded platform of the test, where the pipeline's would be IOTPLAN_ENDPOINT's.
    script = script.replace("--auto-approve", f"--auto-approve --sim-db {sim_db}")
    script = script.replace("--detailed-exitcode", f"--detailed-exitcode --sim-db {sim_db}")
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=checkout, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def checkout(folder: Path) -> Path:
    """A fresh clone of the manifests' repository, as each job starts from."""
    folder.mkdir()
    (folder / "sites").mkdir()
    shutil.copy(QUICKSTART, folder / "sites" / "site.yaml")
    (folder / ".github").mkdir()
    shutil.copy(ROOT / "examples" / "gitops" / "github" / "iotplan-secrets.sh", folder / ".github")
    return folder


def test_the_plan_reviewed_on_the_pull_request_is_the_one_applied(tmp_path: Path) -> None:
    sim_db = tmp_path / "platform.db"
    review = checkout(tmp_path / "plan-job")
    planned = run_step("plan", "Plan", review, sim_db)
    assert planned.returncode == 0, planned.stderr
    comment = (review / "plan.md").read_text()
    assert comment.startswith("### iotplan plan") and (review / "summary.md").read_text() == comment
    applying = checkout(tmp_path / "apply-job")
    (applying / "reviewed").mkdir()
    for artifact in ("plan.json", "plan.md"):  # upload-artifact, then download-artifact
        shutil.copy(review / artifact, applying / "reviewed" / artifact)
    applied = run_step("apply", "Apply", applying, sim_db)
    assert applied.returncode == 0, applied.stderr
    digest = comment.split("**Plan** `", 1)[1].split("`", 1)[0]
    assert f"Applying the saved plan {digest}" in applied.stderr
    again = run_step("plan", "Plan", checkout(tmp_path / "next-pull-request"), sim_db)
    assert again.returncode == 0 and "No changes." in (tmp_path / "next-pull-request" / "plan.md").read_text()


def test_a_manifest_changed_after_review_is_refused_and_nothing_applied(tmp_path: Path) -> None:
    sim_db = tmp_path / "platform.db"
    review = checkout(tmp_path / "plan-job")
    assert run_step("plan", "Plan", review, sim_db).returncode == 0
    applying = checkout(tmp_path / "apply-job")
    site = applying / "sites" / "site.yaml"
    site.write_text(site.read_text().replace("name: Crest datalogger", "name: Changed after review"))
    (applying / "reviewed").mkdir()
    shutil.copy(review / "plan.json", applying / "reviewed" / "plan.json")
    applied = run_step("apply", "Apply", applying, sim_db)
    assert applied.returncode == 1 and "changed since the plan was made" in applied.stderr


def test_no_reviewed_plan_means_no_apply(tmp_path: Path) -> None:
    applied = run_step("apply", "Apply", checkout(tmp_path / "apply-job"), tmp_path / "platform.db")
    assert applied.returncode == 1 and "No reviewed plan" in applied.stdout
