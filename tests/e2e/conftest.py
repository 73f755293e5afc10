"""End to end: the CLI as a user runs it, against the embedded platform in a temporary folder."""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner, Result

from iotplan.cli.main import cli
from iotplan.clients import gateway_lock
from iotplan.clients.target import Target, TargetOptions
from iotplan.sim import embedded_transport
from tests.conftest import ROOT

PROJECT = "6ee68656-ce20-452c-a4e6-b6b3a3b55537"


class Workspace:
    """A user's checkout: the examples, the embedded platform's database, and the CLI."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def run(self, *args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)

    def json(self, *args: str) -> dict[str, Any]:
        result = self.run(*args, "--format", "json")
        assert result.exit_code in (0, 2), result.output
        return dict(json.loads(result.stdout))

    def edit(self, relative: str, old: str, new: str) -> None:
        file = self.path / relative
        text = file.read_text()
        assert old in text, f"{old!r} not in {relative}"
        file.write_text(text.replace(old, new, 1))

    def api(self, method: str, path: str, **kwargs: Any) -> Any:
        """A request to the embedded platform behind iotplan's back, as another tool would make it."""

        async def call() -> Any:
            headers = {"Authorization": "ApiKey demo-key"}
            async with httpx.AsyncClient(
                transport=transport, base_url="http://platform", headers=headers
            ) as http:
                response = await http.request(method, path, **kwargs)
                assert response.status_code < 400, response.text
                return response.json()

        transport = embedded_transport(self.path / ".iotplan" / "sim.db")
        try:
            return asyncio.run(call())
        finally:  # its database and the -wal and -shm beside it: three descriptors a call otherwise
            transport.app.backend.store.close()  # type: ignore[attr-defined]

    def integrate(self, body: dict[str, Any]) -> Any:
        return self.api("POST", "/api/integrations/integrate", params={"projectIds": PROJECT}, json=body)

    def integrate_under(self, node_ref_id: str, devices: list[dict[str, Any]]) -> Any:
        """Devices (with their sensors) written under a connection behind iotplan's back."""
        node = self.live_entity(node_ref_id)
        return self.integrate({"integration": {"nodeId": node["id"], "devices": devices}})

    def listed(self) -> list[Any]:
        """Every connection, device and sensor as the platform lists them."""
        return [
            self.api("GET", f"/api/{kind}/all", params={"projectIds": PROJECT, "pageSize": 1000})
            for kind in ("nodes", "devices", "sensors")
        ]

    def live_entity(self, ref_id: str) -> dict[str, Any]:
        for kind in ("nodes", "devices", "sensors"):
            for entity in self.api(
                "GET", f"/api/{kind}/all", params={"projectIds": PROJECT, "pageSize": 1000}
            ):
                if entity["props"].get("SERIAL_NO") == ref_id:
                    return dict(entity)
        raise KeyError(ref_id)


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)  # the shell's IOTPLAN_* variables: tests/conftest.py drops them all
    # an apply --on-device's gateway lock file goes there, not into /tmp
    monkeypatch.setattr(gateway_lock, "LOCK_DIRECTORY", tmp_path)
    yield Workspace(tmp_path)


QUICKSTART = "examples/quickstart/site.yaml"


def rate_limits_given(command_module: Any, monkeypatch: pytest.MonkeyPatch) -> list[float | None]:
    """The rate (requests a second) each target a command opens is given, as it opens them."""
    given: list[float | None] = []
    opened_on_target = command_module.on_target

    def on_target(options: TargetOptions, work: Callable[[Target], Awaitable[Any]], **kept: Any) -> Any:
        given.append(options.rate_limit)
        return opened_on_target(options, work, **kept)

    monkeypatch.setattr(command_module, "on_target", on_target)
    return given


def one_sensor_site(stack: str, device: str, sensor: str) -> str:
    """A manifest of one API connection `c1` holding one device `d1` named `device`, which holds one
    sensor: `sensor` is its flow mapping (`{key: s1, ...}`)."""
    return f"""\
apiVersion: iotplan/v1
stack: {stack}
projects:
  - id: {PROJECT}
    nodes:
      - key: c1
        kind: api
        name: conn
        devices:
          - key: d1
            name: {device}
            sensors:
              - {sensor}
"""
