"""A THREAD logger's port or a sensor's channel another writer set to `true` (`EXTERNAL_PORT: true`,
`MUX_INDEX: true` over JSON-RPC): the plan compared it with Python's `==`, where `True == 1`, so it read
port 1 and channel 1 as declared ("No changes", `plan --detailed-exitcode` and `drift` exit 0), and a
later update resent `true` as the platform held it: nothing ever corrected it. A flag is no number:
the plan shows `~ port: true → 1`, and apply writes 1."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import NODE, SITE, VW_LOGGER, rpc

PZ1 = f"{VW_LOGGER}/pz-1/sensor"


def flagged(workspace: Workspace) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    rpc(workspace, "updateDevice", {"device": VW_LOGGER, "props": {"EXTERNAL_PORT": True}})
    rpc(workspace, "updateSensor", {"sensor": PZ1, "props": {"MUX_INDEX": True}})


def test_a_port_and_a_channel_held_as_true_plan_and_drift_as_changes(workspace: Workspace) -> None:
    flagged(workspace)
    planned = workspace.run("plan", SITE, "--detailed-exitcode")
    assert planned.exit_code == 2, planned.output
    assert "~ port: true → 1" in planned.output, planned.output
    assert "~ mux_index: true → 1" in planned.output, planned.output
    assert workspace.run("drift", SITE).exit_code != 0


def test_apply_writes_the_declared_port_and_channel_over_true(workspace: Workspace) -> None:
    flagged(workspace)
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    (logger,) = rpc(workspace, "getDevices", {"devices": [VW_LOGGER]})
    (sensor,) = rpc(workspace, "getSensors", {"sensors": [PZ1]})
    assert (type(logger["props"]["EXTERNAL_PORT"]), type(sensor["props"]["MUX_INDEX"])) == (int, int)
    assert (logger["props"]["EXTERNAL_PORT"], sensor["props"]["MUX_INDEX"]) == (1, 1)
    assert "No changes" in workspace.run("plan", SITE).output


TEXT_LOCATION = {"type": "Point", "coordinates": ["174.7806", "-41.2706", "12.5"]}


def test_an_elevation_changed_keeps_the_other_coordinates_held_as_text(workspace: Workspace) -> None:
    """The plan shows one coordinate changing (`~ location.elevation: 12.5 → 13.0`): the update writes
    that one and keeps the others as the platform holds them, as a rename keeps them."""
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    rpc(workspace, "updateNode", {"node": NODE, "props": {"LOCATION": TEXT_LOCATION}})
    workspace.edit(SITE, "elevation: 12.5}", "elevation: 13}")
    planned = workspace.run("plan", SITE)
    assert "~ location.elevation: 12.5 → 13.0" in planned.output, planned.output
    assert "location.lat" not in planned.output and "location.lon" not in planned.output
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    (node,) = rpc(workspace, "getNodes", {"nodes": [NODE]})
    assert node["props"]["LOCATION"] == {"type": "Point", "coordinates": ["174.7806", "-41.2706", 13.0]}
    assert "No changes" in workspace.run("plan", SITE).output
