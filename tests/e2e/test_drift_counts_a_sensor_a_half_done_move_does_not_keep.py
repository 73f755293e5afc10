"""Another writer sets dam-a/logger-1's SERIAL_NO to 'quickstart:dam-a/logger-q' (a `moved` rename
half done), and one more of the stack's sensors, 'quickstart:dam-a/logger-q/extra', holding 200
observations, stands under it. `drift` marked dam-a/logger-q refused, saying either way forward keeps
it "with its history", `observations: 0`; followed, the `moved` entry renaming it back planned
`- sensor dam-a/logger-1/extra ... destroys 200 observations`: no refId of dam-a/logger-1's sensors
explains extra, so neither way keeps it unless declared. `drift` counts what it holds, and names it."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.serial_no_changed import drift_then_the_move_finished, half_moved_holding_extra


def test_drift_counts_a_sensor_a_half_done_move_does_not_keep(workspace: Workspace) -> None:
    half_moved_holding_extra(workspace)

    line, entry, followed = drift_then_the_move_finished(workspace)

    assert followed.exit_code == 0, followed.output
    assert "destroys 200 observations" in followed.output, followed.output  # what drift must tell
    assert "dam-a/logger-q/extra" in line and "destroying 200 observations" in line, line
    assert "see dam-a/logger-1" in line and "500" not in line, line  # pz-1's history is kept
    assert entry["refused"] is True, entry
    assert entry["observations"] == 200 and entry["observations_unknown"] is False, entry
    assert entry["severity"] == "critical", entry
    assert "destroying 200 observations" in entry["reason"], entry
