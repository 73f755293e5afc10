"""A THREAD logger or sensor declared without `name:` is created with its key as NAME (A15): a swap,
a move or a new gateway is told by that NAME as by a declared one."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.errors import PlanError
from iotplan.live import LiveConnection, LiveEntity, LiveProject, LiveState
from iotplan.manifest import parse_manifest
from iotplan.plan.desired import desired_state
from iotplan.plan.diff import make_plan
from iotplan.plan.model import Action, Plan, PlanOptions
from iotplan.render import render_text

PROJECT = "p-1"
NODE = "/fn/6C7D8E/node"
LOGGER = f"{NODE}/vwlogger/032433/device"
OLD_NODE = "/fn/5B5B5B/node"
OLD_LOGGER = f"{OLD_NODE}/vwlogger/032433/device"
SITE = f"""
apiVersion: iotplan/v1
stack: tun
projects:
  - id: {PROJECT}
    nodes:
      - key: t3
        kind: thread
        id: {NODE}
        devices:
          - key: vw
            type: VW_LOGGER
            serial: "032433"
            port: 1
            sensors:
              - {{key: pz-1, type: VW_PIEZOMETER, mux_index: 1}}
          - {{key: vw2, type: VW_LOGGER, serial: "032434", port: 2}}
"""


def desired(text: str) -> Any:
    return desired_state(parse_manifest(text, "site.yaml"))


def logger(entity_id: str, key: str, port: int) -> LiveEntity:
    return LiveEntity(entity_id, {"NAME": key, "EXTERNAL_PORT": port}, None, "VW_LOGGER")


def applied(node: str = NODE, observations: int = 5000) -> LiveConnection:
    """SITE as apply left it: each NAME is the key, as apply/thread.py sends it."""
    connection = LiveConnection(LiveEntity(node, {"NAME": "t3"}), PROJECT)
    first, second = f"{node}/vwlogger/032433/device", f"{node}/vwlogger/032434/device"
    connection.devices += [logger(first, "vw", 1), logger(second, "vw2", 2)]
    sensor = {"NAME": "pz-1", "MUX_INDEX": 1, "OBSERVATION_COUNT": observations}
    connection.sensors = {first: [LiveEntity(f"{first}/pz-1/sensor", sensor, None, "VW_PIEZOMETER")]}
    connection.sensors[second] = []
    return connection


def planned(text: str, project: LiveProject) -> Plan:
    return make_plan(desired(text), LiveState("test", {PROJECT: project}), PlanOptions())


def on_the_platform(*connections: LiveConnection) -> LiveProject:
    project = LiveProject(PROJECT, exists=True)
    project.connections = {connection.node.id: connection for connection in connections}
    return project


def test_an_unnamed_logger_swapped_for_a_new_serial_is_refused_like_a_named_one() -> None:
    swapped = SITE.replace('serial: "032433"', 'serial: "032499"')
    with pytest.raises(
        PlanError, match=f"but {LOGGER} in the same place carries its name with serial 032433"
    ):
        planned(swapped, on_the_platform(applied()))


def test_an_unnamed_sensor_moved_to_another_logger_says_its_history_stays_behind() -> None:
    moved = SITE.replace(
        "            sensors:\n              - {key: pz-1, type: VW_PIEZOMETER, mux_index: 1}\n", ""
    ).replace("port: 2}", "port: 2, sensors: [{key: pz-1, type: VW_PIEZOMETER, mux_index: 1}]}")
    plan = planned(moved, on_the_platform(applied()))
    (created,) = [c for c in plan.changes if c.action is Action.CREATE]
    assert created.address == "t3/vw2/pz-1"
    assert created.reason == (
        "not on the platform; t3/vw/#pz-1 under another logger has its name and keeps its 5,000 "
        "observations: a THREAD sensor cannot move between loggers, so this one starts with no history"
    )


def test_unnamed_loggers_and_sensors_of_a_replaced_gateway_say_their_history_stays_on_the_old_thread() -> (
    None
):
    project = LiveProject(PROJECT, exists=True, other_threads={OLD_NODE: applied(OLD_NODE, observations=700)})
    registered = SITE.replace("devices:", "register: true\n        version: v4_6\n        devices:", 1)
    reasons = {c.address: c.reason for c in planned(registered, project).changes}
    assert reasons["t3/vw"] == (
        f"created with t3; {OLD_LOGGER} on another THREAD has its name and keeps its 700 observations: "
        "a THREAD logger cannot move to another THREAD, so this one starts with no history"
    )
    assert reasons["t3/vw/pz-1"] == (
        f"created with t3; {OLD_LOGGER}/pz-1/sensor on another THREAD has its name and keeps its 700 "
        "observations: a THREAD sensor cannot move to another THREAD, so this one starts with no history"
    )


def test_an_unnamed_logger_and_sensor_to_create_show_the_key_they_are_named_with() -> None:
    text = render_text(
        planned(SITE, on_the_platform(LiveConnection(LiveEntity(NODE, {"NAME": "t3"}), PROJECT))), color=False
    )
    assert (
        '  + device t3/vw (VW_LOGGER): not on the platform\n      + name = "vw"\n      + port = 1\n' in text
    )
    assert '  + sensor t3/vw/pz-1 (VW_PIEZOMETER): created with t3/vw\n      + name = "pz-1"\n' in text
