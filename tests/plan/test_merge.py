"""merge: shards join into one plan only when they are one whole; a merged plan keeps which shard
each connection came from, through its JSON, so its apply can go shard by shard."""

from __future__ import annotations

import dataclasses
import json

import pytest

from iotplan import __version__
from iotplan.errors import PlanError
from iotplan.plan.coverage import Coverage
from iotplan.plan.drift import DRIFT_FORMAT_VERSION, Report
from iotplan.plan.merge import Part, merge_plans, merge_reports
from iotplan.plan.model import FORMAT_VERSION, Action, Plan, PlanOptions
from iotplan.plan.shard import shard_slice
from iotplan.render.json_plan import plan_from_dict, plan_to_json
from tests.render.plans import change, in_sync, plan


def shard_plan(index: int, count: int, *changes, **coverage) -> Plan:
    return dataclasses.replace(
        plan(*changes), made_by=__version__, shard=Coverage(count, (index,), **coverage)
    )


def parts(*plans: Plan) -> list[Part[Plan]]:
    return [Part(f"plan-{number}.json", each) for number, each in enumerate(plans, start=1)]


def test_a_merged_plan_keeps_each_connections_shard_through_its_json() -> None:
    merged = merge_plans(
        parts(
            shard_plan(1, 2, change("dam-e", Action.UPDATE, "differs"), in_sync("dam-e/logger")),
            shard_plan(2, 2, change("dam-b", Action.CREATE, "not on the platform")),
        )
    )
    again = plan_from_dict(json.loads(plan_to_json(merged)))
    assert again.shard is not None and again.shard.complete
    assert [c.address for c in shard_slice(again, 1).changes] == ["dam-e", "dam-e/logger"]
    assert [c.address for c in shard_slice(again, 2).changes] == ["dam-b"]
    assert again.summary.add == 1 and again.summary.change == 1


def test_a_change_in_a_shard_file_its_connection_does_not_belong_to_is_refused_naming_both() -> None:
    """dam-a hashes to shard 2 of 2: its change moved into shard 1's file (an edit, a bad filter)."""
    moved = parts(shard_plan(1, 2, change("dam-a/logger", Action.UPDATE, "differs")), shard_plan(2, 2))
    with pytest.raises(
        PlanError, match=r"plan-1\.json: dam-a/logger belongs to shard 2/2, not to this file's shard 1/2"
    ):
        merge_plans(moved)


def test_an_address_in_two_shards_is_refused_as_an_overlap() -> None:
    with pytest.raises(PlanError, match=r"address dam-a is in plan-1\.json and in plan-2\.json"):
        merge_plans(parts(shard_plan(1, 2, in_sync("dam-a")), shard_plan(2, 2, in_sync("dam-a"))))


def test_a_target_that_no_shard_matched_is_refused_and_one_that_some_did_is_not() -> None:
    options = PlanOptions(targets=("dam-z",))
    typo = [
        dataclasses.replace(shard_plan(index, 2, unmatched=("--target 'dam-z'",)), options=options)
        for index in (1, 2)
    ]
    with pytest.raises(PlanError, match="--target 'dam-z' matches no address in any shard"):
        merge_plans(parts(*typo))
    found = [typo[0], dataclasses.replace(typo[1], shard=Coverage(2, (2,)))]
    assert merge_plans(parts(*found)).shard == Coverage(2, (1, 2), {})


def test_shards_made_with_other_options_are_refused() -> None:
    other = dataclasses.replace(shard_plan(2, 2), options=PlanOptions(prune_unmanaged=True))
    with pytest.raises(PlanError, match=r"options --prune-unmanaged, but plan-1\.json: none"):
        merge_plans(parts(shard_plan(1, 2), other))


def test_shards_made_through_other_json_rpc_endpoints_are_refused() -> None:
    first, second = (
        dataclasses.replace(shard_plan(index, 2), target_rpc_endpoint=rpc)
        for index, rpc in ((1, "ws://127.0.0.1:18241"), (2, "ws://127.0.0.1:18249"))
    )
    with pytest.raises(
        PlanError, match=r"plan-2\.json: JSON-RPC target ws://127.0.0.1:18249, but plan-1\.json: ws://127"
    ):
        merge_plans(parts(first, second))


def test_a_destroy_shard_never_merges_with_a_plan_that_keeps_the_stack() -> None:
    other = dataclasses.replace(shard_plan(2, 2), options=PlanOptions(destroy=True))
    with pytest.raises(PlanError, match=r"options --destroy, but plan-1\.json: none"):
        merge_plans(parts(shard_plan(1, 2), other))


def test_every_problem_is_named_at_once() -> None:
    with pytest.raises(PlanError) as raised:
        merge_plans(
            parts(shard_plan(1, 4), shard_plan(1, 4), dataclasses.replace(shard_plan(2, 4), made_by="9"))
        )
    message = str(raised.value)
    assert "shard 1/4 given twice" in message and "shards 3-4 of 4 missing" in message
    assert (
        f"plan-1.json and plan-3.json were made by different iotplan builds: iotplan {__version__} "
        f"(format {FORMAT_VERSION}) and iotplan 9 (format {FORMAT_VERSION}); plan every shard with one build"
    ) in message


def test_shards_of_one_run_made_by_two_builds_are_refused_naming_both_builds_once() -> None:
    """A pipeline upgraded between its shard jobs: the shards are of one run, and what differs is
    the iotplan that made them (its version and the format it writes), said once, with what to do."""
    older = dataclasses.replace(shard_plan(2, 2), format_version="1.5", made_by="0.1.0")
    with pytest.raises(PlanError) as raised:
        merge_plans(parts(shard_plan(1, 2), older))
    assert str(raised.value) == (
        "cannot merge:\n  plan-1.json and plan-2.json were made by different iotplan builds: "
        f"iotplan {__version__} (format {FORMAT_VERSION}) and iotplan 0.1.0 (format 1.5); plan every shard "
        "with one build"
    )


def test_drift_reports_in_different_format_versions_are_refused() -> None:
    reports = [
        Part(f"drift-{index}.json", Report(target="t", shard=Coverage(2, (index,)), format_version=version))
        for index, version in ((1, DRIFT_FORMAT_VERSION), (2, "1.0"))
    ]
    with pytest.raises(PlanError) as raised:
        merge_reports(reports)
    said = str(raised.value)
    assert (
        "drift-1.json and drift-2.json were made by different iotplan builds: iotplan unknown "
        f"(format {DRIFT_FORMAT_VERSION}) and iotplan unknown (format 1.0); run drift on every shard "
        "with one build"
    ) in said
