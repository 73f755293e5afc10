"""A THREAD's sensor or logger dropped from the manifest is kept (no API removes it): its line in the
plan and in drift says how many observations it holds, as a copy's does, so that whoever removes it
in the web app sees the history that goes with it. The JSON carried the count already."""

from __future__ import annotations

from tests.e2e.conftest import Workspace

SITE = "examples/thread/site.yaml"
VW_LOGGER = "/fn/6C7D8E/node/vwlogger/032433/device"
PZ3 = "              - {key: pz-3, name: Piezometer PZ-3 (right wall), type: VW_PIEZOMETER, mux_index: 3}\n"


def applied_with_history(workspace: Workspace) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    for sensor, count in (("pz-1", 1200), ("pz-2", 30), ("pz-3", 500)):
        body = {"sensor_id": f"{VW_LOGGER}/{sensor}/sensor", "count": count}
        workspace.api("POST", "/_sim/observations", json=body)


def test_a_kept_sensor_shows_its_observations_in_the_plan_and_in_drift(workspace: Workspace) -> None:
    applied_with_history(workspace)
    workspace.edit(SITE, PZ3, "")
    said = "tunnel-thread/vw-logger/#pz-3 (VW_PIEZOMETER): not in the manifest (500 observations); "
    assert said in workspace.run("plan", SITE).stdout
    said = 'UNMANAGED   sensor tunnel-thread/vw-logger/#pz-3 "Piezometer PZ-3 (right wall)": '
    assert said + "not in the manifest (500 observations); " in workspace.run("drift", SITE).stdout


def test_a_kept_logger_shows_what_its_sensors_hold(workspace: Workspace) -> None:
    applied_with_history(workspace)
    text = (workspace.path / SITE).read_text()
    start = text.index("          - key: vw-logger")
    workspace.edit(SITE, text[start : text.index("          - key: ipi-chain")], "")
    plan = workspace.run("plan", SITE).stdout
    assert "? device tunnel-thread/#032433 (VW_LOGGER): not in the manifest (1,730 observations); " in plan
    assert (
        "? sensor tunnel-thread/#032433/#pz-2 (VW_PIEZOMETER): not in the manifest (30 observations); "
        in plan
    )


def test_a_saved_plan_applies_though_a_kept_sensor_took_readings_since(workspace: Workspace) -> None:
    """The count on a kept entity's line is news, not part of what was reviewed: a THREAD sensor
    records on, and its count growing never makes the plan's writes stale."""
    applied_with_history(workspace)
    workspace.edit(SITE, PZ3, "")
    workspace.edit(SITE, "name: Section 3 IPI Chain", "name: Section 3 IPI Chain (renamed)")
    assert workspace.run("plan", SITE, "--out", "plan.json").exit_code == 0
    body = {"sensor_id": f"{VW_LOGGER}/pz-3/sensor", "count": 20}
    workspace.api("POST", "/_sim/observations", json=body)
    applied = workspace.run("apply", "plan.json")
    assert applied.exit_code == 0, applied.output
    assert "(520 observations)" in workspace.run("plan", SITE).stdout
