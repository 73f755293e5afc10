"""Two applies of one manifest at once: there is no lock on the platform, so the second one's create
meets what the first made (409 DuplicateRefId). The loser says another writer made it, counts none
of it as its own, and ends with one closing line when the fresh read shows no changes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import Result

from iotplan.clients.platform import PlatformClient
from iotplan.clients.throttle import current_turn
from iotplan.render.apply_report import APPLY_FORMAT_VERSION
from tests.e2e.conftest import QUICKSTART, Workspace

NEW_DEVICE = """          - key: logger-3
            name: Spillway datalogger
            sensors:
              - key: t1
                name: Water temperature
                template: TEMPERATURE_SDE
              - key: t2
                name: Air temperature
                template: TEMPERATURE_SDE
          - key: weather
"""
ANOTHER_WRITER = (
    "It already exists: made by another writer (a concurrent apply?) or missed by the plan's read."
)
NOTHING_TO_RUN_AGAIN = "what they were to make is in place, and there is nothing to run again"


def raced(monkeypatch: pytest.MonkeyPatch) -> None:
    """Another apply of the same plan writes first: its call lands between this run's read and its
    own identical call."""
    integrate = PlatformClient.integrate
    raced_once: list[bool] = []

    async def behind_another_writer(self: PlatformClient, project: str, body: dict[str, Any]) -> Any:
        if not raced_once:
            raced_once.append(True)
            told = current_turn.set(None)  # the other run's write: no request of this run's write
            try:
                await integrate(self, project, body)
            finally:
                current_turn.reset(told)
        return await integrate(self, project, body)

    monkeypatch.setattr(PlatformClient, "integrate", behind_another_writer)


def apply_a_new_device_behind_another_writer(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, *options: str
) -> Result:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, "          - key: weather\n", NEW_DEVICE)
    raced(monkeypatch)
    return workspace.run("apply", QUICKSTART, "--auto-approve", *options)


def test_the_loser_of_a_device_race_counts_what_another_writer_made_as_found_made(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    lost = apply_a_new_device_behind_another_writer(workspace, monkeypatch)
    assert lost.exit_code == 1, lost.output
    assert (
        ANOTHER_WRITER in lost.stdout
        and "kept part of the call" not in lost.stdout
        and "kept all of the call" not in lost.stdout
    )
    assert "found made by another writer: dam-a/logger-3, dam-a/logger-3/t1, dam-a/logger-3/t2" in lost.stdout
    assert "    applied:" not in lost.stdout
    assert (
        "Apply incomplete: 0 changes applied, 3 found made by another writer; 1 write request sent."
        in lost.stdout
    )
    assert "Verified: a fresh read shows no changes." in lost.stdout
    assert NOTHING_TO_RUN_AGAIN in lost.stderr and "run it again" not in lost.stderr
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0


def test_the_loser_of_a_device_race_reports_found_made_in_json(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    lost = apply_a_new_device_behind_another_writer(workspace, monkeypatch, "--format", "json")
    assert lost.exit_code == 1, lost.output
    report = json.loads(lost.stdout)
    [outcome] = report["outcomes"]
    assert report["format_version"] == APPLY_FORMAT_VERSION and report["converged"] is True
    assert outcome["applied"] == [] and outcome["not_applied"] == []
    assert outcome["found_made"] == ["dam-a/logger-3", "dam-a/logger-3/t1", "dam-a/logger-3/t2"]


def test_the_loser_of_a_connection_race_finds_it_by_its_ref_id_and_counts_it_found_made(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The 409 names no connection id, yet the refusal made nothing: the connection is found by its
    refId in the node list and read back, as a device race's is, never "may or may not be applied"."""
    raced(monkeypatch)
    lost = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert lost.exit_code == 1, lost.output
    assert ANOTHER_WRITER in lost.stdout
    assert "may or may not be applied" not in lost.stdout and "outcome unknown" not in lost.stdout
    assert "created the connection" not in lost.stdout and "    applied:" not in lost.stdout
    assert "Apply incomplete: 0 changes applied, 8 found made by another writer" in lost.stdout
    assert "Verified: a fresh read shows no changes." in lost.stdout
    assert NOTHING_TO_RUN_AGAIN in lost.stderr and "run it again" not in lost.stderr
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0
