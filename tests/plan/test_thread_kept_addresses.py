"""Kept THREAD loggers of one serial and two types (ids differing in their type part) get addresses
of their own, and so do their sensors: `--exclude`, drift and port notes can tell them apart."""

from __future__ import annotations

from iotplan.live import LiveConnection, LiveEntity, LiveProject, LiveState
from iotplan.manifest import parse_manifest
from iotplan.plan.desired import desired_state
from iotplan.plan.diff import make_plan
from iotplan.plan.model import Cause, PlanOptions

PROJECT = "p-1"
NODE = "/fn/4A1B2C/node"
SITE = f"""
apiVersion: iotplan/v1
stack: tun
projects:
  - id: {PROJECT}
    nodes:
      - {{key: g, kind: thread, id: "{NODE}", devices: []}}
"""


def with_a_sensor(logger_id: str, logger_type: str, sensor_type: str) -> LiveConnection:
    connection = LiveConnection(LiveEntity(NODE, {}), PROJECT)
    connection.devices.append(LiveEntity(logger_id, {"NAME": "AB", "EXTERNAL_PORT": 1}, None, logger_type))
    sensor = LiveEntity(f"{logger_id}/s1/sensor", {"NAME": "s1", "MUX_INDEX": 1}, None, sensor_type)
    connection.sensors[logger_id] = [sensor]
    return connection


def test_kept_loggers_of_one_serial_and_two_types_and_their_sensors_have_addresses_of_their_own() -> None:
    connection = with_a_sensor(f"{NODE}/vwlogger/AB/device", "VW_LOGGER", "VW_PIEZOMETER")
    demo = with_a_sensor(f"{NODE}/demo/AB/device", "DEMO", "DEMO_SENSOR")
    connection.devices += demo.devices
    connection.sensors.update(demo.sensors)
    project = LiveProject(PROJECT, exists=True)
    project.connections = {NODE: connection}
    plan = make_plan(
        desired_state(parse_manifest(SITE, "site.yaml")), LiveState("test", {PROJECT: project}), PlanOptions()
    )
    kept = {str(c.address): c.live_id for c in plan.changes if c.cause is Cause.NOT_REMOVABLE}
    assert kept == {
        "g/#AB.vwlogger": f"{NODE}/vwlogger/AB/device",
        "g/#AB.vwlogger/#s1": f"{NODE}/vwlogger/AB/device/s1/sensor",
        "g/#AB.demo": f"{NODE}/demo/AB/device",
        "g/#AB.demo/#s1": f"{NODE}/demo/AB/device/s1/sensor",
    }
