"""A gateway asleep when the plan read it, and awake by the verifying read, was written nothing: the
report lists it pending and the apply incomplete, never "complete" with the gateway left out and what
it still differs by blamed on the platform (fz64)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from click.testing import Result

import iotplan.commands.apply as apply_command
from tests.e2e.conftest import Workspace

THREAD = "examples/thread/site.yaml"
EDGE = "tunnel-thread/edge"


def _asleep_until_the_verifying_read(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, *args: str
) -> Result:
    """The THREAD asleep for the apply's plan, woken just before its verifying plan (the second)."""
    workspace.api("POST", "/_sim/gateways/6C7D8E", json={"status": "asleep"})
    planned = apply_command.plan_command
    calls: list[int] = []

    async def woken_before_the_second(*given: Any, **named: Any) -> Any:
        if calls:
            await asyncio.to_thread(workspace.api, "POST", "/_sim/gateways/6C7D8E", json={"status": "ok"})
        calls.append(1)
        return await planned(*given, **named)

    monkeypatch.setattr(apply_command, "plan_command", woken_before_the_second)
    result = workspace.run("apply", THREAD, "--auto-approve", *args)
    assert len(calls) == 2, result.output
    return result


def test_the_json_report_lists_it_pending_with_each_setting_not_checked(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _asleep_until_the_verifying_read(workspace, monkeypatch, "--format", "json")
    assert result.exit_code == 1
    outcomes = {outcome["connection"]: outcome for outcome in json.loads(result.stdout)["outcomes"]}
    assert outcomes[EDGE]["status"] == "pending" and outcomes[EDGE]["calls"] == 0
    assert f"{EDGE}/port1.power" in outcomes[EDGE]["not_checked"] and outcomes[EDGE]["not_applied"] == []
    assert "when planned: nothing was written to it; apply again" in outcomes[EDGE]["message"]


def test_the_text_says_incomplete_and_the_error_blames_no_platform(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _asleep_until_the_verifying_read(workspace, monkeypatch)
    assert result.exit_code == 1
    assert f"  {EDGE}: pending" in result.stdout and "Apply incomplete: " in result.stdout
    assert "these gateways were not changed" in result.stderr
    assert f"{EDGE}: pending: asleep" in result.stderr and "when planned" in result.stderr
    assert "did not keep" not in result.stderr
