"""The manifest pins a device under dam-a by `ref_id: legacy:d1`, which another tool's connection
alone carries: that device is the pinned one, not a copy of it. Plan refuses to create a second,
naming where it lives, and drift says dam-a/station is missing; neither also reports the device as a
copy or a duplicate, though the read keeps it among the strays since fx345 (fx352)."""

from __future__ import annotations

import json

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_review_cases import another_tools_logger

PINNED = "        devices:\n          - key: station\n            ref_id: legacy:d1\n"


def test_it_is_told_where_it_lives_and_never_called_a_copy(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    legacy = another_tools_logger(workspace, "legacy:d1")
    workspace.edit(QUICKSTART, "        devices:\n", PINNED)

    plan = workspace.run("plan", QUICKSTART)
    drift = workspace.run("drift", QUICKSTART, "--format", "json")

    assert plan.exit_code == 1, plan.output
    assert "dam-a/station: would create device with refId 'legacy:d1'" in plan.stderr
    assert f"declare it where it lives, in a node with `id: {legacy}`" in plan.stderr
    assert "a copy of" not in plan.stderr
    assert drift.exit_code == 2, drift.output
    entries = json.loads(drift.stdout)["entries"]
    assert [(e["address"], e["status"]) for e in entries if e["status"] != "IN_SYNC"] == [
        ("dam-a/station", "MISSING")
    ], entries
    assert "a copy of" not in drift.stdout
