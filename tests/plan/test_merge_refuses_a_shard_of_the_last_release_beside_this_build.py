"""A shard matrix upgraded between its jobs, from the last release to this build: the last release
said 0.2.0.dev0 and wrote plan format 1.16 (as this build's format once was), and `merge` tells builds
apart by exactly those, so its shards merged with this build's without a word. This build says
another version, and a shard of the last release beside one of its own is refused."""

from __future__ import annotations

import dataclasses

import pytest

from iotplan import __version__
from iotplan.errors import PlanError
from iotplan.plan.merge import merge_plans
from tests.plan.test_merge import parts, shard_plan

LAST_RELEASE = "0.2.0.dev0"  # what the last release (3d672bfb) says it is


def test_a_shard_of_the_last_release_beside_one_of_this_build_is_refused() -> None:
    released = dataclasses.replace(shard_plan(1, 2), made_by=LAST_RELEASE)
    with pytest.raises(PlanError) as raised:
        merge_plans(parts(released, shard_plan(2, 2)))
    assert (
        f"plan-1.json and plan-2.json were made by different iotplan builds: iotplan {LAST_RELEASE} "
    ) in str(raised.value)
    assert __version__ in str(raised.value)
