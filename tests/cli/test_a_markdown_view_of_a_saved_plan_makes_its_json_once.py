"""`plan --format markdown --out plan.json`, the pull-request comment and the plan it names: the
comment's digest is the saved file's, of its JSON made once, not made again to be digested (issue 17)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest

from iotplan.plan.model import Plan
from iotplan.render import json_plan
from tests.e2e.conftest import QUICKSTART, Workspace


def test_the_comment_names_the_digest_of_the_saved_plan_made_once(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[Plan] = []
    making = json_plan.plan_json_chunks

    def counted(plan: Plan) -> Iterator[bytes]:
        made.append(plan)
        return making(plan)

    monkeypatch.setattr(json_plan, "plan_json_chunks", counted)
    done = workspace.run("plan", QUICKSTART, "--format", "markdown", "--out", "plan.json")
    assert done.exit_code == 0, done.output
    assert len(made) == 1
    saved = hashlib.sha256((workspace.path / "plan.json").read_bytes()).hexdigest()
    assert f"**Plan** `sha256:{saved}`" in done.stdout
