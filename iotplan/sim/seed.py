"""Seeds: the projects, credentials, THREAD hardware and existing networks an emulator starts with.

Nothing exists implicitly: a manifest never creates a project, a credential or a gateway.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from iotplan.sim.gateways import new_gateway

if TYPE_CHECKING:  # the backend applies seeds through this module
    from iotplan.sim.backend import SimBackend


def load_seed(path: str | Path) -> dict[str, Any]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a seed is a YAML mapping (see docs/sim.md)")
    return data


def demo_seed() -> dict[str, Any]:
    text = resources.files("iotplan.sim").joinpath("demo_seed.yaml").read_text(encoding="utf-8")
    return dict(yaml.safe_load(text))


def apply_seed(backend: SimBackend, seed: dict[str, Any]) -> None:
    """One transaction: a seed that fails half-way leaves the state as it was."""
    store = backend.store
    with store.transaction():
        for project in seed.get("projects", []):
            store.put_project(project["id"], project.get("name", ""))
        for key in seed.get("api_keys", []):
            store.put_credential(key["key"], "key", key.get("projects", "*"), None)
        for client in seed.get("clients", []):
            store.put_client(
                client["client_id"],
                client["client_secret"],
                client.get("projects", "*"),
                float(client.get("token_ttl", 3600)),
            )
        for gateway in seed.get("gateways", []):
            _add_gateway(backend, gateway)
        for network in seed.get("networks", []):
            _add_network(backend, network)


def _add_gateway(backend: SimBackend, seed: dict[str, Any]) -> None:
    gateway = new_gateway(seed, seed["project"])
    backend.store.put_gateway(gateway)
    node = {
        "props": {
            "SERIAL_NO": gateway["serial"],
            "INTEGRATION_ID": "THREAD_SDE",
            "NAME": f"THREAD {gateway['serial']}",
            "PROJECT_ID": seed["project"],
            "CREATION_DATE": "2025-01-15T09:00:00.000+00:00",
        },
        "id": f"/fn/{gateway['serial']}/node",
        "type": "THREAD",
    }
    backend.store.put("node", node, seed["project"], None, None)


def _add_network(backend: SimBackend, network: dict[str, Any]) -> None:
    """An existing network, made through the same integrate rules a client would use."""
    for connection in network.get("connections", []):
        body = {
            "integration": {
                "changeState": "new",
                "refId": connection.get("ref_id"),
                "props": connection.get("props", {}),
                "devices": [_device(d) for d in connection.get("devices", [])],
            }
        }
        answer = backend.integrate(network["project"], body)
        for group, declared in zip(
            answer["integration"]["devices"], connection.get("devices", []), strict=True
        ):
            for sensor, wanted in zip(group["sensors"], declared.get("sensors", []), strict=True):
                if wanted.get("observations"):
                    backend.add_observations(sensor["id"], int(wanted["observations"]))


def _device(device: dict[str, Any]) -> dict[str, Any]:
    return {
        "changeState": "new",
        "refId": device.get("ref_id"),
        "props": device.get("props", {}),
        "sensors": [
            {"changeState": "new", "refId": s.get("ref_id"), "props": s.get("props", {})}
            for s in device.get("sensors", [])
        ],
    }
