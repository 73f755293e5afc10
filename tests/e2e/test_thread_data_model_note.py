"""A THREAD logger's zero date changed while it holds no history: the plan notes the data-model
change in the logger's terms, not as "metrics" of a sensor."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import SITE


def test_a_zero_date_change_is_noted_as_the_loggers_data_model(workspace: Workspace) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    workspace.edit(SITE, 'zero_date: "2026-03-01T00:00:00Z"', 'zero_date: "2026-04-01T00:00:00Z"')
    planned = workspace.run("plan", SITE)
    assert "# note: a new channel, zero date or mode changes the device's data model" in planned.output
    assert "metrics change" not in planned.output
