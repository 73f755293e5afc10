"""Seeds: the projects, credentials, THREAD hardware and existing networks an emulator starts with.

Nothing exists implicitly: a manifest never creates a project, a credential or a gateway. A seed
is checked whole before anything is stored, and stored in one transaction (docs/sim.md, "Seeds").
"""

from __future__ import annotations

import math
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from iotplan.sim.edge_values import new_gateway
from iotplan.sim.errors import AfterWrite, SimError
from iotplan.sim.props import now
from iotplan.sim.shapes import first_problem

if TYPE_CHECKING:  # the backend applies seeds through this module
    from iotplan.sim.backend import SimBackend

Name = Annotated[str, Field(min_length=1, max_length=200)]
Projects = Literal["*"] | list[Name]


class SeedError(ValueError):
    """A seed that cannot be used; the message names where it is wrong."""


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class ProjectSeed(_Part):
    id: Name
    name: str = ""


class KeySeed(_Part):
    key: Name
    projects: Projects = "*"


class ClientSeed(_Part):
    client_id: Name
    client_secret: Name
    projects: Projects = "*"
    token_ttl: Annotated[float, Field(gt=0, le=10**9)] = 3600


class GatewaySeed(_Part):
    serial: Annotated[str, Field(pattern=r"^[0-9A-Za-z]{1,32}$")]
    host: Name
    project: Name
    ports: Annotated[int, Field(ge=1, le=3)] = 3
    x3: bool = True
    status: Literal["ok", "unreachable", "asleep"] = "ok"
    model: Name | None = None
    app_version: Name = "7.17.0"
    firmware: Name = "4.2.1"
    hardware: Name = "rev-C"
    name: Name | None = None  # its connection's NAME (default "THREAD {serial}")


class EntitySeed(_Part):
    ref_id: Name | None = None
    props: dict[str, Any] = {}

    @field_validator("props")
    @classmethod
    def _json_values(cls, props: dict[str, Any]) -> dict[str, Any]:
        """YAML writes `.nan` and `.inf`, which JSON has no words for: stored, they would read back
        as null (and a plan would see a prop the seed never meant)."""
        for name, value in props.items():
            if _not_finite(value):
                raise ValueError(f"{name} holds NaN or an infinity, which no JSON answer can carry")
        return props


def _not_finite(value: Any) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, dict):
        return any(_not_finite(each) for each in value.values())
    if isinstance(value, list):
        return any(_not_finite(each) for each in value)
    return False


class SensorSeed(EntitySeed):
    observations: Annotated[int, Field(ge=0, le=10**12)] = 0


class DeviceSeed(EntitySeed):
    sensors: list[SensorSeed] = []


class ConnectionSeed(EntitySeed):
    devices: list[DeviceSeed] = []


class NetworkSeed(_Part):
    project: Name
    connections: list[ConnectionSeed] = []


class Seed(_Part):
    projects: list[ProjectSeed] = []
    api_keys: list[KeySeed] = []
    clients: list[ClientSeed] = []
    gateways: list[GatewaySeed] = []
    networks: list[NetworkSeed] = []


def check_seed(data: Any) -> Seed:
    try:
        return Seed.model_validate(data)
    except ValidationError as error:
        path, message = first_problem(error)
        raise SeedError(f"{path}: {message}" if path else message) from None


def load_seed(path: str | Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise SeedError(f"{path}: {error}") from None
    check_seed(data)
    return dict(data)


def demo_seed() -> dict[str, Any]:
    text = resources.files("iotplan.sim").joinpath("demo_seed.yaml").read_text(encoding="utf-8")
    return dict(yaml.safe_load(text))


def apply_seed(backend: SimBackend, data: Any) -> None:
    """One transaction: a seed that fails half-way leaves the state as it was."""
    seed, store = check_seed(data), backend.store
    with store.transaction():
        for project in seed.projects:
            store.put_project(project.id, project.name)
        for key in seed.api_keys:
            store.put_credential(key.key, "key", key.projects, None)
        for client in seed.clients:
            store.put_client(client.client_id, client.client_secret, client.projects, client.token_ttl)
        for number, gateway in enumerate(seed.gateways):
            _add_gateway(backend, gateway, f"gateways[{number}]")
        for number, network in enumerate(seed.networks):
            _add_network(backend, network, f"networks[{number}]")


def _known_project(backend: SimBackend, project_id: str, where: str) -> None:
    if backend.store.project(project_id) is None:
        raise SeedError(f"{where}.project: no project {project_id!r} is seeded")


def _add_gateway(backend: SimBackend, seed: GatewaySeed, where: str) -> None:
    _known_project(backend, seed.project, where)
    gateway = new_gateway(seed.model_dump(exclude_none=True, exclude={"name"}), seed.project)
    holder = backend.store.gateway(host=gateway["host"])
    if holder is not None and holder["serial"] != gateway["serial"]:
        raise SeedError(f"{where}.host: THREAD {holder['serial']} already answers on {gateway['host']}")
    backend.store.put_gateway(gateway)
    node: dict[str, Any] = {
        "props": {
            "SERIAL_NO": gateway["serial"],
            "INTEGRATION_ID": "THREAD_SDE",
            "NAME": seed.name or f"THREAD {gateway['serial']}",
            "PROJECT_ID": seed.project,
            # When seeding made it, as createNode stamps its node: two platforms seeded apart made
            # their nodes at two moments, whatever their names (a fixed date made them one node).
            "CREATION_DATE": now(),
        },
        "id": f"/fn/{gateway['serial']}/node",
        "type": "THREAD",
    }
    if backend.store.get(node["id"]) is None:  # seeding a THREAD again changes its box, not its node
        backend.store.insert("node", node, (seed.project, None, None), gateway["serial"])


def _add_network(backend: SimBackend, network: NetworkSeed, where: str) -> None:
    """An existing network, made through the same integrate rules a client would use."""
    _known_project(backend, network.project, where)
    for number, connection in enumerate(network.connections):
        body = {"integration": {**_entry(connection), "devices": [_device(d) for d in connection.devices]}}
        try:
            answer = backend.integrate(network.project, body, seeding=True)
        except (SimError, AfterWrite) as error:
            raise SeedError(f"{where}.connections[{number}]: {error}") from None
        for group, declared in zip(answer["integration"]["devices"], connection.devices, strict=True):
            for sensor, wanted in zip(group["sensors"], declared.sensors, strict=True):
                if wanted.observations:
                    backend.add_observations(sensor["id"], wanted.observations)


def _entry(entity: EntitySeed) -> dict[str, Any]:
    return {"changeState": "new", "refId": entity.ref_id, "props": entity.props}


def _device(device: DeviceSeed) -> dict[str, Any]:
    return {**_entry(device), "sensors": [_entry(sensor) for sensor in device.sensors]}
