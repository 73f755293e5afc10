"""A platform counting `pageNumber` from 1 (variant `pages-from-one`): pages 0 and 1 are both the
first page (A5). On an empty project every list is one empty page 0, so the first apply wrote the
site, then its verifying plan met page 1 repeating page 0 and refused, and so did every plan, drift
and apply after it: the user held entities iotplan made and could no longer plan them. Page 2 tells
such a platform from one ignoring `pageNumber`, and the lists are read from page 1 on."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace

EMPTY_PROJECT = "0d9c2a4e-8f1b-4c55-9e11-3a7b6c2d1e00"  # the demo's second project: nothing in it


def test_a_site_applied_on_an_empty_project_where_pages_count_from_one_is_planned_again(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "pages-from-one")
    workspace.edit(QUICKSTART, PROJECT, EMPTY_PROJECT)
    applied = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    planned = workspace.run("plan", QUICKSTART, "--detailed-exitcode")
    assert planned.exit_code == 0, planned.output  # --detailed-exitcode: nothing left to do
    assert "No changes" in planned.output
