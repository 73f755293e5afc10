"""A saved plan whose --target or --exclude fences were edited so that they no longer hold its
writes: the fresh plan, made with the edited fences, leaves those writes out on a platform that did
not change. Refused as the plan file's doing, never as "the platform changed since the plan was made"."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace


@pytest.mark.parametrize(("option", "fence"), [("excludes", "dam-a/logger-1"), ("targets", "dam-a/weather")])
def test_fences_edited_around_a_saved_write_are_said_to_be_the_plan_file_s(
    workspace: Workspace, option: str, fence: str
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, "name: Piezometer PZ-1", "name: Piezometer PZ-1b")
    assert workspace.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    saved = workspace.path / "plan.json"
    plan = json.loads(saved.read_text())
    plan["options"][option] = [fence]
    saved.write_text(json.dumps(plan))
    refused = workspace.run("apply", "plan.json")
    assert refused.exit_code == 1, refused.output
    assert "(dam-a/logger-1/pz-1): was the plan file edited or cut?" in refused.stderr
    assert "the platform changed" not in refused.stderr
