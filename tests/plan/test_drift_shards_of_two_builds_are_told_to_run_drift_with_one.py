"""Drift reports of one run's shards made by two iotplan builds are refused naming both: the way out
said "plan every shard with one build", a plan's words, to someone who ran `drift`, not `plan`."""

from __future__ import annotations

import pytest

from iotplan.errors import PlanError
from iotplan.plan.coverage import Coverage
from iotplan.plan.drift import DRIFT_FORMAT_VERSION, Report
from iotplan.plan.merge import Part, merge_reports


def test_drift_shards_of_two_builds_are_told_to_run_drift_on_every_shard_with_one_build() -> None:
    reports = [
        Part(f"drift-{index}.json", Report(target="t", shard=Coverage(2, (index,)), made_by=version))
        for index, version in ((1, "1.0.0"), (2, "2.0.0"))
    ]
    with pytest.raises(PlanError) as raised:
        merge_reports(reports)
    said = str(raised.value)
    assert (
        f"drift-1.json and drift-2.json were made by different iotplan builds: iotplan 1.0.0 (format "
        f"{DRIFT_FORMAT_VERSION}) and iotplan 2.0.0 (format {DRIFT_FORMAT_VERSION}); run drift on every "
        "shard with one build"
    ) in said
    assert "plan every shard" not in said
