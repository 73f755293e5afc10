"""What the apply of a merged plan keeps of each shard once it is done."""

from __future__ import annotations

import pytest

from iotplan.commands.apply import ApplyResult
from iotplan.commands.shard_apply import _without_in_sync
from iotplan.errors import ApplyError
from iotplan.plan.model import Action
from tests.render.plans import change, in_sync, plan


def test_a_finished_shard_keeps_its_waiting_gateways_so_the_apply_still_exits_1() -> None:
    done = plan(
        in_sync("dam-a"),
        change("dam-b", Action.UPDATE, "differs from the manifest"),
        change("gw-1", Action.PENDING, "gateway unreachable"),
        change("gw-2", Action.REFUSED, "gateway serial mismatch"),
    )
    kept = _without_in_sync(ApplyResult(done, after=plan(in_sync("dam-a"), *done.changes[2:])))
    assert [c.address for c in kept.plan.changes] == ["dam-b", "gw-1", "gw-2"]
    assert kept.after is not None and [c.address for c in kept.after.changes] == ["gw-1", "gw-2"]
    with pytest.raises(ApplyError, match="apply is incomplete; these gateways were not changed"):
        kept.raise_if_incomplete()


def test_a_shard_whose_verifying_plan_failed_keeps_none() -> None:
    assert _without_in_sync(ApplyResult(plan(in_sync("dam-a")), verify_error="timed out")).after is None
