"""A merged plan or drift report is as old as its oldest shard: its `read_at` is the earliest of
theirs, and none when a shard does not say (the oldest is then unknown)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from iotplan.plan.coverage import Coverage
from iotplan.plan.merge import Part, merge_plans, merge_reports
from tests.render import drifts, plans

EARLIEST = datetime(2026, 12, 5, 7, 30, 12, tzinfo=UTC)
LATER = EARLIEST + timedelta(minutes=4)


def _shard_plans(*read: datetime | None) -> list[Part]:
    return [
        Part(f"plan-{index}.json", dataclasses.replace(plans.plan(), shard=Coverage(2, (index,)), read_at=at))
        for index, at in enumerate(read, 1)
    ]


def _shard_reports(*read: datetime | None) -> list[Part]:
    return [
        Part(
            f"drift-{index}.json",
            dataclasses.replace(drifts.report(), shard=Coverage(2, (index,)), read_at=at),
        )
        for index, at in enumerate(read, 1)
    ]


def test_a_merged_plan_was_read_when_its_earliest_shard_was() -> None:
    assert merge_plans(_shard_plans(LATER, EARLIEST)).read_at == EARLIEST


def test_a_merged_drift_report_was_read_when_its_earliest_shard_was() -> None:
    assert merge_reports(_shard_reports(LATER, EARLIEST)).read_at == EARLIEST


def test_a_shard_without_a_read_time_leaves_the_merge_without_one() -> None:
    assert merge_plans(_shard_plans(None, EARLIEST)).read_at is None
    assert merge_reports(_shard_reports(EARLIEST, None)).read_at is None
