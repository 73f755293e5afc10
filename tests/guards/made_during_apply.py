"""Shared setup of the tests of an entity another writer makes while an apply runs: `integrate`
calls made on the emulator's store as another writer would, and an apply that meets one of them
just before its first integrate call (commands/apply.py `_copies_made`, `_beside_another_stacks`)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest

from iotplan.commands.apply import ApplyResult
from iotplan.errors import ApplyError
from iotplan.sim import embedded_transport
from tests.guards.fleet import DAM_A, PROJECT, manifest
from tests.guards.test_apply_command import Platform
from tests.guards.test_removal_counted_before_each_call import BeforeIntegrateCall

LOGGER_2 = """          - key: logger-2
            name: Logger 2
            sensors:
              - key: air
                template: TEMPERATURE_SDE
"""
WITH_LOGGER_2 = manifest(DAM_A + LOGGER_2)


def integrate(platform: Platform, body: dict[str, Any]) -> dict[str, Any]:
    async def call() -> dict[str, Any]:
        headers = {"Authorization": "ApiKey demo-key"}
        async with httpx.AsyncClient(
            transport=embedded_transport(platform.db), base_url="http://sim", headers=headers
        ) as http:
            answer = await http.post("/api/integrations/integrate", params={"projectIds": PROJECT}, json=body)
            assert answer.status_code < 400, answer.text
            return dict(answer.json())

    return asyncio.run(call())


def another_writers_connection(platform: Platform) -> str:
    new = {"changeState": "new", "refId": "field-import", "props": {"NAME": "Field import"}}
    return str(integrate(platform, {"integration": new})["integration"]["node"]["id"])


def logger_2_under(node_id: str, ref_id: str) -> dict[str, Any]:
    """An integration making a device named `Logger 2`, as WITH_LOGGER_2's, with `ref_id` under `node_id`."""
    device = {"changeState": "new", "refId": ref_id, "props": {"NAME": "Logger 2"}}
    device["props"]["INTEGRATION_ID"] = "IMPORT_DEVICE_SDE"
    return {"nodeId": node_id, "devices": [device]}


def logger_2_holding_a_sensor_under(
    node_id: str, ref_id: str, sensor_ref_id: str, name: str
) -> dict[str, Any]:
    """As `logger_2_under`, the device holding a sensor named `name` carrying `sensor_ref_id`."""
    made = logger_2_under(node_id, ref_id)
    sensor = {"NAME": name, "INTEGRATION_ID": "TEMPERATURE_SDE"}
    made["devices"][0]["sensors"] = [{"changeState": "new", "refId": sensor_ref_id, "props": sensor}]
    return made


def applied_while_made(platform: Platform, text: str, integration: dict[str, Any]) -> ApplyResult:
    """`text` applied on `platform`, another writer integrating `integration` just before the apply's
    first integrate call."""
    made_meanwhile = lambda: integrate(platform, {"integration": integration})  # noqa: E731
    result, _ = platform.apply(text, client=lambda client: BeforeIntegrateCall(client, 0, made_meanwhile))
    return result


def another_stacks_logger_2_made(platform: Platform) -> None:
    """Stack `teamb`'s device named `Logger 2` made at dam-a/logger-2, under the connection dam-a of
    this stack (as applied on `platform`) that the two share."""
    [dam_a] = [c.live_id for c in platform.prepare(manifest(DAM_A)).plan.changes if c.address == "dam-a"]
    assert dam_a is not None
    integrate(platform, {"integration": logger_2_under(dam_a, "teamb:dam-a/logger-2")})


def apply_error(result: ApplyResult) -> str:
    """Asserts `result` raises ApplyError as incomplete; its message, lines joined as one."""
    with pytest.raises(ApplyError) as raised:
        result.raise_if_incomplete()
    return " ".join(str(raised.value).split())


def dam_a_beside_another_writers_connection(tmp_path: Path) -> tuple[Platform, str]:
    """A platform on which dam-a is applied, and the id of a connection another writer made there."""
    platform = Platform(tmp_path)
    platform.apply(manifest(DAM_A))
    return platform, another_writers_connection(platform)
