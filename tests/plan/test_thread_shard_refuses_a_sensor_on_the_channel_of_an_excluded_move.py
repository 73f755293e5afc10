"""Under --shard, a THREAD is planned whole by the shard holding it, which refuses a sensor created on
the channel of a sibling whose move --exclude fences off, as one run does."""

from __future__ import annotations

import pytest

from iotplan.errors import SelectionError
from iotplan.live import LiveProject, LiveState
from iotplan.manifest import parse_manifest
from iotplan.plan.coverage import Shard
from iotplan.plan.desired import desired_state
from iotplan.plan.model import PlanOptions
from iotplan.plan.shard import make_shard_plan
from tests.plan.test_thread import PROJECT, desired, live_as_declared
from tests.plan.thread_channels import MOVED


def test_the_shard_holding_a_thread_refuses_a_sensor_on_the_channel_of_an_excluded_move() -> None:
    connection = live_as_declared(desired())
    live = LiveState(
        "test", {PROJECT: LiveProject(PROJECT, exists=True, connections={connection.node.id: connection})}
    )
    shards = [desired_state(parse_manifest(MOVED, "site.yaml"), shard=Shard(index, 2)) for index in (1, 2)]
    holding = next(each for each in shards if each.nodes)
    with pytest.raises(
        SelectionError, match="thread/ipi/tilt3: needs thread/ipi/tilt2 moved off mux_index 2"
    ):
        make_shard_plan(
            holding,
            live,
            PlanOptions(excludes=("thread/ipi/tilt2",)),
            holding.shard,
            resolve_secret=lambda _: None,
        )
