"""Before its first write, an apply that creates a THREAD sensor on a channel reads the logger's
sensors again by id (JSON-RPC `getSensors`) and stops if another writer took the channel since the
plan. That read assumes a JSON-RPC read shows another writer's write at once (docs/api-assumptions.md).
Shown under each emulator variant where a read lags a write: where the REST lists lag
(`lists-lag-rpc-writes`), the read by id catches a move the plan's lists did not show yet; where
JSON-RPC reads lag (`rpc-reads-lag-writes`), it misses a move, the sensor is created beside the
other on its channel, and the verifying read tells it (exit 1, never "Verified")."""

from __future__ import annotations

import pytest

from tests.e2e.channel_taken_meanwhile import (
    PZ_1,
    PZ_4,
    applied_with_history,
    moved_onto_8_meanwhile,
    stopped_before_the_write,
)
from tests.e2e.conftest import PROJECT, Workspace
from tests.e2e.test_thread import rpc


def channels_listed(workspace: Workspace) -> dict[str, object]:
    """Each sensor's channel as the REST list shows it (not behind under `rpc-reads-lag-writes`)."""
    listed = workspace.api("GET", "/api/sensors/all", params={"projectIds": PROJECT, "pageSize": 1000})
    return {
        sensor["id"]: sensor["props"].get("MUX_INDEX") for sensor in listed if sensor["id"] in (PZ_1, PZ_4)
    }


def test_where_the_lists_lag_the_read_by_id_catches_a_move_the_plan_did_not_see(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    applied_with_history(workspace)
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "lists-lag-rpc-writes")
    rpc(workspace, "updateSensor", {"sensor": PZ_1, "props": {"MUX_INDEX": 8}})  # the lists show it on 1

    said = stopped_before_the_write(workspace)

    assert "or the REST lists the plan read did not show that move yet" in said, said
    assert PZ_4 not in {sensor["id"] for sensor in rpc(workspace, "getSensors", {"sensors": [PZ_4]})}


def test_where_json_rpc_reads_lag_the_read_misses_the_move_and_the_verifying_read_tells_it(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    applied_with_history(workspace)
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "rpc-reads-lag-writes")
    moved_onto_8_meanwhile(workspace, monkeypatch, "get_nodes")  # after the plan, before the read

    applied = workspace.run("apply", "site.yaml", "--auto-approve")

    assert applied.exit_code == 1, applied.output
    said = " ".join(applied.output.split())
    assert "Verified" not in said and "was to be created on mux_index 8" not in said
    assert (
        "mux_index 8 is the channel of both t1/vw/pz-1 (10 observations) and t1/vw/pz-4 (0 observations)"
        in said
    ), said
    assert channels_listed(workspace) == {PZ_1: 8, PZ_4: 8}  # two sensors on one channel
