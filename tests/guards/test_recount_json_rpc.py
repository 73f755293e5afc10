"""A later wave's removals counted again ask JSON-RPC only for what they take whose count REST did
not give, or gave as 0: removing sensors REST counted holding data asks it nothing; REST's 0 is asked
of JSON-RPC, whose object alone tells one an upload has not reached yet (commands/apply.py
`recounted`, live/counts.py `doubt_zero_counts`)."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from iotplan.clients.target import TargetOptions, open_target
from iotplan.commands.apply import ApplyRequest, prepare_apply, run_apply
from iotplan.plan.desired import desired_state
from iotplan.plan.guards import Permissions
from tests.guards.fleet import load
from tests.guards.test_apply_command import NO_AIR, WAVES_OF_ONE, Platform


class Asked:
    """A JSON-RPC client's entity reads in a project, each asked for ids noted."""

    def __init__(self, calls: Any, asked: list[str]) -> None:
        self.calls, self.asked = calls, asked

    async def get_devices(self, device_ids: Iterable[str]) -> list[dict[str, Any]]:
        self.asked += [f"device {each}" for each in device_ids]
        return list(await self.calls.get_devices(device_ids))

    async def get_sensors(self, sensor_ids: Iterable[str]) -> list[dict[str, Any]]:
        self.asked += [f"sensor {each}" for each in sensor_ids]
        return list(await self.calls.get_sensors(sensor_ids))


class Noting:
    def __init__(self, jsonrpc: Any, asked: list[str]) -> None:
        self.jsonrpc, self.asked = jsonrpc, asked

    def __getattr__(self, name: str) -> Any:
        return getattr(self.jsonrpc, name)

    def in_project(self, project_id: str) -> Asked:
        return Asked(self.jsonrpc.in_project(project_id), self.asked)


def json_rpc_asked_while_applying(
    platform: Platform, text: str, request: ApplyRequest = WAVES_OF_ONE
) -> list[str]:
    asked: list[str] = []

    async def apply() -> None:
        async with open_target(TargetOptions(sim_db=platform.db), {}) as target:
            assert target.jsonrpc is not None
            target = dataclasses.replace(target, jsonrpc=Noting(target.jsonrpc, asked))
            prepared = await prepare_apply(target, desired_state(load(text)), request, {}, None)
            asked.clear()  # what the plan's own read asked
            result = await run_apply(target, prepared, {}, confirm=lambda: None)
            assert result.succeeded

    asyncio.run(apply())
    return asked


def test_waves_removing_sensors_rest_counted_ask_json_rpc_for_no_count(tmp_path: Path) -> None:
    platform = Platform(tmp_path)
    platform.apply()
    for site in ("dam-a", "dam-b"):
        platform.record_observations(f"site:{site}/logger-1/air", 5)
    allowed = dataclasses.replace(WAVES_OF_ONE, permissions=Permissions(allow_destroy=True))
    assert json_rpc_asked_while_applying(platform, NO_AIR, allowed) == []


def test_waves_removing_sensors_rest_counts_at_0_ask_json_rpc_for_those_alone(tmp_path: Path) -> None:
    platform = Platform(tmp_path)
    platform.apply()
    asked = json_rpc_asked_while_applying(platform, NO_AIR)
    # Once confirmed, both; then each wave's own before its writes: the two air sensors, nothing else.
    assert len(set(asked)) == 2 and len(asked) == 4
    assert all(each.startswith("sensor ") and each.endswith("/sensor") for each in asked)
