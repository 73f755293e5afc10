"""As test_a_thread_rename_the_lists_do_not_show_yet_is_told_updated_by_this_apply, through a saved plan
(`plan --out`, then `apply` of it): under `lists-lag-rpc-writes` the verifying plan plans pz-1's rename
again, its lists not showing the update yet. The error names pz-1 updated by this apply, maybe not
listed yet, and advises planning again later, not "another writer changed what this apply wrote"."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import SITE


def test_a_saved_plans_thread_rename_the_lists_do_not_show_yet_is_told_updated(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "lists-lag-rpc-writes")
    workspace.edit(SITE, "Piezometer PZ-1 (crown)", "Piezometer PZ-1 (crown) renamed")
    assert workspace.run("plan", SITE, "--out", "plan.json").exit_code == 0

    applied = workspace.run("apply", "plan.json")

    assert applied.exit_code == 1, applied.output
    said = " ".join(applied.stderr.split())
    assert (
        "tunnel-thread/vw-logger/pz-1: updated by this apply (its update answered), maybe not listed yet"
        in said
    )
    assert "Plan again later (`iotplan plan`)" in said
    assert "another writer changed what this apply wrote meanwhile" not in said
