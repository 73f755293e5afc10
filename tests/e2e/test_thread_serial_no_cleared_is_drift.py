"""A THREAD entity whose SERIAL_NO another writer cleared (`SERIAL_NO: null`, on the default
platform, whose updates merge) is drift, as one changed is: the plan notes it on the entity's line
with the serial to set back, nothing to write (before: "No drift ... in sync"). The THREAD example as
applied, every node, logger and sensor holding its serial, and a registered THREAD holding its
VERSION, are reported in sync: nothing false."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import SITE, VW_LOGGER, rpc
from tests.e2e.test_thread_variants import REGISTERED


def test_a_logger_whose_serial_no_was_cleared_is_drift_with_the_serial_to_set_back(
    workspace: Workspace,
) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    assert workspace.run("drift", SITE).exit_code == 0  # every entity holds its serial: nothing said
    rpc(workspace, "updateDevice", {"device": VW_LOGGER, "props": {"SERIAL_NO": None}})
    drift = workspace.run("drift", SITE)
    assert drift.exit_code == 2, drift.output
    assert "MODIFIED    device tunnel-thread/vw-logger: tunnel-thread/vw-logger: " in drift.stdout
    # The default platform gives loggers their id's serial (the other logger holds its id's): certain.
    assert "set its SERIAL_NO to '032433' (the serial in its id)" in drift.stdout
    plan = workspace.run("plan", SITE, "--detailed-exitcode")
    assert plan.exit_code == 0, plan.output  # noted, nothing to write
    assert "holds no SERIAL_NO while" in plan.stdout


def test_a_registered_thread_renamed_by_hand_where_updates_replace_is_told_its_lost_version(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "rpc-update-replaces")
    (workspace.path / "reg.yaml").write_text(REGISTERED)
    assert workspace.run("apply", "reg.yaml", "--auto-approve").exit_code == 0  # createNode
    assert workspace.run("drift", "reg.yaml").exit_code == 0
    rpc(workspace, "updateNode", {"node": "/fn/ABCDEF/node", "props": {"NAME": "New THREAD"}})
    drift = workspace.run("drift", "reg.yaml")
    assert drift.exit_code == 2, drift.output
    assert (
        "holds no VERSION on the platform, which it was registered with ('7.18.0' declared)" in drift.stdout
    )
    assert "set its SERIAL_NO to 'ABCDEF' (the serial in its id)" in drift.stdout
