"""`drift` under the race a plan stops at (tests/e2e, a connection made while the plan read the lists):
another run makes the stack's connection after the connection list is read and before the device
list is. drift reads every manifest inside the client's one connection list per project, which
handed the first list to the read made to tell "made meanwhile" from "never listed": the stack's own
new devices were called copies to adopt by `id:` and the connection reported MISSING (exit 2). The
read again goes past that list, and drift stops as plan does (exit 1, run again)."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.commands.drift import DriftRequest, drift_command
from iotplan.errors import PlatformError
from iotplan.plan.desired import desired_state
from tests.commands.test_paged_lists_read_again import hand_connections, run
from tests.e2e.test_a_connection_made_while_the_plan_read_the_lists_is_said_so import (
    APPLIED,
    MADE,
    SITE,
    made_before_the_device_list,
)
from tests.guards.fleet import load


def test_drift_over_a_connection_made_between_the_list_reads_stops_to_run_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "sim.db"
    hand_connections(db, 5, devices=1)
    made_before_the_device_list(monkeypatch, APPLIED)
    request = DriftRequest([("site.yaml", desired_state(load(SITE)))])
    with pytest.raises(PlatformError, match=MADE) as stopped:
        run(db, lambda target: drift_command(target, request, {}))  # was: MISSING, "To adopt it …"
    assert "To adopt it" not in str(stopped.value)
