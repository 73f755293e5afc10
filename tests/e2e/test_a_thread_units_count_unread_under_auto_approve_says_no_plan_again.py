"""A THREAD logger's zero date changed with --auto-approve, a sensor of it reporting in the moment
after the count made before the first write, on a platform that has not counted the upload yet: the
THREAD unit's own count before its writes stops it, nothing written. Its cause said "so plan again
to review it", a command CI never ran, where a REST unit's says the cause alone (an apply run again
plans afresh); a saved plan's alone advises planning again."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.commands import apply as apply_command
from tests.e2e.conftest import Workspace
from tests.e2e.test_counts_unknown_now_say_why import ZERO_DATE, in_thread
from tests.e2e.test_thread import SITE
from tests.e2e.test_thread_data_model_change_counted_again import TILT2, record, zero_date


def test_a_thread_units_count_unread_under_auto_approve_says_no_plan_again(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "observation-count-lags")
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    workspace.edit(SITE, *ZERO_DATE)
    before = zero_date(workspace)
    refuse_taking_more_now = apply_command.refuse_taking_more_now

    async def then_reported(*args: Any) -> Any:
        await refuse_taking_more_now(*args)
        in_thread(record, workspace, TILT2, 300)  # after the first count, before the unit's own

    monkeypatch.setattr(apply_command, "refuse_taking_more_now", then_reported)

    applied = workspace.run("apply", SITE, "--auto-approve", "--allow-data-model-change")

    assert applied.exit_code == 1, applied.output
    assert "its count, read when reviewed, cannot be read now" in applied.stderr, applied.stderr
    assert "plan again" not in applied.stderr, applied.stderr
    assert zero_date(workspace) == before
