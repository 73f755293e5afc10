"""`plan --format markdown --out plan.json`, the pull-request comment and the plan it names: the
comment's digest is the saved file's, of its JSON made once, not made again to be digested (issue 17)."""

from __future__ import annotations

import hashlib

import pytest

from tests.cli.plan_json_counted import plans_made_into_json
from tests.e2e.conftest import QUICKSTART, Workspace


def test_the_comment_names_the_digest_of_the_saved_plan_made_once(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = plans_made_into_json(monkeypatch)
    done = workspace.run("plan", QUICKSTART, "--format", "markdown", "--out", "plan.json")
    assert done.exit_code == 0, done.output
    assert len(made) == 1
    saved = hashlib.sha256((workspace.path / "plan.json").read_bytes()).hexdigest()
    assert f"**Plan** `sha256:{saved}`" in done.stdout
