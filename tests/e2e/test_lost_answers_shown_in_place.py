"""Writes whose answer was lost (`write-then-503`: made, then answered 503) that the verifying read
shows made are said in place, the history their removals took included: fz64's apply said `0 changes
applied` and "nothing to run again" after 1,000 observations were gone. Yet they are not counted
applied: a lost answer does not say whose write made them, and another writer's identical call may
have landed first (cr57 #1: both runs said "40 observations destroyed")."""

from __future__ import annotations

import json
from typing import Any

import pytest

from iotplan.clients.platform import PlatformClient
from iotplan.errors import PlatformError
from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_apply_says_what_it_destroyed import _drop_the_weather_station

IN_PLACE = "in place, answer lost (this run's write or another writer's): dam-a/weather"
GONE = "40 observations gone with dam-a/weather, removed by this run's write or another writer's"


def _dropped_with_answers_lost(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    _drop_the_weather_station(workspace)  # a removal holding 40 observations
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "write-then-503")


def _made_by_another_writer_then_lost(monkeypatch: pytest.MonkeyPatch) -> None:
    """Another apply's identical integrate call lands; this run's own is then answered 503 by a proxy,
    nothing written by it."""
    integrate = PlatformClient.integrate
    raced: list[int] = []

    async def another_writers_then_503(self: PlatformClient, *args: Any, **kwargs: Any) -> Any:
        if raced:
            return await integrate(self, *args, **kwargs)
        raced.append(1)
        await integrate(self, *args, **kwargs)  # the other writer's call
        raise PlatformError("integrate answered 503 Service Unavailable", outcome_unknown=True)

    monkeypatch.setattr(PlatformClient, "integrate", another_writers_then_503)


def test_the_json_report_counts_the_removal_and_its_history_apart_from_what_was_applied(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    _dropped_with_answers_lost(workspace, monkeypatch)
    result = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy", "--format", "json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["converged"] is True
    applied, in_place = report["applied_counts"], report["confirmed_counts"]
    assert (applied["destroy"], applied["observations_destroyed"]) == (0, 0)
    assert (in_place["destroy"], in_place["observations_gone"]) == (1, 40)
    [outcome] = report["outcomes"]
    assert outcome["status"] == "failed" and outcome["outcome_unknown"] == outcome["applied"] == []
    assert outcome["confirmed_by_fresh_read"] == ["dam-a/weather"]


def test_the_text_report_and_the_error_name_the_history_gone_without_claiming_it(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    _dropped_with_answers_lost(workspace, monkeypatch)
    result = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")
    assert result.exit_code == 1, result.output
    assert (
        "Apply incomplete: 0 changes applied, 1 change in place, answer lost (0 added, 0 changed, "
        "1 destroyed; 40 observations gone); 1 write request sent." in result.stdout
    )
    assert IN_PLACE in result.stdout and "observations destroyed" not in result.stdout
    assert f"({GONE}), and there is nothing to run again" in result.stderr


@pytest.mark.parametrize("form", ["text", "json"])
def test_a_removal_another_writer_made_before_the_answer_was_lost_is_not_claimed(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    _drop_the_weather_station(workspace)
    _made_by_another_writer_then_lost(monkeypatch)
    result = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy", "--format", form)
    assert result.exit_code == 1, result.output
    assert "observations destroyed" not in result.output and GONE in result.stderr
    if form == "json":
        assert json.loads(result.stdout)["applied_counts"]["observations_destroyed"] == 0
    else:
        assert IN_PLACE in result.stdout and "  applied" not in result.stdout
