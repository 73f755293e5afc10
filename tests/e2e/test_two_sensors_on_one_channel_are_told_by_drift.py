"""Drift of a logger whose pz-1 (10 observations) another writer moved onto pz-4's channel 8 showed
only `mux_index: expected 1, actual 8`, not that channel 8 holds two sensors, their data mixed."""

from __future__ import annotations

from tests.e2e.channel_taken_meanwhile import PZ_1, applied_with_history
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import rpc


def test_two_sensors_on_one_channel_are_told_by_drift(workspace: Workspace) -> None:
    applied_with_history(workspace)
    assert workspace.run("apply", "site.yaml", "--auto-approve").exit_code == 0
    rpc(workspace, "updateSensor", {"sensor": PZ_1, "props": {"MUX_INDEX": 8}})

    drift = workspace.run("drift", "site.yaml")

    assert drift.exit_code == 2, drift.output
    said = " ".join(drift.output.split())
    assert (
        "mux_index 8 is the channel of both t1/vw/pz-1 (10 observations) and t1/vw/pz-4 (0 observations) now"
        in said
    ), said
