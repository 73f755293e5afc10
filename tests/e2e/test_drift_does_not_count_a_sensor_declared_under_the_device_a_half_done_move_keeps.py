"""Another writer sets dam-a/logger-1's SERIAL_NO to 'quickstart:dam-a/logger-q' (a `moved` rename
half done), and 'quickstart:dam-a/logger-q/extra', holding 200 observations, stands under it, while
the manifest declares `- key: extra` under dam-a/logger-1. `drift` said "dam-a/logger-q/extra carries
none of them: either way's plan removes it, destroying 200 observations", critical; followed, the
`moved` entry renaming dam-a/logger-q back renamed extra to dam-a/logger-1/extra, destroying nothing.
A sensor whose key under the declared device is declared is kept: `drift` counts none of it."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.serial_no_changed import drift_then_the_move_finished, half_moved_holding_extra

DECLARED = (
    "              - key: extra\n                name: Extra\n                template: TEMPERATURE_SDE\n"
)
SENSORS = "            sensors:\n"


def test_drift_does_not_count_a_sensor_declared_under_the_device_a_half_done_move_keeps(
    workspace: Workspace,
) -> None:
    half_moved_holding_extra(workspace)
    workspace.edit(QUICKSTART, SENSORS, SENSORS + DECLARED)  # the first `sensors:` is logger-1's

    line, entry, followed = drift_then_the_move_finished(workspace)

    assert followed.exit_code == 0, followed.output
    assert "moved from dam-a/logger-q/extra" in followed.output, followed.output
    assert "destroys" not in followed.output, followed.output  # what drift must tell: nothing lost
    assert "carries none of them" not in line and "destroying" not in line, line
    assert "see dam-a/logger-1" in line, line
    assert entry["refused"] is True, entry
    assert entry["observations"] == 0 and entry["observations_unknown"] is False, entry
    assert entry["severity"] != "critical", entry
