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


def _gateway_written(workspace: Workspace) -> None:
    """The quickstart with the THREAD's settings applied, its weather station holding 40 observations."""
    manifest = workspace.path / QUICKSTART
    manifest.write_text(manifest.read_text() + THREAD)
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    observe(workspace, "quickstart:dam-a/weather/air-temp", 40)


def _gateway_written_then_weather_dropped(workspace: Workspace) -> None:
    """Then the weather station leaves the manifest: a removal holding 40 observations."""
    _gateway_written(workspace)
    manifest = workspace.path / QUICKSTART
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


GONE = "40 observations gone with dam-a/weather, removed by this run's write or another writer's"


@pytest.mark.parametrize("form", ["text", "json"])
def test_a_lost_removal_beside_a_gateway_asleep_throughout_is_in_place_and_only_the_gateway_left(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    """The fresh read shows nothing of the platform's left to write: the removal is in place and its
    history gone, and only the gateway is left (it said "run it again to converge")."""
    _gateway_written_then_weather_dropped(workspace)
    _asleep(workspace)
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "write-then-503")  # made, then answered 503
    result = _apply(workspace, "--format", form)
    assert result.exit_code == 1, result.output
    assert f"({GONE}); nothing of theirs is left to run again, yet these gateways were not changed:" in (
        result.stderr
    )
    assert f"\n  {GATEWAY}: pending: asleep" in result.stderr and "run it again" not in result.stderr
    if form == "json":
        [removal] = [o for o in json.loads(result.stdout)["outcomes"] if o["connection"] == "dam-a"]
        assert removal["confirmed_by_fresh_read"] == ["dam-a/weather"] and removal["outcome_unknown"] == []


def test_a_lost_removal_beside_a_gateway_read_as_declared_since_leaves_nothing_to_run_again(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """stdout said the history was destroyed, stderr "nothing applied is lost" and to run it again."""
    _gateway_written_then_weather_dropped(workspace)
    _woken_before_the_verifying_read(workspace, monkeypatch)
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "write-then-503")
    result = _apply(workspace)
    assert result.exit_code == 1, result.output
    assert f"({GONE}), and there is nothing to run again" in result.stderr
    assert "nothing applied is lost" not in result.stderr


@pytest.mark.parametrize("form", ["text", "json"])
def test_a_gateway_refused_beside_a_failed_unit_is_named_in_the_error_and_not_told_to_converge(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    """Another THREAD answers at the gateway's address, and a replacement's creation is never sent
    (its removal answered 503): a rerun alone does not converge the refused gateway."""
    _gateway_written(workspace)
    workspace.api("POST", "/_sim/gateways/6C7D8E", json={"host": "127.0.0.1:8499"})
    workspace.api("POST", "/_sim/gateways/4A1B2C", json={"host": "127.0.0.1:8404"})
    workspace.edit(QUICKSTART, "template: DEMO_DEVICE_SDE", "template: IMPORT_DEVICE_SDE")
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "write-then-503")
    result = _apply(workspace, "--format", form)
    assert result.exit_code == 1, result.output
    assert f"these gateways were not changed:\n  {GATEWAY}: refused: identity mismatch" in result.stderr
    assert "deal with the errors" in result.stderr and "run it again to converge" not in result.stderr


def test_a_setting_it_cannot_report_is_listed_once_under_not_written(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Woken with a setting to write, it lists its settings not checked (its plan never read them),
    but not port1.mode, which the report's `Not written:` line names (it was listed under both)."""
    _gateway_written_then_weather_dropped(workspace)
    workspace.edit(QUICKSTART, "power: 12V", "power: 15V")
    _woken_before_the_verifying_read(workspace, monkeypatch)
    result = _apply(workspace, "--format", "json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    [gateway] = [outcome for outcome in report["outcomes"] if outcome["connection"] == GATEWAY]
    assert gateway["status"] == "pending" and f"{GATEWAY}/port1.power" in gateway["not_checked"]
    assert f"{GATEWAY}/port1.mode" not in gateway["not_checked"] and gateway["not_applied"] == []
    assert [each["address"] for each in report["not_written"]] == [f"{GATEWAY}/port1.mode"]
