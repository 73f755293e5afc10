"""A removal or a data-model change refused for a count read when reviewed that cannot be read now
says the cause its read knows, alike from a saved plan, from the count once confirmed and from a
THREAD unit: a 0 beside a LAST_OBSERVATION (an upload not counted yet: plan again), or JSON-RPC out
of reach (run it again once it answers). All three causes were said of each, so one whose JSON-RPC
had answered was told to wait for it, and a rerun refused for ever."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from click.testing import Result

from iotplan.cli import plan_commands
from iotplan.clients.jsonrpc_entities import EntityCalls
from iotplan.errors import TransportError
from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_ownership_and_fences import EMPTY, observe
from tests.e2e.test_thread import SITE
from tests.e2e.test_thread_data_model_change_counted_again import TILT2, record, zero_date

NOT_COUNTED_YET = (
    "cannot be read now: unknown, treated as holding data: the platform has not counted an upload yet (a "
    "count of 0 beside a last observation): a sensor reported since the review, so plan again to review it. "
    "A new plan shows counts it cannot read as unknown"
)
NO_ANSWER = (
    "cannot be read now: unknown, treated as holding data: JSON-RPC did not answer for them, and nothing "
    "says the platform changed: run it again once it answers. A new plan"
)
LAGS = "rest-without-last-observation,observation-count-lags"
TILT_B = ("{custom_metric: tilt_b, unit: mm}", "{custom_metric: tilt_b, unit: m}")
ZERO_DATE = ('zero_date: "2026-03-01T00:00:00Z"', 'zero_date: "2026-04-01T00:00:00Z"')


def out_of_reach(monkeypatch: pytest.MonkeyPatch) -> None:
    """JSON-RPC's count reads get no answer from here on."""

    async def unanswered(self: EntityCalls, ids: Any) -> Any:
        raise TransportError("JSON-RPC getSensors got no answer (could not connect)")

    monkeypatch.setattr(EntityCalls, "get_sensors", unanswered)
    monkeypatch.setattr(EntityCalls, "get_devices", unanswered)


def in_thread(act: Callable[..., None], *args: Any) -> None:
    """What another writer does while the prompt is open (the apply's own platform waits)."""
    other = threading.Thread(target=act, args=args)
    other.start()
    other.join()


def applied(
    workspace: Workspace,
    monkeypatch: pytest.MonkeyPatch,
    manifest: str,
    meanwhile: Callable[[], None],
    saved: bool,
    *flags: str,
) -> Result:
    """The manifest applied from a plan saved before `meanwhile`, or with the prompt open through it."""
    if saved:
        assert workspace.run("plan", manifest, "--out", "saved.json").exit_code == 0
        meanwhile()
        return workspace.run("apply", "saved.json", "--auto-approve", *flags)
    monkeypatch.setattr(plan_commands, "_confirm", lambda auto_approve: meanwhile())
    return workspace.run("apply", manifest, *flags)


@pytest.mark.parametrize("saved", [True, False], ids=["saved", "confirmed"])
def test_a_data_model_change_whose_sensor_reported_since_is_told_to_plan_again(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, saved: bool
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", LAGS)
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, *TILT_B)
    reports = lambda: in_thread(observe, workspace, "quickstart:dam-a/logger-1/tilt-1", 50)  # noqa: E731
    refused = applied(workspace, monkeypatch, QUICKSTART, reports, saved)
    assert refused.exit_code == 1, refused.output
    assert f"update dam-a/logger-1/tilt-1: its count, read when reviewed, {NOT_COUNTED_YET}" in refused.stderr
    assert "JSON-RPC did not answer" not in refused.stderr


@pytest.mark.parametrize("saved", [True, False], ids=["saved", "confirmed"])
def test_a_thread_units_lagging_count_reads_as_a_saved_plans(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, saved: bool
) -> None:
    """The unit's count read is its update's own: it says what a saved plan says, not "the platform
    changed during the rollout", and writes nothing; planning again is a saved plan's step alone (the
    confirmation here answers as --auto-approve does, and an apply run again plans afresh)."""
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "observation-count-lags")
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    workspace.edit(SITE, *ZERO_DATE)
    before = zero_date(workspace)
    reports = lambda: in_thread(record, workspace, TILT2, 300)  # noqa: E731
    refused = applied(workspace, monkeypatch, SITE, reports, saved)
    said = NOT_COUNTED_YET if saved else NOT_COUNTED_YET.replace(", so plan again to review it", "")
    assert f"update tunnel-thread/ipi-chain: its count, read when reviewed, {said}" in refused.stderr
    assert "changed during the rollout" not in refused.stderr
    assert zero_date(workspace) == before


@pytest.mark.parametrize("saved", [True, False], ids=["saved", "confirmed"])
def test_a_removal_counted_when_reviewed_is_told_to_wait_for_json_rpc_out_of_reach(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, saved: bool
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    observe(workspace, "quickstart:dam-a/logger-1/pz-1", 50)
    (workspace.path / "empty.yaml").write_text(EMPTY)
    refused = applied(
        workspace, monkeypatch, "empty.yaml", lambda: out_of_reach(monkeypatch), saved, "--allow-destroy"
    )
    assert refused.exit_code == 1, refused.output
    assert f"read when reviewed, {NO_ANSWER}" in refused.stderr
    assert workspace.live_entity("quickstart:dam-a/logger-1/crack-1")


def _dam_a_emptied_while_crack_1_reports_and_json_rpc_goes(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, saved: bool
) -> Result:
    """dam-a removed; after the review crack-1 reports 40 and JSON-RPC goes out of reach."""
    (workspace.path / "empty.yaml").write_text(EMPTY)

    def reported_and_out_of_reach() -> None:
        in_thread(observe, workspace, "quickstart:dam-a/logger-1/crack-1", 40)
        out_of_reach(monkeypatch)

    return applied(workspace, monkeypatch, "empty.yaml", reported_and_out_of_reach, saved, "--allow-destroy")


@pytest.mark.parametrize("saved", [True, False], ids=["saved", "confirmed"])
def test_a_connection_whose_count_grew_is_not_told_nothing_changed(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, saved: bool
) -> None:
    """pz-1 held 50 when reviewed; crack-1 reports 40 since, which the connection's count (current)
    shows, 90, while JSON-RPC is out of reach for its sensors'."""
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "rest-without-last-observation,connection-count-current")
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    observe(workspace, "quickstart:dam-a/logger-1/pz-1", 50)
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", f"{LAGS},connection-count-current")
    refused = _dam_a_emptied_while_crack_1_reports_and_json_rpc_goes(workspace, monkeypatch, saved)
    assert "JSON-RPC did not answer for them: run it again once it answers" in refused.stderr
    assert "nothing says the platform changed" not in refused.stderr
    assert workspace.live_entity("quickstart:dam-a/logger-1/crack-1")


@pytest.mark.parametrize("saved", [True, False], ids=["saved", "confirmed"])
def test_counts_unknown_for_two_causes_say_both(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, saved: bool
) -> None:
    """crack-1 reports 40 since, its count a 0 beside a last observation, while JSON-RPC is out of
    reach for the other sensors dam-a takes: both causes are said, as both apply, and not the third
    (counts not held against REST's) that applies to none, nor "either". The confirmed
    path's one next step is the cause's, not "run iotplan apply again" beside it."""
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    observe(workspace, "quickstart:dam-a/logger-1/pz-1", 50)
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "observation-count-lags")
    refused = _dam_a_emptied_while_crack_1_reports_and_json_rpc_goes(workspace, monkeypatch, saved)
    assert refused.exit_code == 1, refused.output
    assert (
        "cannot be read now: unknown, treated as holding data, for both causes the reads found: JSON-RPC did "
        "not answer for some of them: run it again once it answers; and the platform has not counted an "
        "upload yet (a count of 0 beside a last observation): a sensor reported since the review, so plan "
        "again to review it. A new plan shows counts it cannot read as unknown"
    ) in refused.stderr
    assert "Either" not in refused.stderr
    assert "held against REST's" not in refused.stderr
    assert "nothing says the platform changed" not in refused.stderr
    assert "run iotplan apply again" not in refused.stderr
    assert workspace.live_entity("quickstart:dam-a/logger-1/crack-1")
