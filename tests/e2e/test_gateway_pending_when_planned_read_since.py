"""A gateway pending when apply planned, beside a platform write: nothing is written to it, and the
report and the error say what the verifying read found of it and of the platform's writes (cr57)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from click.testing import Result

import iotplan.commands.apply as apply_command
from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_ownership_and_fences import observe

GATEWAY = "tunnel-thread/edge"
AS_DECLARED = "when planned: nothing was written to it; the fresh read finds it as declared"
THREAD = """
      - key: tunnel-thread
        kind: thread
        id: /fn/6C7D8E/node
        name: Tunnel T3 THREAD
        edge:
          host: 127.0.0.1:8404
          port1:
            mode: RS485
            power: 12V
            connected: true
            comm_type: RS485
            serial: 9600 8N1
"""
WEATHER = "          - key: weather\n"
THREAD_KEY = "      - key: tunnel-thread\n"


def _gateway_written_then_weather_dropped(workspace: Workspace) -> None:
    """The THREAD's settings applied, then the weather station (40 observations) leaves the manifest."""
    manifest = workspace.path / QUICKSTART
    manifest.write_text(manifest.read_text() + THREAD)
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    observe(workspace, "quickstart:dam-a/weather/air-temp", 40)
    text = manifest.read_text()
    manifest.write_text(text[: text.index(WEATHER)] + text[text.index(THREAD_KEY) :])


def _asleep(workspace: Workspace, status: str = "asleep") -> None:
    workspace.api("POST", "/_sim/gateways/6C7D8E", json={"status": status})


def _woken_before_the_verifying_read(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """Asleep for the apply's plan, awake for its verifying plan (the second)."""
    _asleep(workspace)
    planned = apply_command.plan_command
    calls: list[int] = []

    async def woken_before_the_second(*given: Any, **named: Any) -> Any:
        if calls:
            await asyncio.to_thread(_asleep, workspace, "ok")
        calls.append(1)
        return await planned(*given, **named)

    monkeypatch.setattr(apply_command, "plan_command", woken_before_the_second)


def _apply(workspace: Workspace, *args: str) -> Result:
    return workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy", *args)


def test_one_read_as_declared_since_is_reported_with_nothing_to_write_and_the_apply_complete(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    _gateway_written_then_weather_dropped(workspace)
    _woken_before_the_verifying_read(workspace, monkeypatch)
    result = _apply(workspace)
    assert result.exit_code == 0, result.output
    assert f"  {GATEWAY}: applied (nothing to write)\n" in result.stdout and AS_DECLARED in result.stdout
    assert "Apply complete: 1 change applied" in result.stdout and "apply again" not in result.output


def test_its_json_outcome_lists_no_setting_not_applied(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    _gateway_written_then_weather_dropped(workspace)
    _woken_before_the_verifying_read(workspace, monkeypatch)
    result = _apply(workspace, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    [gateway] = [outcome for outcome in report["outcomes"] if outcome["connection"] == GATEWAY]
    assert (gateway["status"], gateway["calls"], gateway["not_applied"]) == ("applied", 0, [])
    assert AS_DECLARED in gateway["message"] and report["converged"] is True


def test_a_saved_plan_made_while_it_slept_and_applied_once_it_woke_ends_alike(workspace: Workspace) -> None:
    _gateway_written_then_weather_dropped(workspace)
    _asleep(workspace)
    assert workspace.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    _asleep(workspace, "ok")
    result = workspace.run("apply", "plan.json", "--allow-destroy")
    assert result.exit_code == 0, result.output
    assert "Apply complete: 1 change applied" in result.stdout
