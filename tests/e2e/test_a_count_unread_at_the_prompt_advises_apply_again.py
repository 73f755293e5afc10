"""A data-model change confirmed at the prompt, whose sensor reported meanwhile on a platform that has
not counted the upload yet (a count of 0 beside a last observation): refused, nothing written, and the
one next step is the apply as it was run, which shows the plan again and asks, not "plan again", a
command the person at the prompt did not run (fx253's note: the cause's own advice was kept)."""

from __future__ import annotations

import pytest

from tests.e2e.awaiting_confirmation import apply_confirmed_after, refused_while_awaiting
from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_counts_unknown_now_say_why import LAGS, TILT_B
from tests.e2e.test_ownership_and_fences import observe


def test_a_count_unread_at_the_prompt_advises_apply_again(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", LAGS)
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    shown = (workspace.path / QUICKSTART).read_text().replace(*TILT_B)
    before = workspace.live_entity("quickstart:dam-a/logger-1/tilt-1")["props"]

    applied = apply_confirmed_after(
        workspace, lambda: observe(workspace, "quickstart:dam-a/logger-1/tilt-1", 50), shown
    )

    refused_while_awaiting(
        applied,
        "what the plan's writes take cannot be counted now: update dam-a/logger-1/tilt-1: its count, read "
        "when reviewed, cannot be read now: unknown, treated as holding data: the platform has not counted "
        "an upload yet (a count of 0 beside a last observation): a sensor reported since the review.",
    )
    assert "plan again" not in applied.stderr, applied.stderr
    after = workspace.live_entity("quickstart:dam-a/logger-1/tilt-1")["props"]
    assert after["KNOWN_UNITS"] == before["KNOWN_UNITS"]  # nothing written
