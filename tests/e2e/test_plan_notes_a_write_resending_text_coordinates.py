"""A device's LOCATION whose coordinates another tool stored as text (JSON-RPC `updateDevice` takes
them so), which the plan reads as the declared numbers. An update resends what the plan shows
unchanged as the platform holds it (A2), so a device sent as it stands to carry a new sensor (A2+), or
a connection renamed, resends text coordinates, which REST (the emulator checks the reference's types)
refuses. The plan said "1 to add", exit 0 or 2, no word of it, and the apply failed. It now notes it on
the line that makes the write, in text, saved and JSON plans alike; the exit stays what it was."""

from __future__ import annotations

import json

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_thread import rpc

LOGGER = "quickstart:dam-a/logger-1"
TEXT_LOCATION = {"type": "Point", "coordinates": ["174.7802", "-41.2701", "21.5"]}
NEW_SENSOR = """              - key: tilt-1
"""
PZ_2 = """              - key: pz-2
                name: Piezometer PZ-2
                metrics:
                  - {custom_metric: pore_pressure, custom_unit: kPa_gauge}
"""
NOTE = (
    "its device dam-a/logger-1 is sent as it stands to carry it: the platform holds LOCATION of "
    'dam-a/logger-1 in a form the reference does not give (text coordinates: {"coordinates": '
    '["174.7802", "-41.2701", "21.5"], "type": "Point"}), and this write resends it so'
)
STEP = (
    "set LOCATION of dam-a/logger-1 as the manifest declares it in the platform's web app, then apply again"
)


def _text_coordinates(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    logger = workspace.live_entity(LOGGER)
    rpc(workspace, "updateDevice", {"device": logger["id"], "props": {"LOCATION": TEXT_LOCATION}})


def test_a_plan_adding_a_sensor_notes_its_device_resent_with_text_coordinates(workspace: Workspace) -> None:
    _text_coordinates(workspace)
    workspace.edit(QUICKSTART, NEW_SENSOR, PZ_2 + NEW_SENSOR)
    plan = workspace.run("plan", QUICKSTART, "--detailed-exitcode")
    assert plan.exit_code == 2, plan.output  # a note: the exit is the plan's, changes to make
    [line] = [line for line in plan.output.splitlines() if "+ sensor dam-a/logger-1/pz-2" in line]
    assert NOTE in line
    assert "a platform refusing that form refuses the write" in line and STEP in line
    [sensor] = [c for c in workspace.json("plan", QUICKSTART)["changes"] if c["address"].endswith("pz-2")]
    assert NOTE in sensor["reason"]
    assert workspace.run("plan", QUICKSTART, "--out", "saved.json").exit_code == 0
    shown = workspace.run("show", "saved.json")
    assert NOTE in shown.output
    applied = workspace.run("apply", "saved.json", "--auto-approve")
    assert applied.exit_code == 1 and STEP in applied.output  # refused as the plan said it may be


def test_a_connection_rename_notes_its_location_resent_with_text_coordinates(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    node = workspace.live_entity("quickstart:dam-a")
    text = {"type": "Point", "coordinates": ["174.78", "-41.27", "20"]}
    rpc(workspace, "updateNode", {"node": node["id"], "props": {"LOCATION": text}})
    workspace.edit(QUICKSTART, "Lake Ellen dam - datalogger feed", "Lake Ellen dam feed")
    plan = workspace.run("plan", QUICKSTART)
    [line] = [line for line in plan.output.splitlines() if "~ node dam-a" in line]
    assert (
        "the platform holds LOCATION of dam-a in a form the reference does not give (text coordinates" in line
    )
    assert "set LOCATION of dam-a as the manifest declares it in the platform's web app" in line


def test_a_location_held_as_declared_is_not_noted(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, NEW_SENSOR, PZ_2 + NEW_SENSOR)
    plan = workspace.run("plan", QUICKSTART)
    assert "reference does not give" not in plan.output
    assert json.dumps(workspace.json("plan", QUICKSTART)).count("reference does not give") == 0
