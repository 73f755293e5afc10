"""A platform that refuses `pageSize` above 100 (variant `page-size-over-100-refused`): iotplan's 1000 is
its own (A5), the reference shows only 100, so the lists are read again at 100 and every plan works."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace


def test_a_site_is_applied_and_planned_where_page_size_1000_is_refused(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "page-size-over-100-refused")
    applied = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    planned = workspace.run("plan", QUICKSTART, "--detailed-exitcode")
    assert planned.exit_code == 0, planned.output  # --detailed-exitcode: nothing left to do
