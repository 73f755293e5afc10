"""A shard fences refusals as one run does: a refusal about an address outside the selection, with
no selected write above or beneath it, refuses nothing there either, so a CI matrix of shards
plans what one run plans; one inside the selection still refuses the shard that holds it."""

from __future__ import annotations

import pytest

from iotplan.errors import NoSafePlanError
from iotplan.live import LiveState
from iotplan.plan.coverage import Shard
from iotplan.plan.desired import desired_state
from iotplan.plan.model import PlanOptions
from iotplan.plan.shard import make_shard_plan
from tests.plan.test_diff import load
from tests.plan.test_fenced_refusals import WITH_LOGGER_2, _with_an_unnamed_device_in_dam_a

# Of three shards, dam-a (logger-2 refused in it) is the second's, the new dam-b the third's; of two,
# both are the second's.
MATRICES = [[Shard(index, 3) for index in (1, 2, 3)], [Shard(index, 2) for index in (1, 2)]]
FENCES = [{"targets": ("dam-b",)}, {"excludes": ("dam-a/logger-2",)}, {"excludes": ("dam-a",)}]


def _read_by(shard: Shard) -> LiveState:
    """The live fleet as the shard reads it: its own connections only."""
    live = _with_an_unnamed_device_in_dam_a()
    for project in live.projects.values():
        for node_id, connection in list(project.connections.items()):
            if not shard.holds(connection.node.props["SERIAL_NO"].removeprefix("site:")):
                del project.connections[node_id]
    return live


def _writes(shard: Shard, options: PlanOptions) -> set[str]:
    desired = desired_state(load(WITH_LOGGER_2), shard=shard)
    plan = make_shard_plan(desired, _read_by(shard), options, shard, resolve_secret=lambda _: None)
    return {change.address for change in plan.writes}


@pytest.mark.parametrize("fence", FENCES, ids=str)
@pytest.mark.parametrize("matrix", MATRICES, ids=len)
def test_a_refusal_outside_the_selection_refuses_no_shard(matrix: list[Shard], fence: dict) -> None:
    options = PlanOptions(**fence)
    planned = [_writes(shard, options) for shard in matrix]
    assert set().union(*planned) == {"dam-b"}  # what one run with the fence plans
    assert planned[-1] == {"dam-b"} and not any(planned[:-1])


@pytest.mark.parametrize("fence", [{"targets": ("dam-a",)}, {"excludes": ("dam-b",)}, {}], ids=str)
def test_a_refusal_inside_the_selection_still_refuses_its_shard(fence: dict) -> None:
    for shard in (Shard(2, 3), Shard(2, 2)):
        with pytest.raises(NoSafePlanError, match="dam-a/logger-2: not found by its refId"):
            _writes(shard, PlanOptions(**fence))
    assert _writes(Shard(3, 3), PlanOptions(**fence)) == (set() if fence else {"dam-b"})
