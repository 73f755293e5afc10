"""A REST count of 0 on a sensor a write would take (removed, or its metrics or units changed) is held
against JSON-RPC's object of it before a plan calls it none. The reference's REST answers carry no
count on devices and sensors, and none of their examples a LAST_OBSERVATION, so a 0 an upload has
not reached yet (variants `rest-without-last-observation`, `observation-count-lags`) looks like
none. Its connection's count shows it only where that count is current and was read (variant
`connection-count-current`, a connection read by itself, not through the project's lists): else the
sensor was removed as holding nothing, without --allow-destroy, and its history went with it.
JSON-RPC's objects carry LAST_OBSERVATION (the reference's device and sensor examples)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from typing import Any

import pytest

from iotplan.cli import plan_commands
from iotplan.clients.jsonrpc_entities import EntityCalls
from iotplan.commands import plan as plan_module
from iotplan.errors import PlanError
from iotplan.live import read
from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_counts_behind_their_connection import BATTERY, REFERENCE_SHAPED, _battery_reported
from tests.e2e.test_counts_unknown_now_say_why import applied, out_of_reach
from tests.e2e.test_orphans_under_undeclared_connections import team_b_dropped_its_adopted_connection
from tests.e2e.test_ownership_and_fences import observe
from tests.guards.fleet import FLEET

LAGGING = "rest-without-last-observation,observation-count-lags"  # the connection's count lags too
TILT_B = "{custom_metric: tilt_b, unit: mm}"


@pytest.fixture(params=["one by one", "through the lists"])
def read_as(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """How the plan reads the project: each connection by itself, or the project's device and sensor
    lists (a fleet's many connections, or a THREAD site beside them), whose connections carry no count."""
    if request.param == "through the lists":
        monkeypatch.setattr(read, "_lists_are_cheaper", lambda *_: True)
    return str(request.param)


def removed(workspace: Workspace, manifest: str = QUICKSTART) -> list[dict[str, object]]:
    plan = workspace.json("plan", manifest)
    return [change for change in plan["changes"] if change["action"] == "remove"]


def test_a_lagging_0_is_no_count_where_the_connection_lags_too(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, read_as: str
) -> None:
    _battery_reported(workspace, monkeypatch, LAGGING)
    (battery,) = removed(workspace)
    assert battery["observations"] is None and battery["observations_unknown"] is True
    refused = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert refused.exit_code == 1 and "--allow-destroy" in refused.output, refused.output
    assert workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy").exit_code == 0


def test_through_the_lists_a_lagging_0_its_connections_count_would_show_is_no_count(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The connection counts the 50 (its count is current), but the lists carry no connection count."""
    _battery_reported(workspace, monkeypatch, f"{REFERENCE_SHAPED},observation-count-lags")
    monkeypatch.setattr(read, "_lists_are_cheaper", lambda *_: True)
    (battery,) = removed(workspace)
    assert battery["observations"] is None and battery["observations_unknown"] is True


def test_a_data_model_change_of_a_sensor_counting_a_lagging_0_needs_its_flag(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, read_as: str
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", LAGGING)
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    observe(workspace, "quickstart:dam-a/logger-1/tilt-1", 50)
    workspace.edit(QUICKSTART, TILT_B, "{custom_metric: tilt_b, unit: m}")
    (tilt,) = [c for c in workspace.json("plan", QUICKSTART)["changes"] if c["action"] == "update"]
    assert tilt["observations_unknown"] is True
    refused = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert refused.exit_code == 1 and "--allow-data-model-change" in refused.output, refused.output


def test_a_sensor_that_never_reported_is_still_removed_as_holding_none(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, read_as: str
) -> None:
    """JSON-RPC's 0 without a LAST_OBSERVATION is a count: no --allow-destroy for what holds nothing."""
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", LAGGING)
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, BATTERY, "")
    workspace.edit(QUICKSTART, "                template: BATTERY_CHARGE_SDE\n", "")
    (battery,) = removed(workspace)
    assert battery["observations"] == 0 and battery["observations_unknown"] is False
    applied = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert applied.exit_code == 0, applied.output


def test_an_orphan_under_another_stacks_connection_counting_a_lagging_0_is_no_count(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, read_as: str
) -> None:
    """Team B's sensor under quickstart's connection, which team B adopted by id and then dropped."""
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", f"{REFERENCE_SHAPED},observation-count-lags")
    team_b_dropped_its_adopted_connection(workspace)
    observe(workspace, "team-b:shared/logger-1/b-temp", 50)
    counts = {str(c["live_ref_id"]): c["observations_unknown"] for c in removed(workspace, "dropped.yaml")}
    assert counts["team-b:shared/logger-1/b-temp"] is True


def test_data_arriving_while_the_prompt_is_open_stops_the_removal_though_rest_still_counts_0(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reviewed holding none (it had not reported), the battery reports before the reviewer answers
    `yes`: REST's recount still says 0, JSON-RPC's object shows the upload."""
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", LAGGING)
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, BATTERY, "")
    workspace.edit(QUICKSTART, "                template: BATTERY_CHARGE_SDE\n", "")
    battery = workspace.live_entity("quickstart:dam-a/weather/battery")

    def yes_minutes_later(auto_approve: bool) -> None:
        reporting = threading.Thread(target=observe, args=(workspace, "quickstart:dam-a/weather/battery", 40))
        reporting.start()
        reporting.join()

    monkeypatch.setattr(plan_commands, "_confirm", yes_minutes_later)
    refused = workspace.run("apply", QUICKSTART)
    assert refused.exit_code == 1 and "Nothing was written" in refused.output, refused.output
    assert workspace.live_entity("quickstart:dam-a/weather/battery")["id"] == battery["id"]


def test_zeros_json_rpc_counts_as_rest_did_leave_the_plan_as_first_made(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, read_as: str
) -> None:
    """A unit change of sensors that never reported: JSON-RPC confirms each 0, so the plan is not
    diffed again (100,000 sensors: 3 s), and it is the plan a second diff makes."""
    (workspace.path / "fleet.yaml").write_text(FLEET)
    assert workspace.run("apply", "fleet.yaml", "--auto-approve").exit_code == 0
    workspace.edit("fleet.yaml", "unit: Hz", "unit: kHz")
    made: list[int] = []
    diff = plan_module.make_shard_plan
    monkeypatch.setattr(plan_module, "make_shard_plan", lambda *a, **k: made.append(1) or diff(*a, **k))
    once = workspace.run("plan", "fleet.yaml", "--format", "json")
    assert len(made) == 1, once.output
    monkeypatch.setattr(plan_module, "_as_first_made", lambda *_: False)
    twice = workspace.run("plan", "fleet.yaml", "--format", "json")
    assert len(made) == 3
    assert _without_read_at(once.stdout) == _without_read_at(twice.stdout)
    updates = [c for c in json.loads(once.stdout)["changes"] if c["action"] == "update"]
    assert len(updates) == 1 and updates[0]["touches_data_model"]
    assert all(c["observations"] == 0 and c["observations_unknown"] is False for c in updates)


def _without_read_at(plan: str) -> dict[str, object]:
    loaded = dict(json.loads(plan))
    loaded.pop("read_at")
    return loaded


def _logger_1_dropped(workspace: Workspace) -> None:
    text = (workspace.path / QUICKSTART).read_text()
    start, end = text.index("          - key: logger-1"), text.index("          - key: weather")
    (workspace.path / QUICKSTART).write_text(text[:start] + text[end:])


@pytest.fixture
def logger_holding_counted_and_lagging(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """Logger-1's piezometer counted 50 (REST's count current then), its crack meter 40 not counted
    yet: logger-1 dropped from the manifest."""
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "rest-without-last-observation")
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    observe(workspace, "quickstart:dam-a/logger-1/pz-1", 50)
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", LAGGING)
    observe(workspace, "quickstart:dam-a/logger-1/crack-1", 40)
    _logger_1_dropped(workspace)
    return workspace


def test_a_removal_holding_data_counts_its_lagging_0s_unknown_too(
    logger_holding_counted_and_lagging: Workspace,
) -> None:
    """Shown as "destroys 50 observations", the apply's recount (which doubts every removal's 0s) then
    refused it on every run: "data on 1 sensor that held none when reviewed"."""
    _planned_holding_50_and_unknown_then_applied(logger_holding_counted_and_lagging)


def _planned_holding_50_and_unknown_then_applied(workspace: Workspace) -> None:
    (logger,) = removed(workspace)
    assert logger["observations"] == 50 and logger["observations_unknown"] is True
    applied = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")
    assert applied.exit_code == 0, applied.output


def test_without_json_rpc_a_removal_holding_data_is_applied_with_its_flag(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """JSON-RPC out of reach: the 0s the plan and the recount doubt stay unknown in both, so the
    removal, reviewed as holding 50 and an unknown number, is not refused as changed since."""
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    observe(workspace, "quickstart:dam-a/logger-1/pz-1", 50)
    _logger_1_dropped(workspace)
    out_of_reach(monkeypatch)
    _planned_holding_50_and_unknown_then_applied(workspace)


def test_drift_of_a_refused_plan_does_not_say_a_lagging_sensor_holds_nothing(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A case-only rename makes the plan refused; drift still reports its removals."""
    _battery_reported(workspace, monkeypatch, LAGGING)
    workspace.edit(QUICKSTART, "- key: pz-1", "- key: PZ-1")
    assert workspace.run("plan", QUICKSTART).exit_code == 1
    drift = workspace.run("drift", QUICKSTART, "--format", "json")
    (battery,) = [e for e in json.loads(drift.stdout)["entries"] if e["address"].endswith("/battery")]
    assert battery["observations_unknown"] is True, battery


@pytest.mark.parametrize(
    "selection", [("--exclude", "dam-a/weather/battery"), ("--target", "dam-a/weather/battery")]
)
def test_a_refused_plan_with_a_selection_says_its_refusal_first(
    workspace: Workspace, selection: tuple[str, str]
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, "- key: pz-1", "- key: PZ-1")
    text = (workspace.path / QUICKSTART).read_text()
    (workspace.path / QUICKSTART).write_text(text[: text.index("          - key: weather")])
    refused = workspace.run("plan", QUICKSTART, *selection)
    assert refused.exit_code == 1 and "no safe plan exists" in refused.output, refused.output


def test_a_saved_removal_holding_data_whose_0s_cannot_be_counted_now_is_not_said_changed(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reviewed with JSON-RPC (the battery's 0 confirmed), applied while it is out of reach: refused,
    nothing written, as a count that cannot be read now, not as the platform changed."""
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    observe(workspace, "quickstart:dam-a/weather/air-temp", 5)
    text = (workspace.path / QUICKSTART).read_text()
    (workspace.path / QUICKSTART).write_text(text[: text.index("          - key: weather")])
    assert workspace.run("plan", QUICKSTART, "--out", "saved.json").exit_code == 0
    out_of_reach(monkeypatch)
    refused = workspace.run("apply", "saved.json", "--auto-approve", "--allow-destroy")
    assert refused.exit_code == 1 and "the platform changed since" not in refused.output, refused.output
    assert "dam-a/weather/battery), read when reviewed, cannot be read now" in refused.output
    assert "--allow-data-model-change" not in refused.output  # a removal's flag alone
    assert workspace.live_entity("quickstart:dam-a/weather/battery")


@pytest.mark.parametrize(
    ("saved", "not_said"),
    [(True, "the platform changed since"), (False, "platform changed while")],
    ids=["saved", "confirmed"],
)
def test_a_data_model_change_whose_0_cannot_be_counted_now_is_not_said_changed(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, saved: bool, not_said: str
) -> None:
    """JSON-RPC goes out of reach after the review (or while the prompt is open: the recount says
    what a saved plan says)."""
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", LAGGING)
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, TILT_B, "{custom_metric: tilt_b, unit: m}")
    gone = lambda: out_of_reach(monkeypatch)  # noqa: E731
    refused = applied(workspace, monkeypatch, QUICKSTART, gone, saved, "--allow-data-model-change")
    assert refused.exit_code == 1 and not_said not in refused.output, refused.output
    assert "update dam-a/logger-1/tilt-1: its count, read when reviewed, cannot be read now" in refused.output
    assert "zero date or mode only with --allow-data-model-change)" in refused.output


def test_counts_json_rpc_gave_after_a_refused_diff_are_not_asked_again(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """REST gives no counts (as documented): a first diff refused for want of them asks JSON-RPC for
    every sensor; the 0s it gave are its own, not REST's to doubt and ask again."""
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "no-observation-counts")
    (workspace.path / "fleet.yaml").write_text(FLEET)
    assert workspace.run("apply", "fleet.yaml", "--auto-approve").exit_code == 0
    workspace.edit("fleet.yaml", "unit: Hz", "unit: kHz")
    asked: list[int] = []
    real = EntityCalls.get_sensors

    async def counting(self: EntityCalls, ids: Iterable[str]) -> list[dict[str, Any]]:
        wanted = list(ids)
        asked.append(len(wanted))
        return await real(self, wanted)

    monkeypatch.setattr(EntityCalls, "get_sensors", counting)
    diff = plan_module.make_shard_plan
    made: list[int] = []

    def refused_first(*args: Any, **kwargs: Any) -> Any:
        made.append(1)
        if len(made) == 1:
            raise PlanError("which of two copies is kept rests on their counts")
        return diff(*args, **kwargs)

    monkeypatch.setattr(plan_module, "make_shard_plan", refused_first)
    planned = workspace.run("plan", "fleet.yaml", "--format", "json")
    assert planned.exit_code == 0, planned.output
    assert asked == [4]  # every sensor once
