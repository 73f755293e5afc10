"""A refused plan's error fits the review comment: one naming hundreds of sites is cut to fit and says
where the whole of it is, and a sharded pipeline's comment shows each failed shard's own error."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.examples.test_gitops_run import GITOPS, plan_scripts, shell, stubbed_step

# GitHub refuses a comment over 65,536 characters; the note then keeps the last push's plan.
COMMENT_LIMIT = 65_536
SHARDED = {
    "github-sharded": ("shards", GITOPS / "github" / "iotplan-sharded.yml"),
    "gitlab-sharded": (".", GITOPS / "gitlab" / ".gitlab-ci-sharded.yml"),
}


def shifted_sites(count: int) -> str:
    """The refusal of a shifted CSV: one line naming every site, ~262 characters a site; a site's
    name may be any text, so one holds a character UTF-8 spells in two bytes."""

    def name(n: int) -> str:
        place = f"upstream face of the left bank, gallery {n:04d}, level 3, strings A to C"
        return f"'Barrage {n:04d} é datalogger feed, {place}'"

    chain = ", and ".join(
        f"site-{n:04d} takes site-{n - 1:04d}'s name, {name(n - 1)}, leaving its own, {name(n)}"
        for n in range(count, 1, -1)
    )
    return f"Error: no safe plan exists:\n  site.yaml.j2:7:9: site-{count:04d}: would take {chain}\n"


def run_step(pipeline: str, tmp_path: Path, iotplan: str) -> subprocess.CompletedProcess[str]:
    script, _ = plan_scripts()[pipeline]
    environment = stubbed_step(tmp_path, iotplan)
    return subprocess.run(
        [*shell(pipeline), "-c", script], cwd=tmp_path, env=environment, capture_output=True, text=True
    )


@pytest.mark.parametrize("pipeline", list(plan_scripts()))
def test_an_error_longer_than_a_comment_is_cut_to_fit_and_says_where_the_whole_is(
    pipeline: str, tmp_path: Path
) -> None:
    error = shifted_sites(500)
    assert len(error) > 130_000  # twice a comment's limit
    (tmp_path / "error.txt").write_text(error, encoding="utf-8")
    run = run_step(pipeline, tmp_path, 'cat "$PWD/error.txt" >&2\nexit 1')
    assert run.returncode == 1, run.stderr
    assert error in run.stderr  # the log keeps the whole of it
    shown = (tmp_path / "plan.md").read_bytes().decode("utf-8")  # never cut inside a character
    assert len(shown) <= COMMENT_LIMIT
    assert shown.startswith("### iotplan plan failed (exit 1)\n\n```\nError: no safe plan exists:\n")
    kept = shown.split("```\n", 1)[1].split("\n```", 1)[0]
    assert len(kept) > 50_000 and error.startswith(kept)
    assert (
        f"Cut here, at 60,000 of its {len(error.encode())} bytes: the whole error is in this job's log"
        in shown
    )
    if pipeline.startswith("gitlab"):
        assert (tmp_path / "posted.md").read_text(encoding="utf-8") == shown


def shard_step(path: Path) -> tuple[str, dict[str, Any]]:
    """The shell of the job that plans one shard, and the files its job keeps."""
    document = yaml.safe_load(path.read_text())
    if "jobs" in document:
        steps = document["jobs"]["plan-shard"]["steps"]
        plan = next(step for step in steps if step.get("name") == "Plan this shard")
        upload = steps[steps.index(plan) + 1]
        script = f"OUT=plan-3.json ERR=plan-3.err SHARD=3/4\n{plan['run']}"
        paths = upload["with"]["path"].replace("${{ matrix.shard }}", "3").split()
        return script, {"if": upload.get("if"), "paths": paths}
    job = document["plan shard"]
    script = "CI_NODE_INDEX=3 CI_NODE_TOTAL=4\n" + "\n".join(job["script"])
    artifacts = job["artifacts"]
    return script, {
        "if": artifacts.get("when"),
        "paths": [p.replace("$CI_NODE_INDEX", "3") for p in artifacts["paths"]],
    }


@pytest.mark.parametrize("pipeline", list(SHARDED))
def test_a_refused_shard_keeps_its_error_and_the_comment_shows_it(pipeline: str, tmp_path: Path) -> None:
    folder, path = SHARDED[pipeline]
    refusal = (
        "Shard 3/4: 153 of the 615 connections site.yaml.j2 declares.\n"
        "Error: no safe plan exists:\n  site-r0017: would be created beside site-0017"
    )
    script, kept = shard_step(path)
    environment = stubbed_step(tmp_path, f"printf '%s\\n' '{refusal}' >&2\nexit 1")
    planned = subprocess.run(
        [*shell(pipeline), "-c", script], cwd=tmp_path, env=environment, capture_output=True, text=True
    )
    assert planned.returncode == 1 and refusal in planned.stderr  # its job's log, as it comes
    assert (tmp_path / "plan-3.err").read_text() == refusal + "\n"
    assert kept["if"] in ("!cancelled()", "always") and "plan-3.err" in " ".join(kept["paths"])

    # the merge job: shards 1, 2 and 4 planned, 3 refused
    (tmp_path / "bin" / "iotplan").unlink()
    (tmp_path / ".github" / "iotplan-secrets.sh").unlink()
    (tmp_path / ".github").rmdir()
    shards = tmp_path / "merge" / folder
    shards.mkdir(parents=True)
    for index in (1, 2, 4):
        (shards / f"plan-{index}.json").write_text("{}")
        (shards / f"plan-{index}.err").write_text(f"Shard {index}/4: 150 of the 615 connections\n")
    (tmp_path / "plan-3.err").rename(shards / "plan-3.err")
    missing = "Error: shard 3 of 4 missing: every plan is needed."
    merged = run_step(pipeline, tmp_path / "merge", f"printf '%s\\n' '{missing}' >&2\nexit 1")
    assert merged.returncode == 1, merged.stderr
    shown = (tmp_path / "merge" / "plan.md").read_text()
    assert missing in shown and f"plan-3.err:\n{refusal}\n" in shown
    assert "Shard 1/4" not in shown  # a shard that planned says nothing here
