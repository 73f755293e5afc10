"""A merge refused for a missing shard says to run that shard again, and with it every other shard
if they ran more than a few minutes before: CI's "re-run failed jobs" re-runs the lost one alone,
hours later, and the merged report would join two times' views of the platform."""

from __future__ import annotations

import dataclasses

import pytest

from iotplan.errors import PlanError
from iotplan.plan.coverage import Coverage
from iotplan.plan.merge import Part, merge_reports
from tests.render import drifts


def test_the_missing_shard_advice_names_running_every_shard_again() -> None:
    parts = [
        Part(f"drift-{index}.json", dataclasses.replace(drifts.report(), shard=Coverage(3, (index,))))
        for index in (1, 3)
    ]
    with pytest.raises(PlanError) as raised:
        merge_reports(parts)
    said = str(raised.value)
    assert "shard 2 of 3 missing" in said
    assert "run every shard again" in said
