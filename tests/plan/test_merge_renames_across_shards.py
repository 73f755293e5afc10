"""A key renamed without `moved` whose removal and creation fall in two shards (fz67): neither shard's
plan could hint the pair, each holding one of them; their merged plan hints it as one run's does."""

from __future__ import annotations

import dataclasses

from iotplan import __version__
from iotplan.plan.coverage import Coverage, shard_of_change
from iotplan.plan.merge import Part, merge_plans
from iotplan.plan.model import Plan
from iotplan.plan.shard import shard_slice
from tests.guards.fleet import DAM_A, DAM_B, live_fleet, manifest, plan_for

# dam-a, holding history, renamed dam-ab without `moved`: of two shards, dam-a is the second's,
# dam-ab the first's.
RENAMED = manifest(DAM_A.replace("key: dam-a", "key: dam-ab"), DAM_B)


def shards_of(whole: Plan, count: int) -> list[Part[Plan]]:
    """Each shard's part of one run's plan, as the shard plans it: a removal whose look-alike
    creation is another shard's is hinted in neither."""
    connections = {change.connection: shard_of_change(change.connection, count) for change in whole.changes}
    split = dataclasses.replace(
        whole, made_by=__version__, shard=Coverage(count, tuple(range(1, count + 1)), connections)
    )
    parts = []
    for index in range(1, count + 1):
        part = shard_slice(split, index)
        unhinted = tuple(dataclasses.replace(change, looks_renamed_to=None) for change in part.changes)
        parts.append(Part(f"plan-{index}.json", dataclasses.replace(part, changes=unhinted)))
    return parts


def test_the_merged_plan_hints_a_removal_in_one_shard_renamed_to_a_creation_in_another() -> None:
    whole = plan_for(RENAMED, live_fleet(observations=5))
    [removal] = [change for change in whole.changes if change.address == "dam-a"]
    assert removal.looks_renamed_to == "dam-ab"  # one run's hint
    parts = shards_of(whole, 2)
    assert not any(change.looks_renamed_to for part in parts for change in part.value.changes)
    merged = merge_plans(parts)
    hinted = {change.address: change.looks_renamed_to for change in merged.changes if change.looks_renamed_to}
    assert hinted == {"dam-a": "dam-ab"}
