"""A plan with no changes that did not see everything (a partial plan saw only its selection, one
shard's plan its shard; a gateway left unread has settings nobody compared): no view may say the
whole platform matches."""

from __future__ import annotations

import dataclasses

import pytest

from iotplan.plan.coverage import Coverage
from iotplan.plan.drift import Report
from iotplan.plan.model import Action, Cause, Change, Plan, PlanOptions
from iotplan.plan.on_device import TARGET_PREFIX
from iotplan.render.markdown import render_markdown
from iotplan.render.text import render_text
from tests.plan.edgebuilder import gateway_change
from tests.render.plans import change, in_sync, plan

VIEWS = {
    "text": lambda shown: render_text(shown, color=False),
    "markdown": lambda shown: render_markdown(shown),
}
SELECTIONS = [PlanOptions(targets=("dam-a/*",)), PlanOptions(excludes=("dam-b",))]


def unchanged(options: PlanOptions, *, on_device: bool = False) -> Plan:
    shown = dataclasses.replace(plan(in_sync("dam-a"), in_sync("dam-a/logger-1")), options=options)
    return dataclasses.replace(shown, target_identity=f"{TARGET_PREFIX}gw-1") if on_device else shown


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("options", SELECTIONS, ids=["target", "exclude"])
def test_a_partial_plan_without_changes_claims_only_its_selection(view: str, options: PlanOptions) -> None:
    shown = VIEWS[view](unchanged(options))
    assert "No changes in the selection." in shown
    assert "matches the manifest" not in shown


@pytest.mark.parametrize("view", VIEWS)
def test_a_partial_plan_made_on_a_thread_claims_only_its_selection(view: str) -> None:
    shown = VIEWS[view](unchanged(SELECTIONS[0], on_device=True))
    assert "No changes in the selection." in shown
    assert "THREAD matches" not in shown


@pytest.mark.parametrize("view", VIEWS)
def test_a_full_plan_without_changes_still_says_the_platform_matches(view: str) -> None:
    shown = VIEWS[view](unchanged(PlanOptions()))
    assert "No changes. The platform matches the manifest." in shown
    assert "selection" not in shown


ASLEEP = gateway_change("thread-north", Action.PENDING, Cause.GATEWAY_ASLEEP, "asleep")
REFUSED = gateway_change("thread-south", Action.REFUSED, Cause.GATEWAY_MISMATCH, "mismatch")


def with_gateways(options: PlanOptions, *gateways: Change) -> Plan:
    shown = unchanged(options)
    return dataclasses.replace(shown, changes=(*shown.changes, *gateways))


@pytest.mark.parametrize("view", VIEWS)
def test_a_plan_with_gateways_left_unread_never_says_the_platform_matches(view: str) -> None:
    shown = VIEWS[view](with_gateways(PlanOptions(), ASLEEP, REFUSED))
    assert "matches the manifest" not in shown
    assert (
        "No changes to make now; 1 gateway could not be read (pending) and 1 gateway was refused: "
        "their settings are not compared." in shown
    )


@pytest.mark.parametrize("view", VIEWS)
def test_a_partial_plan_with_a_gateway_left_unread_says_both(view: str) -> None:
    shown = VIEWS[view](with_gateways(SELECTIONS[0], ASLEEP))
    assert (
        "No changes in the selection to make now; 1 gateway could not be read (pending): "
        "its settings are not compared." in shown
    )


def held(address: str) -> Change:
    """A THREAD logger or sensor held: its gateway did not confirm the logger's port."""
    return change(address, Action.PENDING, "not on the platform; held", cause=Cause.PORT_UNCONFIRMED)


@pytest.mark.parametrize("view", VIEWS)
def test_a_held_logger_and_its_sensor_are_not_counted_as_gateways_left_unread(view: str) -> None:
    """A held logger is missing from the platform: the plan has not converged, and never says "No
    changes" (`plan --detailed-exitcode` exits 2 for it)."""
    shown = VIEWS[view](
        with_gateways(PlanOptions(), ASLEEP, held("thread-north/vw"), held("thread-north/vw/pz-1"))
    )
    assert (
        "Not converged: 1 gateway could not be read (pending): its settings are not compared; "
        "1 logger held, not created: its port is not confirmed; nothing else to make now." in shown
    )
    alone = VIEWS[view](with_gateways(PlanOptions(), held("thread-north/vw"), held("thread-north/vw/pz-1")))
    assert (
        "Not converged: 1 logger held, not created: its port is not confirmed; nothing else to make now."
        in alone
    )
    assert "gateway" not in alone and "No changes" not in alone


def one_shard(index: int, count: int) -> Plan:
    return dataclasses.replace(unchanged(PlanOptions()), shard=Coverage(count, (index,)))


@pytest.mark.parametrize("view", VIEWS)
def test_one_shards_plan_without_changes_claims_only_its_shard(view: str) -> None:
    shown = VIEWS[view](one_shard(1, 2))
    assert "No changes in shard 1/2." in shown
    assert "Shard plan (shard 1/2): only this shard's connections were read and planned" in shown
    assert "matches the manifest" not in shown


@pytest.mark.parametrize("view", VIEWS)
def test_a_plan_merged_from_every_shard_says_the_platform_matches(view: str) -> None:
    merged = dataclasses.replace(unchanged(PlanOptions()), shard=Coverage(2, (1, 2)))
    shown = VIEWS[view](merged)
    assert "No changes. The platform matches the manifest." in shown
    assert "Shard plan" not in shown


def test_one_shards_drift_report_says_no_drift_in_its_shard_only() -> None:
    report = Report(target="embedded", shard=Coverage(3, (2,)))
    assert report.summary_line().startswith("No drift in shard 2/3: ")
    merged = dataclasses.replace(report, shard=Coverage(3, (1, 2, 3)))
    assert merged.summary_line().startswith("No drift: ")


@pytest.mark.parametrize("view", VIEWS)
def test_a_plan_reporting_unmanaged_entities_says_they_are_left_alone_not_that_the_platform_matches(
    view: str,
) -> None:
    """Nothing to apply, yet `drift` calls them drift: the plan says what it leaves, with the count."""
    stray = [change(f"dam-a/#8D937{n}", Action.UNMANAGED, "not declared") for n in range(2)]
    shown = VIEWS[view](dataclasses.replace(unchanged(PlanOptions()), changes=(in_sync("dam-a"), *stray)))
    assert "matches the manifest" not in shown
    assert (
        "No changes. 2 unmanaged entities are left alone (listed below): the platform holds more than the "
        "manifest declares." in shown
    )
