"""A data-model change confirmed at the prompt and held to the plan read again once `yes` was typed,
whose sensor reports in the moment before its unit counts it again (REST's recount, commands/apply.py
`_JustBefore`) on a platform that has not counted the upload yet: nothing written, and the cause ends
at what the read found, not "plan again", a command the person at the prompt did not run (as the
plan read again and a THREAD unit say it: a234e860, 12f08cc5)."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.commands import apply as apply_command
from tests.e2e.awaiting_confirmation import apply_confirmed_after
from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_counts_unknown_now_say_why import LAGS, TILT_B, in_thread
from tests.e2e.test_ownership_and_fences import observe

TILT_1 = "quickstart:dam-a/logger-1/tilt-1"


def test_a_count_unread_after_yes_at_the_units_recount_advises_apply_again(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", LAGS)
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    shown = (workspace.path / QUICKSTART).read_text().replace(*TILT_B)
    before = workspace.live_entity(TILT_1)["props"]
    held_to_a_fresh_read = apply_command.held_to_a_fresh_read

    async def then_reported(*args: Any) -> Any:
        held = await held_to_a_fresh_read(*args)
        in_thread(observe, workspace, TILT_1, 50)  # after the plan read again, before the unit's count
        return held

    monkeypatch.setattr(apply_command, "held_to_a_fresh_read", then_reported)

    applied = apply_confirmed_after(workspace, lambda: None, shown)

    assert applied.exit_code == 1, applied.output
    assert (
        "update dam-a/logger-1/tilt-1: its count, read when reviewed, cannot be read now: unknown, treated "
        "as holding data: the platform has not counted an upload yet (a count of 0 beside a last "
        "observation): a sensor reported since the review. A new plan" in applied.stderr
    ), applied.stderr
    assert "plan again" not in applied.stderr, applied.stderr
    after = workspace.live_entity(TILT_1)["props"]
    assert after["KNOWN_UNITS"] == before["KNOWN_UNITS"]  # nothing written
