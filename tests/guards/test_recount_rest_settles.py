"""A connection removed whose sensors REST counted holding data is counted again without JSON-RPC:
their counts settle what it destroys (a device's own count could only raise them), so a JSON-RPC API
out of reach is neither asked nor warned about ("treated as holding data") while the removal goes
ahead (fz9 #3: it was warned about, and the removal went ahead all the same). REST's 0 settles
nothing (a count an upload has not reached yet reads so): without JSON-RPC, the removal stops."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from pathlib import Path
from typing import Any

import pytest

from iotplan.clients.target import TargetOptions, open_target
from iotplan.commands.apply import ApplyRequest, ApplyResult, prepare_apply, run_apply
from iotplan.errors import IotplanError
from iotplan.plan.desired import desired_state
from iotplan.plan.guards import Permissions
from tests.guards.fleet import DAM_A, load, manifest
from tests.guards.test_apply_command import PLAIN, Platform
from tests.live.test_observation_counts import NOBODY_THERE, Failing

DAM_B_GONE = manifest(DAM_A)


class OutOfReach:
    """A JSON-RPC client whose entity reads get no answer, as on a tenant whose port 4201 a firewall
    blocks, from the apply's confirmation on (the plan's own read is not the point here)."""

    def __init__(self, jsonrpc: Any) -> None:
        self.jsonrpc = jsonrpc

    def __getattr__(self, name: str) -> Any:
        return getattr(self.jsonrpc, name)

    def in_project(self, project_id: str) -> Failing:
        return Failing(NOBODY_THERE)


def applied_with_json_rpc_out_of_reach(
    platform: Platform, text: str, request: ApplyRequest = PLAIN
) -> ApplyResult:
    async def apply() -> ApplyResult:
        async with open_target(TargetOptions(sim_db=platform.db), {}) as target:
            prepared = await prepare_apply(target, desired_state(load(text)), request, {}, None)
            target = dataclasses.replace(target, jsonrpc=OutOfReach(target.jsonrpc))
            return await run_apply(target, prepared, {}, confirm=lambda: None)

    return asyncio.run(apply())


def test_a_connection_removal_whose_sensors_rest_counted_needs_no_json_rpc_and_warns_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    platform = Platform(tmp_path)
    platform.apply()
    for sensor in ("pz-1", "air"):
        platform.record_observations(f"site:dam-b/logger-1/{sensor}", 3)
    allowed = ApplyRequest(permissions=Permissions(allow_destroy=True))
    with caplog.at_level(logging.WARNING):
        result = applied_with_json_rpc_out_of_reach(platform, DAM_B_GONE, allowed)
    assert result.succeeded and result.after is not None and result.after.summary.converged
    assert [message for message in caplog.messages if "JSON-RPC" in message] == []


def test_a_connection_removal_whose_sensors_rest_counts_at_0_stops_without_json_rpc(tmp_path: Path) -> None:
    platform = Platform(tmp_path)
    platform.apply()
    with pytest.raises(IotplanError, match="could not be counted again before the first write"):
        applied_with_json_rpc_out_of_reach(platform, DAM_B_GONE)
    assert platform.prepare(DAM_B_GONE).plan.summary.destroy == 1  # dam-b is still there
