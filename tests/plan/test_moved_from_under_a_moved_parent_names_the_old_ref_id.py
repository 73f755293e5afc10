"""A `moved` entry beneath a parent another entry moves may write its `from` under the parent's old
address (as Terraform does) or under its new one: both name the same entity, found by the refId it
carries on the platform now. A sensor's `from` under its renamed device's new key gave the refId
`site:dam-a/logger-2/crack-1`, which no entity carries: the plan refused, asking for the `moved`
entry the manifest already held."""

from __future__ import annotations

import pytest

from iotplan.manifest import parse_manifest
from iotplan.plan.desired import DesiredEntity, desired_nodes, walk

SITE = """
apiVersion: iotplan/v1
stack: site
projects:
  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537
    nodes:
      - key: {node}
        devices:
          - key: {device}
            sensors:
              - {{key: {sensor}, template: TEMPERATURE_SDE}}
moved:
"""

# (the connection's key, the device's, the sensor's), each `from` as written, and the sensor's old refId.
CASES = {
    "device, sensor under its old address": (
        ("dam-a", "logger-2", "crack-2"),
        [
            "{from: dam-a/logger-1, to: dam-a/logger-2}",
            "{from: dam-a/logger-1/crack-1, to: dam-a/logger-2/crack-2}",
        ],
        "site:dam-a/logger-1/crack-1",
    ),
    "device, sensor under its new address": (
        ("dam-a", "logger-2", "crack-2"),
        [
            "{from: dam-a/logger-1, to: dam-a/logger-2}",
            "{from: dam-a/logger-2/crack-1, to: dam-a/logger-2/crack-2}",
        ],
        "site:dam-a/logger-1/crack-1",
    ),
    "connection, sensor under its new address": (
        ("dam-b", "logger-1", "crack-2"),
        ["{from: dam-a, to: dam-b}", "{from: dam-b/logger-1/crack-1, to: dam-b/logger-1/crack-2}"],
        "site:dam-a/logger-1/crack-1",
    ),
    "three levels, all old": (
        ("dam-b", "logger-2", "crack-2"),
        [
            "{from: dam-a, to: dam-b}",
            "{from: dam-a/logger-1, to: dam-b/logger-2}",
            "{from: dam-a/logger-1/crack-1, to: dam-b/logger-2/crack-2}",
        ],
        "site:dam-a/logger-1/crack-1",
    ),
    "three levels, all under the new addresses": (
        ("dam-b", "logger-2", "crack-2"),
        [
            "{from: dam-a, to: dam-b}",
            "{from: dam-b/logger-1, to: dam-b/logger-2}",
            "{from: dam-b/logger-2/crack-1, to: dam-b/logger-2/crack-2}",
        ],
        "site:dam-a/logger-1/crack-1",
    ),
    "three levels, the sensor under the device's `from` as written": (
        ("dam-b", "logger-2", "crack-2"),
        [
            "{from: dam-a, to: dam-b}",
            "{from: dam-b/logger-1, to: dam-b/logger-2}",
            "{from: dam-b/logger-1/crack-1, to: dam-b/logger-2/crack-2}",
        ],
        "site:dam-a/logger-1/crack-1",
    ),
    "three levels, the device old and the sensor new": (
        ("dam-b", "logger-2", "crack-2"),
        [
            "{from: dam-a, to: dam-b}",
            "{from: dam-a/logger-1, to: dam-b/logger-2}",
            "{from: dam-b/logger-2/crack-1, to: dam-b/logger-2/crack-2}",
        ],
        "site:dam-a/logger-1/crack-1",
    ),
}


def old_ref_ids(keys: tuple[str, str, str], moves: list[str]) -> dict[str, str | None]:
    node, device, sensor = keys
    site = SITE.format(node=node, device=device, sensor=sensor) + "".join(f"  - {move}\n" for move in moves)
    entities: list[DesiredEntity] = list(walk(desired_nodes(parse_manifest(site, "site.yaml"))))
    return {str(entity.address): entity.old_ref_id for entity in entities}


@pytest.mark.parametrize(("keys", "moves", "expected"), CASES.values(), ids=CASES.keys())
def test_the_sensor_is_found_by_the_ref_id_it_carries_now(
    keys: tuple[str, str, str], moves: list[str], expected: str
) -> None:
    found = old_ref_ids(keys, moves)
    assert found["/".join(keys)] == expected
    assert found["/".join(keys[:2])] == "site:dam-a/logger-1"  # the device is moved too, or beneath a move
