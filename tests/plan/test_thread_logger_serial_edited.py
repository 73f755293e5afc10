"""A THREAD logger's SERIAL_NO edited behind iotplan (a colleague swaps the datalogger and types the
new serial in the web app) was neither planned nor drift: the plan found the logger by its id, read
it in sync, and an update of it resent the edited serial as the logger's own. The manifest's `serial`
is in the id, and no documented request writes another SERIAL_NO: plan refuses, naming both serials,
and drift reports the refusal."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace, workspace  # noqa: F401 (a fixture)
from tests.e2e.test_thread import SITE, VW_LOGGER, rpc


@pytest.fixture
def swapped(workspace: Workspace) -> Workspace:  # noqa: F811 (the fixture imported above)
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    rpc(workspace, "updateDevice", {"device": VW_LOGGER, "props": {"SERIAL_NO": "040000"}})
    return workspace


def test_plan_refuses_a_logger_whose_serial_was_edited_behind_iotplan(swapped: Workspace) -> None:
    plan = swapped.run("plan", SITE, "--no-color")
    assert plan.exit_code == 1, plan.output
    said = f"tunnel-thread/vw-logger: {VW_LOGGER} reads SERIAL_NO '040000' on the platform, not '032433'"
    assert said in plan.output


def test_drift_reports_the_edited_serial(swapped: Workspace) -> None:
    """Told with its THREAD's entry, as every refusal of a THREAD's plan is (plan/diff.py)."""
    drift = swapped.run("drift", SITE, "--no-color")
    assert drift.exit_code == 2, drift.output  # drift found
    refused = swapped.json("drift", SITE)["entries"]
    (node,) = [entry for entry in refused if entry["refused"]]
    assert node["address"] == "tunnel-thread"
    assert "tunnel-thread/vw-logger: " in node["reason"] and "reads SERIAL_NO '040000'" in node["reason"]
