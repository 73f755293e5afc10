"""Under --shard, an --exclude naming a THREAD sensor refused as a likely earlier copy (which has no
change) fences its refusal off and the rest is planned, as one run does: the pattern matches what the
refusal is about in the shard holding the THREAD."""

from __future__ import annotations

from iotplan.live import LiveProject, LiveState
from iotplan.manifest import parse_manifest
from iotplan.plan.coverage import Shard
from iotplan.plan.desired import desired_state
from iotplan.plan.model import Action, PlanOptions
from iotplan.plan.shard import make_shard_plan
from tests.plan.test_thread import PROJECT
from tests.plan.thread_earlier_copy import MANIFEST, with_an_earlier_copy_of_tilt3


def test_the_shard_holding_a_thread_plans_the_rest_beside_an_excluded_refused_sensor() -> None:
    connection = with_an_earlier_copy_of_tilt3()
    live = LiveState(
        "test", {PROJECT: LiveProject(PROJECT, exists=True, connections={connection.node.id: connection})}
    )
    shards = [desired_state(parse_manifest(MANIFEST, "site.yaml"), shard=Shard(index, 2)) for index in (1, 2)]
    holding = next(each for each in shards if each.nodes)
    options = PlanOptions(excludes=("thread/ipi/tilt3",))
    plan = make_shard_plan(holding, live, options, holding.shard, resolve_secret=lambda _: None)
    updated = [change.address for change in plan.changes if change.action is Action.UPDATE]
    assert updated == ["thread/ipi/tilt1"]
    assert plan.shard is not None and not plan.shard.unmatched
