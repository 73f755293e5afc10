"""A THREAD logger's zero date changed, planned while it held no history, on a platform whose counts
follow uploads late (variant `observation-count-lags`): a sensor of it reports after the plan, so
the logger still counts 0 but shows a LAST_OBSERVATION. Its count is unknown, never none: the unit
is refused before writing, as when history is counted (apply/thread.py)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import SITE
from tests.e2e.test_thread_data_model_change_counted_again import (
    history_after_the_node_read,
    zero_date,
)


def test_a_logger_whose_sensor_reported_but_still_counts_0_is_not_rewritten(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "observation-count-lags")
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    workspace.edit(SITE, 'zero_date: "2026-03-01T00:00:00Z"', 'zero_date: "2026-04-01T00:00:00Z"')
    before = zero_date(workspace)
    history_after_the_node_read(workspace, monkeypatch)
    refused = workspace.run("apply", SITE, "--auto-approve")
    assert refused.exit_code == 1, refused.output
    assert "update tunnel-thread/ipi-chain" in refused.output
    assert "its count, read when reviewed, cannot be read now" in refused.output
    assert "the platform has not counted an upload yet" in refused.output
    assert zero_date(workspace) == before  # nothing written
