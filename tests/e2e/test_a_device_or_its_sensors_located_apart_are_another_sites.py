"""Another stack's connection at a key this stack creates, its device named otherwise (plan/renamed_stack.py),
for a stack that owns a connection already: its sensors named alike tell it is the one declared
(refused), unless the device, or those sensors, are declared more than a kilometre from it: another
site (planned). Each location check is needed (cr80 coverage)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import PROJECT, Workspace

DEPOT_NODE = "      - {key: depot, name: Depot feed}\n"
DEPOT = f"apiVersion: iotplan/v1\nstack: south\nprojects:\n  - id: {PROJECT}\n    nodes:\n{DEPOT_NODE}"


def region(stack: str, logger_location: str, sensor_location: str = "") -> str:
    """A connection named for its stack, no location; its logger named for it too, two sensors alike."""
    return f"""\
apiVersion: iotplan/v1
stack: {stack}
projects:
  - id: {PROJECT}
    nodes:
      - key: site-01
        name: {stack} feed
        devices:
          - key: logger
            name: {stack} logger
            location: {logger_location}
            sensors:
              - {{key: temp, name: Temperature, template: TEMPERATURE_SDE{sensor_location}}}
              - {{key: battery, name: Battery, template: BATTERY_CHARGE_SDE{sensor_location}}}
"""


NEAR, FAR = "{lat: -41.27, lon: 174.78}", "{lat: -44.70, lon: 170.10}"


@pytest.mark.parametrize(
    ("south_logger", "south_sensors", "planned"),
    [
        (NEAR, "", False),  # the sensors tell: refused (the control)
        (FAR, "", True),  # kills `_device_as_declared`'s location check dropped
        (NEAR, f", location: {FAR}", True),  # kills `_sensors_as_declared`'s location check dropped
    ],
    ids=["near", "logger-far", "sensors-far"],
)
def test_a_device_or_its_sensors_located_apart_are_another_sites(
    workspace: Workspace, south_logger: str, south_sensors: str, planned: bool
) -> None:
    (workspace.path / "north.yaml").write_text(region("north", NEAR, f", location: {NEAR}"))
    assert workspace.run("apply", "north.yaml", "--auto-approve").exit_code == 0
    (workspace.path / "depot.yaml").write_text(DEPOT)  # no first apply: rule 1's
    assert workspace.run("apply", "depot.yaml", "--auto-approve").exit_code == 0
    south = region("south", south_logger, south_sensors or f", location: {NEAR}") + DEPOT_NODE
    (workspace.path / "south.yaml").write_text(south)

    result = workspace.run("plan", "south.yaml")
    assert (result.exit_code == 0) is planned, result.output
