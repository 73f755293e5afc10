"""A data-model change applied with --auto-approve whose sensors report in the moment after the count
made before the first write, on a platform that has not counted the uploads yet: each REST unit's own
count (commands/apply.py `_JustBefore`) stops the rollout. Its cause said "so plan again to review it"
beside the stop's "run it again to continue": two next steps, one a command CI never ran. An apply
run again plans afresh, so the stop's is the one said."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.commands import apply as apply_command
from tests.e2e.conftest import PROJECT, Workspace
from tests.e2e.test_counts_unknown_now_say_why import LAGS, in_thread
from tests.e2e.test_ownership_and_fences import observe


def two_connections(unit: str) -> str:
    """Two connections, so neither unit's count is the one made before the first write."""
    connections = "".join(
        f"      - key: {key}\n        devices:\n          - key: d\n            sensors:\n"
        f"              - key: s\n                metrics:\n"
        f"                  - {{custom_metric: tilt_a, unit: {unit}}}\n"
        for key in ("c1", "c2")
    )
    return f"apiVersion: iotplan/v1\nstack: cr\nprojects:\n  - id: {PROJECT}\n    nodes:\n{connections}"


def test_a_count_unread_at_a_units_recount_under_auto_approve_advises_one_step(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", LAGS)
    (workspace.path / "a.yaml").write_text(two_connections("mm"))
    assert workspace.run("apply", "a.yaml", "--auto-approve").exit_code == 0
    (workspace.path / "a.yaml").write_text(two_connections("m"))
    before = workspace.live_entity("cr:c1/d/s")["props"]
    refuse_taking_more_now = apply_command.refuse_taking_more_now

    async def then_reported(*args: Any) -> Any:
        await refuse_taking_more_now(*args)
        for sensor in ("cr:c1/d/s", "cr:c2/d/s"):  # after the first count, before each unit's
            in_thread(observe, workspace, sensor, 50)

    monkeypatch.setattr(apply_command, "refuse_taking_more_now", then_reported)

    applied = workspace.run("apply", "a.yaml", "--auto-approve", "--allow-data-model-change")

    assert applied.exit_code == 1, applied.output
    assert (
        "update c1/d/s: its count, read when reviewed, cannot be read now: unknown, treated as holding data: "
        "the platform has not counted an upload yet (a count of 0 beside a last observation): a sensor "
        "reported since the review. A new plan" in applied.stderr
    ), applied.stderr
    assert "plan again" not in applied.stderr, applied.stderr
    assert "not started: run it again to continue" in applied.stderr, applied.stderr
    assert workspace.live_entity("cr:c1/d/s")["props"]["KNOWN_UNITS"] == before["KNOWN_UNITS"]
