"""A merge of shards read minutes or hours apart (a failed shard re-run alone, "re-run failed jobs")
joins views of the platform at different times: an apply between them shows in the later shards
only. The merged plan or report keeps the latest read (`read_until`) beside the earliest
(`read_at`) where they are more than `READS_APART` apart, for its views to say so; shards read
together keep none."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from iotplan.plan.coverage import Coverage
from iotplan.plan.merge import READS_APART, Part, merge_plans, merge_reports
from tests.render import drifts, plans

EARLIEST = datetime(2026, 12, 7, 8, 0, 5, tzinfo=UTC)
HOURS_LATER = EARLIEST + timedelta(hours=3)


def _shard_plans(*read: datetime | None) -> list[Part]:
    return [
        Part(f"plan-{index}.json", dataclasses.replace(plans.plan(), shard=Coverage(3, (index,)), read_at=at))
        for index, at in enumerate(read, 1)
    ]


def _shard_reports(*read: datetime | None) -> list[Part]:
    return [
        Part(
            f"drift-{index}.json",
            dataclasses.replace(drifts.report(), shard=Coverage(3, (index,)), read_at=at),
        )
        for index, at in enumerate(read, 1)
    ]


def test_a_merged_report_of_shards_read_hours_apart_keeps_the_latest_read() -> None:
    merged = merge_reports(_shard_reports(EARLIEST, HOURS_LATER, EARLIEST))
    assert (merged.read_at, merged.read_until) == (EARLIEST, HOURS_LATER)


def test_a_merged_plan_of_shards_read_hours_apart_keeps_the_latest_read() -> None:
    merged = merge_plans(_shard_plans(HOURS_LATER, EARLIEST, EARLIEST))
    assert (merged.read_at, merged.read_until) == (EARLIEST, HOURS_LATER)


def test_shards_read_together_keep_no_latest_read() -> None:
    together = EARLIEST + READS_APART
    assert merge_reports(_shard_reports(EARLIEST, together, EARLIEST)).read_until is None
    assert merge_plans(_shard_plans(EARLIEST, together, EARLIEST)).read_until is None


def test_a_shard_without_a_read_time_leaves_no_latest_read() -> None:
    assert merge_reports(_shard_reports(EARLIEST, None, HOURS_LATER)).read_until is None
