"""A shard missing from a merge is named with where its reason is: a refused shard refuses again
until the manifest changes, so running it again is only the way for a job that was lost."""

from __future__ import annotations

import dataclasses

import pytest

from iotplan.errors import PlanError
from iotplan.plan.coverage import Coverage
from iotplan.plan.merge import Part, merge_plans
from tests.render import plans


def test_a_missing_shard_points_to_its_error_and_promises_no_rerun() -> None:
    shards = [
        Part(f"plan-{index}.json", dataclasses.replace(plans.plan(), shard=Coverage(4, (index,))))
        for index in (1, 3)
    ]
    with pytest.raises(PlanError) as raised:
        merge_plans(shards)
    message = str(raised.value)
    assert "shards 2, 4 of 4 missing" in message
    assert "must be run again" not in message
    assert "see its error" in message and "a refusal repeats until the manifest changes" in message
