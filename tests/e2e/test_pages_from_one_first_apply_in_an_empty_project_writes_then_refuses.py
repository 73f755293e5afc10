"""A platform counting `pageNumber` from 1 (variant `pages-from-one`): pages 0 and 1 are both the
first page (A5). In an empty project every list is one empty page 0, so no repeat can show and the
first apply writes; its verifying plan meets page 1 repeating page 0 and stops, the apply exiting 1
with what it wrote, and so does the next plan. iotplan does not read such lists on as counted from
1: a writer adding a page at the list's front and removing it between pages makes the same repeat
on a platform counting from 0, and nothing a read sees proves the counting against it."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace

EMPTY_PROJECT = "0d9c2a4e-8f1b-4c55-9e11-3a7b6c2d1e00"  # the demo's second project: nothing in it
REFUSAL = (
    "GET /api/nodes/all answered page 1 with only items it had already sent: another writer may have "
    "added entities while the list was read (run it again), or the platform counts pageNumber from 1 "
    "or ignores it, which iotplan cannot read safely (run it again; if it says the same, run "
    "`iotplan check-platform` and report its output)"
)


def flat(text: str) -> str:
    return " ".join(text.split())  # the terminal wraps long lines


def test_the_first_apply_in_an_empty_project_writes_then_it_and_the_next_plan_refuse(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "pages-from-one")
    workspace.edit(QUICKSTART, PROJECT, EMPTY_PROJECT)
    applied = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert applied.exit_code == 1, applied.output
    assert REFUSAL in flat(applied.output)
    assert "dam-a: applied (8 changes)" in applied.output  # what it wrote is reported
    assert "Apply incomplete: 8 changes applied (8 added, 0 changed, 0 destroyed)" in applied.output
    assert "the writes were sent, but the verifying plan failed" in flat(applied.output)
    planned = workspace.run("plan", QUICKSTART)
    assert planned.exit_code == 1, planned.output
    assert REFUSAL in flat(planned.output)
