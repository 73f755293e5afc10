"""check_platform against the embedded platform: what it reports when a step fails, and that its
scratch connection goes whatever happened (or is named when it cannot)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from iotplan.clients.platform import PlatformClient
from iotplan.clients.target import TargetOptions, open_target
from iotplan.commands import CheckRequest, check_platform, probes, scratch
from iotplan.errors import PlatformError
from iotplan.render.check_report import CheckReport, Verdict

SECOND = "0d9c2a4e-8f1b-4c55-9e11-3a7b6c2d1e00"  # a demo project that is not the default one
Tamper = Callable[[PlatformClient], None]


def run_check(folder: Path, steps: list[str], tamper: Tamper = lambda client: None) -> CheckReport:
    async def opened() -> CheckReport:
        async with open_target(TargetOptions(sim_db=folder / "sim.db"), {}) as target:
            tamper(target.client)
            return await check_platform(target, CheckRequest(SECOND), steps.append)

    return asyncio.run(opened())


def scratch_nodes(folder: Path) -> list[str]:
    async def listed() -> list[dict[str, Any]]:
        async with open_target(TargetOptions(sim_db=folder / "sim.db"), {}) as target:
            return await target.client.list_nodes(SECOND)

    return [node["id"] for node in asyncio.run(listed()) if node["props"].get("NAME") == probes.SCRATCH_NAME]


def refusing_connection_removals(client: PlatformClient) -> None:
    """A platform that answers every removal of a connection with an error (and keeps it)."""
    integrate = client.integrate

    async def refused(project_id: str, body: dict[str, Any]) -> dict[str, Any]:
        if body["integration"].get("changeState") == "remove":
            raise PlatformError("POST /api/integrations/integrate answered 422: RemovalRefused: not today.")
        return await integrate(project_id, body)

    client.integrate = refused  # type: ignore[method-assign]


def test_a_refused_create_leaves_the_write_assumptions_untested_and_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scratch, "DEVICE_TEMPLATE", "NO_SUCH_TEMPLATE")  # the platform refuses the create
    report = run_check(tmp_path, [])
    assert not report.ok
    assert "could not be created" in report.stopped and "NO_SUCH_TEMPLATE" in report.stopped
    write_side = [line for line in report.lines if line.blocks_writes]
    assert write_side and all(line.verdict is Verdict.UNTESTED for line in write_side)
    unknown_project = next(line for line in report.lines if line.key == "unknown-project")
    assert unknown_project.verdict is Verdict.HOLDS  # the reads before the create still report
    assert report.scratch.node_id is None and report.scratch.removed
    assert scratch_nodes(tmp_path) == []


def test_a_failing_probe_still_removes_the_scratch_connection_before_the_error_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(scratch: probes.Scratch) -> Any:
        raise RuntimeError("a bug in a probe")

    monkeypatch.setattr(probes, "merge", broken)
    steps: list[str] = []
    with pytest.raises(RuntimeError, match="a bug in a probe"):
        run_check(tmp_path, steps)
    assert steps[-1].startswith("Scratch connection /api/") and steps[-1].endswith("removed.")
    assert scratch_nodes(tmp_path) == []


def test_a_scratch_connection_that_will_not_go_is_reported_with_its_id(tmp_path: Path) -> None:
    report = run_check(tmp_path, [], refusing_connection_removals)
    left = scratch_nodes(tmp_path)
    assert len(left) == 1 and report.scratch.node_id == left[0]
    assert not report.scratch.removed and not report.ok
    assert f"The scratch connection {left[0]} " in report.scratch.message
    assert "could NOT be removed" in report.scratch.message and "RemovalRefused" in report.scratch.message
    removal = next(line for line in report.lines if line.key == "connection-removal")
    assert removal.verdict is Verdict.FAILS and "RemovalRefused: not today" in removal.saw
