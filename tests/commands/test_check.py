"""check_platform against the embedded platform: what it reports when a step fails, and that its
scratch connection goes whatever happened (or is named when it cannot)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from iotplan.clients.platform import PlatformClient
from iotplan.clients.target import TargetOptions, open_target
from iotplan.commands import CheckRequest, check_platform, probes, scratch
from iotplan.errors import PlatformError
from iotplan.render.check_report import CheckReport, Verdict, render_check_json, render_check_text
from tests.served import seed_with_gateway_ports, served

SECOND = "0d9c2a4e-8f1b-4c55-9e11-3a7b6c2d1e00"  # a demo project that is not the default one
Tamper = Callable[[PlatformClient], None]
INTEGRATE = "/api/integrations/integrate"  # every write; the reads by connection id are other paths
WRITE_PROBES = {"rename", "merge", "null-clears", "metrics-update", "device-removal", "all-or-nothing"}


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


def refusing_the_project(client: PlatformClient) -> None:
    """Every write and list answered "no such project" (a project the guard's read found all the
    same): whether the scratch connection was made, and its id, cannot be known."""

    async def not_found(*args: Any) -> Any:
        raise PlatformError("POST /api/integrations/integrate answered 404: ResourceNotFound: no project.")

    client.integrate = not_found  # type: ignore[method-assign]
    client.list_nodes = not_found  # type: ignore[method-assign]


def test_a_scratch_whose_id_is_unknown_gets_no_removal_call_naming_none(tmp_path: Path) -> None:
    """Before, the message gave {"nodeId": "None", ...}, a call that cannot remove anything."""
    report = run_check(tmp_path, [], refusing_the_project)
    message = report.scratch.message
    assert not report.scratch.removed and "could NOT be removed" in message, message
    assert "its id is unknown: look for its name" in message and report.scratch.ref_id in message
    assert "nodeId" not in message and "None" not in message


def check_served(url: str, faults_at: dict[str, dict[str, Any]]) -> CheckReport:
    """check_platform against a served emulator, setting its faults as the run reaches each step
    (a step's first words → the faults from then on): deterministic, unlike a random share."""

    def step(said: str) -> None:
        for start, faults in faults_at.items():
            if said.startswith(start):
                httpx.post(f"{url}/_sim/faults", json=faults).raise_for_status()

    async def opened() -> CheckReport:
        environ = {"IOTPLAN_API_KEY": "demo-key"}
        async with open_target(TargetOptions(endpoint=url), environ) as target:
            return await check_platform(target, CheckRequest(SECOND), step)

    return asyncio.run(opened())


def served_scratch_nodes(url: str) -> list[str]:
    listed = httpx.get(
        f"{url}/api/nodes/all",
        params={"projectIds": SECOND, "pageSize": 1000},
        headers={"Authorization": "ApiKey demo-key"},
    ).json()
    return [node["id"] for node in listed if node["props"].get("NAME") == probes.SCRATCH_NAME]


@pytest.mark.parametrize(
    ("fault", "said"),
    [
        ("fail_rate", "not checked (the platform answered 50"),
        ("drop_rate", "not checked (the platform gave no answer"),
    ],
    ids=["5xx", "dropped"],
)
def test_writes_answered_5xx_are_not_checked_never_fails_and_the_check_still_fails(
    tmp_path: Path, fault: str, said: str
) -> None:
    """A passing 500/503 or a dropped connection observed nothing: before, each write probe reported
    FAILS with a wrong conclusion (renames do not take, nulls are refused, ...)."""
    with served(seed_with_gateway_ports(tmp_path)) as url:
        report = check_served(url, {"Created scratch": {fault: 1.0, "routes": INTEGRATE}, "Removing": {}})
        assert served_scratch_nodes(url) == []
    lines = {line.key: line for line in report.lines}
    assert all(line.verdict is not Verdict.FAILS for line in report.lines), report.lines
    for key in WRITE_PROBES:
        assert lines[key].verdict is Verdict.UNTESTED and lines[key].transient, lines[key]
        assert lines[key].saw.startswith(said), lines[key].saw
        assert lines[key].saw.endswith("; run check-platform again)")
        assert lines[key].iotplan == "cannot be sure it holds: treat it as failing"
    assert lines["connection-removal"].verdict is Verdict.HOLDS and report.scratch.removed
    assert not report.ok  # a write-blocking line not checked: the user cannot rely on it
    assert "run check-platform again" in report.summary()
    shown = render_check_text(report, color=False) + render_check_json(report)
    assert "FAILS" not in shown and "iotplan plan" not in shown  # no manifest to plan here


def test_a_connection_removal_answered_5xx_is_not_checked_and_the_scratch_named(tmp_path: Path) -> None:
    with served(seed_with_gateway_ports(tmp_path)) as url:
        report = check_served(url, {"Removing": {"fail_rate": 1.0, "routes": INTEGRATE}})
        left = served_scratch_nodes(url)
    removal = next(line for line in report.lines if line.key == "connection-removal")
    assert removal.verdict is Verdict.UNTESTED and removal.transient
    assert removal.saw.startswith("not checked (the platform answered 50")
    assert len(left) == 1 and not report.scratch.removed and not report.ok
    assert f"The scratch connection {left[0]} " in report.scratch.message
    assert "removing it answered an error that may pass" in report.scratch.message


def test_a_create_answered_5xx_says_the_error_may_pass_without_advising_a_plan(tmp_path: Path) -> None:
    with served(seed_with_gateway_ports(tmp_path)) as url:
        report = check_served(url, {"Creating scratch": {"fail_rate": 1.0, "routes": INTEGRATE}})
    assert report.stopped.startswith("The scratch connection could not be created: 50")
    assert report.stopped.endswith("That error may pass: run check-platform again.")
    assert "iotplan plan" not in report.stopped and not report.ok
    assert not report.scratch.removed  # nothing is listed, but a 5xx does not say nothing was made
