"""The benchmark fleet: its size, the template variables, the emulator seed, and the drift to inject.

The fleet itself is written by benchmarks/fleet.yaml.j2, rendered by iotplan's own templating.
"""

from __future__ import annotations

import random
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from iotplan.clients.paging import requests_for
from iotplan.manifest import derive_ref_id
from iotplan.sim import demo_seed

TEMPLATE = Path(__file__).with_name("fleet.yaml.j2")
PROJECT = "6ee68656-ce20-452c-a4e6-b6b3a3b55537"  # the demo seed's first project
STACK = "fleet"  # fleet.yaml.j2 sets `stack: fleet`
FIRST_GATEWAY_SERIAL = 0xB00000  # THREAD serials B00000, B00001, ... (fleet.yaml.j2 and the seed)
CATALOG_CALLS = 3  # device, sensor and metric types


@dataclass(frozen=True)
class FleetSize:
    connections: int = 1000
    devices: int = 10  # per connection
    sensors: int = 10  # per device
    gateways: int = 100  # THREAD connections, platform side only

    @property
    def device_count(self) -> int:
        return self.connections * self.devices

    @property
    def sensor_count(self) -> int:
        return self.device_count * self.sensors

    @property
    def entity_count(self) -> int:
        """Connections (API and THREAD), devices and sensors: what one plan compares."""
        return self.connections + self.gateways + self.device_count + self.sensor_count

    def list_pages(self) -> int:
        """Node, device and sensor list pages: each list is read to an empty page (assumption A5)."""
        nodes = self.connections + self.gateways + len(demo_seed().get("gateways", []))
        return sum(requests_for(count) for count in (nodes, self.device_count, self.sensor_count))

    def label(self) -> str:
        return f"{self.connections} × {self.devices} × {self.sensors} (+{self.gateways} THREADs)"


def gateway_serial(number: int) -> str:
    return f"{FIRST_GATEWAY_SERIAL + number:06X}"


# The unit of every sensor's metric; the fleet-change scenario plans CHANGED_UNIT instead.
FLEET_UNIT, CHANGED_UNIT = "Pa", "kPa"


def write_vars(size: FleetSize, folder: Path) -> Path:
    """The --vars file fleet.yaml.j2 is rendered with."""
    variables = {
        "connections": size.connections,
        "devices": size.devices,
        "sensors": size.sensors,
        "gateways": size.gateways,
        "first_gateway_serial": FIRST_GATEWAY_SERIAL,
        "unit": FLEET_UNIT,
    }
    path = folder / "fleet-vars.yaml"
    path.write_text(yaml.safe_dump(variables))
    return path


def render(vars_file: Path, folder: Path) -> Path:
    """The template rendered once by `iotplan render`: the plain YAML manifest the baselines read."""
    path = folder / "fleet.yaml"
    command = [sys.executable, "-m", "iotplan", "render", str(TEMPLATE), "--vars", str(vars_file)]
    with path.open("wb") as out:
        subprocess.run(command, stdout=out, check=True)
    return path


def write_seed(size: FleetSize, folder: Path) -> Path:
    """The demo seed plus the fleet's THREADs.

    No THREAD is served: `iotplan sim serve` listens only for gateways on a loopback host, so every
    host here is an unresolvable `.invalid` name (the demo's own three THREADs are moved there too,
    so no fixed port is bound). The manifest gives the fleet's THREADs no `edge:`, so iotplan
    never calls them: only their connections on the platform are planned.
    """
    seed = demo_seed()
    for gateway in seed.get("gateways", []):
        gateway["host"] = f"demo-{gateway['serial'].lower()}.invalid:80"
    seed["gateways"] = seed.get("gateways", []) + [_gateway(number) for number in range(size.gateways)]
    path = folder / "fleet-seed.yaml"
    path.write_text(yaml.safe_dump(seed))
    return path


def _gateway(number: int) -> dict[str, Any]:
    serial = gateway_serial(number)
    return {
        "serial": serial,
        "host": f"thread-{serial.lower()}.invalid:80",
        "project": PROJECT,
        "ports": 3,
        "x3": True,
        "app_version": "7.17.0",
    }


@dataclass(frozen=True)
class DriftedSensor:
    connection: int
    device: int
    sensor: int

    @property
    def connection_ref(self) -> str:
        return derive_ref_id(STACK, f"c{self.connection}")

    @property
    def device_ref(self) -> str:
        return derive_ref_id(STACK, f"c{self.connection}", f"d{self.device}")

    @property
    def sensor_ref(self) -> str:
        return derive_ref_id(STACK, f"c{self.connection}", f"d{self.device}", f"s{self.sensor}")


def pick_drift(size: FleetSize, share: float, seed: int = 7) -> list[DriftedSensor]:
    """`share` of the sensors (at least one), chosen at random but the same every run."""
    count = max(1, round(size.sensor_count * share))
    per_connection = size.devices * size.sensors
    chosen = random.Random(seed).sample(range(size.sensor_count), count)
    return [
        DriftedSensor(n // per_connection, (n % per_connection) // size.sensors, n % size.sensors)
        for n in sorted(chosen)
    ]


def drift_bodies(drifted: list[DriftedSensor], node_ids: dict[str, str]) -> list[dict[str, Any]]:
    """One integrate body per touched connection, renaming its drifted sensors (NAME only)."""
    by_connection: dict[str, dict[str, list[DriftedSensor]]] = {}
    for sensor in drifted:
        by_connection.setdefault(sensor.connection_ref, {}).setdefault(sensor.device_ref, []).append(sensor)
    return [
        {"integration": {"nodeId": node_ids[connection], "devices": _device_entries(devices)}}
        for connection, devices in by_connection.items()
    ]


def _device_entries(devices: dict[str, list[DriftedSensor]]) -> list[dict[str, Any]]:
    return [
        {
            "changeState": "update",
            "refId": device_ref,
            "props": {},
            "sensors": [
                {"changeState": "update", "refId": s.sensor_ref, "props": {"NAME": "Renamed by hand"}}
                for s in sensors
            ],
        }
        for device_ref, sensors in devices.items()
    ]
