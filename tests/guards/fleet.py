"""A small fleet of two connections, planned without I/O: what the guard tests change and plan."""

from __future__ import annotations

from iotplan.live import LiveConnection, LiveEntity, LiveProject, LiveState
from iotplan.manifest import LoadedManifest, parse_manifest
from iotplan.plan.desired import desired_state
from iotplan.plan.diff import make_plan
from iotplan.plan.model import Action, Plan, PlanOptions
from tests.plan.livebuilder import applied

PROJECT = "6ee68656-ce20-452c-a4e6-b6b3a3b55537"


def connection(key: str, name: str) -> str:
    return f"""      - key: {key}
        name: {name}
        devices:
          - key: logger-1
            name: Logger
            sensors:
              - key: pz-1
                name: Piezometer
                metrics: [{{metric: f, unit: Hz}}]
              - key: air
                template: TEMPERATURE_SDE
"""


DAM_A = connection("dam-a", "Dam A")
DAM_B = connection("dam-b", "Dam B")


def manifest(*connections: str, moved: str = "") -> str:
    text = f"apiVersion: iotplan/v1\nstack: site\nprojects:\n  - id: {PROJECT}\n    nodes:\n"
    text += "".join(connections) if connections else "      []\n"
    return text + (f"moved:\n{moved}" if moved else "")


FLEET = manifest(DAM_A, DAM_B)


def one_logger(sensors: list[str]) -> str:
    """dam-a with one device, logger-1, holding these sensors (each a YAML flow mapping)."""
    lines = "".join(f"              - {sensor}\n" for sensor in sensors)
    return manifest(
        "      - key: dam-a\n        name: Dam A\n        devices:\n          - key: logger-1\n"
        f"            name: Logger\n            sensors:\n{lines}"
    )


def load(text: str = FLEET) -> LoadedManifest:
    return parse_manifest(text, "site.yaml")


def live_fleet(text: str = FLEET, observations: int = 0) -> LiveState:
    """The platform after `text` was applied, each sensor holding `observations`."""
    return applied(load(text), observations)


def plan_for(text: str, live: LiveState, **options: object) -> Plan:
    return make_plan(desired_state(load(text)), live, PlanOptions(**options))  # type: ignore[arg-type]


def writes(plan: Plan) -> list[tuple[str, Action]]:
    return [(change.address, change.action) for change in plan.writes]


def actions(plan: Plan) -> list[tuple[str, Action]]:
    return [(change.address, change.action) for change in plan.changes]


def project_of(live: LiveState) -> LiveProject:
    return next(iter(live.projects.values()))


def connection_of(live: LiveState, ref_id: str) -> LiveConnection:
    return next(c for c in project_of(live).connections.values() if c.node.ref_id == ref_id)


def add_device(connection: LiveConnection, hex_id: str, serial: str | None, **props: object) -> LiveEntity:
    """A device someone put on a live connection, with `serial` as its SERIAL_NO."""
    values = {"NAME": f"device {hex_id}", **props} | ({"SERIAL_NO": serial} if serial else {})
    device = LiveEntity(f"{connection.node.id}/dynamic/{hex_id}/device", values, connection.node.id)
    connection.devices.append(device)
    connection.sensors[device.id] = []
    return device


def add_sensor(
    connection: LiveConnection, device: LiveEntity, hex_id: str, serial: str | None, **props: object
) -> LiveEntity:
    values = {"NAME": f"sensor {hex_id}", **props} | ({"SERIAL_NO": serial} if serial else {})
    sensor = LiveEntity(f"{device.id}/{hex_id}/sensor", values, device.id)
    connection.sensors.setdefault(device.id, []).append(sensor)
    return sensor
