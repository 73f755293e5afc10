"""An apply stopped by a signal reports what it applied, whenever the signal comes: during the
verifying read, between the shards of a merged plan, or within one; SIGTERM as Ctrl-C, exit 143."""

from __future__ import annotations

import asyncio
import json
import re
import signal
from collections.abc import Callable
from typing import Any

import pytest

from iotplan.cli.aio import TOLD
from iotplan.clients.platform import PlatformClient
from iotplan.commands import apply as apply_command
from iotplan.commands import shard_apply
from iotplan.render import apply_report
from tests.e2e.conftest import Workspace
from tests.e2e.test_shard import FLEET, SITES, shard_plans, write_sites

STOPS = pytest.mark.parametrize(
    ("stop", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["ctrl-c", "sigterm"]
)
pytestmark = pytest.mark.usefixtures("python_sigint_handler", "default_sigterm_handler")


def stopped_at_call(count: int, stop: signal.Signals, call: Callable[..., Any]) -> Callable[..., Any]:
    """`call`, whose `count`th call receives `stop` before it does anything."""
    calls: list[int] = []

    async def stopped(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == count:
            signal.raise_signal(stop)
            await asyncio.sleep(5)  # the signal's handler cancels the command here
        return await call(*args, **kwargs)

    return stopped


def units(report: dict[str, Any], status: str) -> int:
    return sum(outcome["status"] == status for outcome in report["outcomes"])


@STOPS
def test_an_apply_stopped_during_its_verifying_read_reports_what_it_applied(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, stop: signal.Signals, code: int
) -> None:
    write_sites(workspace, SITES)
    # The first plan is the one applied; the second is the verifying read.
    monkeypatch.setattr(apply_command, "plan_command", stopped_at_call(2, stop, apply_command.plan_command))
    result = workspace.run("apply", *FLEET, "--auto-approve", "--format", "json")
    assert result.exit_code == code, result.output
    report = json.loads(result.stdout)
    assert report["stopped"] == "interrupted" and report["converged"] is None
    assert report["not_verified"] == "interrupted during the verifying read"
    assert units(report, "applied") == len(SITES) == len(report["outcomes"])
    assert f"interrupted: connections and gateways: {len(SITES)} applied, 0 in flight" in result.stderr
    assert "not verified: interrupted during the verifying read" in result.stderr
    assert "run it again to converge" in result.stderr  # planned from the manifest: a rerun continues


def merged_plan(workspace: Workspace) -> None:
    write_sites(workspace, SITES)
    assert workspace.run("merge", *shard_plans(workspace, 3), "--out", "plan.json").exit_code == 2


@STOPS
def test_a_merged_plan_stopped_before_its_second_shard_reports_the_first(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, stop: signal.Signals, code: int
) -> None:
    merged_plan(workspace)
    prepare = stopped_at_call(2, stop, shard_apply.prepare_apply)
    monkeypatch.setattr(shard_apply, "prepare_apply", prepare)
    result = workspace.run("apply", "plan.json", "--format", "json")
    assert result.exit_code == code, result.output
    report = json.loads(result.stdout)
    applied, not_started = units(report, "applied"), units(report, "not started")
    assert applied and not_started and applied + not_started == len(SITES) == len(report["outcomes"])
    assert (
        f"interrupted: connections and gateways: {applied} applied, 0 in flight (outcome unknown), "
        f"{not_started} not started" in result.stderr
    )
    # The merged plan is stale once a shard wrote: applying it again would be refused.
    assert "plan again and apply the new plan" in result.stderr and "run it again" not in result.stderr


def test_a_merged_plan_interrupted_in_its_second_shard_counts_every_shard_once(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    merged_plan(workspace)
    shards: list[int] = []
    prepare, integrate = shard_apply.prepare_apply, PlatformClient.integrate

    async def counted(*args: Any, **kwargs: Any) -> Any:
        shards.append(1)
        return await prepare(*args, **kwargs)

    async def in_the_second_shard(self: PlatformClient, project: str, body: dict[str, Any]) -> Any:
        if len(shards) == 2:  # Ctrl-C at the second shard's first write
            shards.append(1)
            signal.raise_signal(signal.SIGINT)
            await asyncio.sleep(5)
        return await integrate(self, project, body)

    monkeypatch.setattr(shard_apply, "prepare_apply", counted)
    monkeypatch.setattr(PlatformClient, "integrate", in_the_second_shard)
    result = workspace.run("apply", "plan.json", "--format", "json")
    assert result.exit_code == 130, result.output
    report = json.loads(result.stdout)
    counts = [units(report, status) for status in ("applied", "interrupted", "not started", "failed")]
    assert counts[0] and counts[1] and counts[2] and sum(counts) == len(report["outcomes"])
    said = re.search(
        r"interrupted: connections and gateways: (\d+) applied, (\d+) in flight .*, (\d+) not started, "
        r"(\d+) failed",
        result.stderr,
    )
    assert said is not None and [int(number) for number in said.groups()] == counts


@STOPS
def test_a_second_signal_while_the_report_is_written_is_told_and_the_report_kept(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, stop: signal.Signals, code: int
) -> None:
    write_sites(workspace, SITES)
    monkeypatch.setattr(apply_command, "plan_command", stopped_at_call(2, stop, apply_command.plan_command))
    render = apply_report.render_apply_json

    def signalled_again(*args: Any, **kwargs: Any) -> str:
        signal.raise_signal(stop)  # after the run, as the report is written
        return render(*args, **kwargs)

    monkeypatch.setattr(apply_report, "render_apply_json", signalled_again)  # imported where used
    result = workspace.run("apply", *FLEET, "--auto-approve", "--format", "json")
    assert result.exit_code == code, result.output
    assert units(json.loads(result.stdout), "applied") == len(SITES)
    assert (
        TOLD in result.stderr
        and f"interrupted: connections and gateways: {len(SITES)} applied" in result.stderr
    )


def test_a_shards_apply_interrupted_during_its_verifying_read_names_its_shard(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    merged_plan(workspace)
    # The shard's plan is the one applied; the second is its verifying read.
    monkeypatch.setattr(
        apply_command, "plan_command", stopped_at_call(2, signal.SIGINT, apply_command.plan_command)
    )
    result = workspace.run("apply", "plan.json", "--shard", "2/3", "--format", "json")
    assert result.exit_code == 130, result.output
    report = json.loads(result.stdout)
    assert report["stopped"] == "interrupted" and report["converged"] is None
    assert report["shard"] == {"count": 3, "covered": [2], "unmatched": []}
