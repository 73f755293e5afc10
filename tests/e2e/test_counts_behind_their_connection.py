"""The data-loss guard where REST's sensor counts add up to less than their connection's count, on REST
answers shaped as the reference shows them (no LAST_OBSERVATION on devices and sensors: variant
`rest-without-last-observation`). A sensor's REST 0 there is no proof of nothing: JSON-RPC is asked,
and its object's LAST_OBSERVATION settles whether the 0 is a count."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.clients.jsonrpc_entities import EntityCalls
from iotplan.live import counts
from tests.e2e.conftest import QUICKSTART, Workspace

BATTERY = "              - key: battery\n                name: Battery\n"
TILT = (
    "              - key: tilt-1\n                name: Tiltmeter TM-1\n                metrics:\n"
    "                  - {custom_metric: tilt_a, unit: mm}\n"
    "                  - {custom_metric: tilt_b, unit: mm}\n"
)
REFERENCE_SHAPED = "rest-without-last-observation,connection-count-current"


def _battery_reported(workspace: Workspace, monkeypatch: pytest.MonkeyPatch, variants: str) -> Workspace:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", variants)
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    sensor = next(s for s in workspace.api("GET", "/api/sensors/all") if s["props"]["NAME"] == "Battery")
    workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor["id"], "count": 50})
    workspace.edit(QUICKSTART, BATTERY, "")
    workspace.edit(QUICKSTART, "                template: BATTERY_CHARGE_SDE\n", "")
    return workspace


@pytest.fixture
def lagging(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """50 observations uploaded to the battery sensor: the connection counts them, the sensor still 0."""
    return _battery_reported(workspace, monkeypatch, f"{REFERENCE_SHAPED},observation-count-lags")


def test_a_sensor_counting_0_under_a_connection_counting_more_holds_an_unknown_number(
    lagging: Workspace,
) -> None:
    plan = lagging.json("plan", QUICKSTART)
    (removed,) = [c for c in plan["changes"] if c["action"] == "remove"]
    assert removed["observations"] is None and removed["observations_unknown"] is True  # never "0"


def test_its_removal_needs_allow_destroy(lagging: Workspace) -> None:
    refused = lagging.run("apply", QUICKSTART, "--auto-approve")
    assert refused.exit_code == 1 and "--allow-destroy" in refused.output
    assert lagging.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy").exit_code == 0


def test_drift_does_not_say_it_holds_nothing(lagging: Workspace) -> None:
    drift = lagging.run("drift", QUICKSTART)
    assert "holds no observations" not in drift.output and "an unknown number" in drift.output


def test_a_json_rpc_copy_where_it_never_reported_does_not_settle_its_count(
    lagging: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """JSON-RPC is a copy of the platform (staging, a restored backup) where the battery never reported:
    its 0 without LAST_OBSERVATION is no count of the 50 REST's connection holds over its sensors'."""

    async def never_reported(self: EntityCalls, ids: Any) -> list[dict[str, Any]]:
        return [{"id": each, "props": {"OBSERVATION_COUNT": 0}} for each in ids]

    monkeypatch.setattr(EntityCalls, "get_sensors", never_reported)
    monkeypatch.setattr(EntityCalls, "get_nodes", never_reported)  # the copy's connection counts none
    (removed,) = [c for c in lagging.json("plan", QUICKSTART)["changes"] if c["action"] == "remove"]
    assert removed["observations"] is None and removed["observations_unknown"] is True
    refused = lagging.run("apply", QUICKSTART, "--auto-approve")
    assert refused.exit_code == 1 and "--allow-destroy" in refused.output


def test_a_connection_keeping_a_removed_sensors_history_still_plans_normally(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The battery's 50 stay in its connection's count once it is removed: the tiltmeter, which never
    reported, is then removed as holding none (JSON-RPC says 0, without LAST_OBSERVATION)."""
    _battery_reported(workspace, monkeypatch, REFERENCE_SHAPED)
    assert workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy").exit_code == 0
    workspace.edit(QUICKSTART, TILT, "")
    plan = workspace.json("plan", QUICKSTART)
    (removed,) = [c for c in plan["changes"] if c["action"] == "remove"]
    assert removed["observations"] == 0 and removed["observations_unknown"] is False
    applied = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert applied.exit_code == 0, applied.output


def test_a_plan_removing_nothing_asks_json_rpc_nothing(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", f"{REFERENCE_SHAPED},observation-count-lags")
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    sensor = next(s for s in workspace.api("GET", "/api/sensors/all") if s["props"]["NAME"] == "Battery")
    workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor["id"], "count": 50})
    asked: list[int] = []

    async def fill_counts(reader: Any, devices: list[Any], sensors: list[Any], said: Any = None) -> int:
        asked.append(len(devices) + len(sensors))
        return 0

    monkeypatch.setattr(counts, "fill_counts", fill_counts)
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0
    assert asked == []
    workspace.edit(QUICKSTART, BATTERY, "")
    workspace.edit(QUICKSTART, "                template: BATTERY_CHARGE_SDE\n", "")
    assert workspace.run("plan", QUICKSTART).exit_code == 0
    assert asked, "a removal under the connection asks"


def test_a_metric_change_under_a_connection_keeping_a_removed_sensors_history_plans_normally(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its REST counts add up to less than the connection's for good: JSON-RPC settles a data-model
    change's count as it settles a removal's, or every such change was refused forever."""
    _battery_reported(workspace, monkeypatch, REFERENCE_SHAPED)
    assert workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy").exit_code == 0
    workspace.edit(QUICKSTART, "{custom_metric: tilt_b, unit: mm}", "{custom_metric: tilt_b, unit: m}")
    planned = workspace.run("plan", QUICKSTART)
    assert "unknown number" not in planned.output and "--allow-data-model-change" not in planned.output
    applied = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert applied.exit_code == 0, applied.output


def test_where_rest_gives_sensors_no_count_a_connection_keeping_a_removed_sensors_history_plans_normally(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """REST counts connections only (as documented): JSON-RPC's sensors then add up to less than the
    connection for good. It counts the connection as REST does, so they are taken: a metric change
    needs no flag, and no "two platforms" is said."""
    _battery_reported(workspace, monkeypatch, "no-observation-counts,connection-count-current")
    assert workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy").exit_code == 0
    workspace.edit(QUICKSTART, "{custom_metric: tilt_b, unit: mm}", "{custom_metric: tilt_b, unit: m}")
    planned = workspace.run("plan", QUICKSTART)
    assert "two platforms" not in planned.output and "--allow-data-model-change" not in planned.output
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
