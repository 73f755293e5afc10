"""A removal whose sensor reported between its review and its apply (1,000 observations reviewed,
1,077 at the apply, within twice the count) applies as the same history, but destroys 77 the
review never showed: the apply says so on stderr, both counts named."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.saved_removal import REMOVED, removal_plan


def test_removal_count_grown_since_review_is_said(
    workspace: Workspace, caplog: pytest.LogCaptureFixture
) -> None:
    removal_plan(workspace, count=1000)
    sensor = workspace.live_entity(REMOVED)
    workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor["id"], "count": 77})
    caplog.clear()

    result = workspace.run("apply", "plan.json", "--allow-destroy")

    assert result.exit_code == 0, result.output
    warned = [record.getMessage() for record in caplog.records if record.levelname == "WARNING"]
    assert [text for text in warned if "when reviewed" in text] == [
        "what 1 removal destroys grew since the review, its sensors reporting (within 2 times the count "
        "reviewed, so it applies): remove dam-a/logger-1/pz-1: 1,000 observations when reviewed, 1,077 now"
    ]
