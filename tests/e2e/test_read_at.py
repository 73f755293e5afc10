"""A saved plan and a saved drift report carry when their read of the platform began: a time between
the run's start and its end, in UTC, to the second."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from tests.e2e.conftest import QUICKSTART, Workspace


def _read_at(path: str) -> datetime:
    return datetime.fromisoformat(json.loads(Path(path).read_text(encoding="utf-8"))["read_at"])


def test_plan_and_drift_save_the_time_their_read_began(workspace: Workspace) -> None:
    started = datetime.now(UTC).replace(microsecond=0)
    assert workspace.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    assert workspace.run("drift", QUICKSTART, "--format", "json", "--out", "drift.json").exit_code == 2
    ended = datetime.now(UTC)
    plan_read, drift_read = _read_at("plan.json"), _read_at("drift.json")
    assert started <= plan_read <= drift_read <= ended and plan_read.utcoffset().total_seconds() == 0
