"""A mistyped --target, or a --target selection --exclude empties, is told as such, even while a
refusal stands elsewhere in the manifest: the pattern is what is wrong, and no refusal can make a
pattern match nothing (README, Fences)."""

from __future__ import annotations

import pytest

from iotplan.errors import PlanError
from iotplan.plan.coverage import Shard
from iotplan.plan.desired import desired_state
from iotplan.plan.model import PlanOptions
from iotplan.plan.shard import make_shard_plan
from tests.plan.test_diff import load, plan_for
from tests.plan.test_fenced_refusals import WITH_LOGGER_2, _with_an_unnamed_device_in_dam_a
from tests.plan.test_shard_fenced_refusals import _read_by


def _refused(**fences: tuple[str, ...]) -> str:
    with pytest.raises(PlanError) as refused:
        plan_for(load(WITH_LOGGER_2), _with_an_unnamed_device_in_dam_a(), PlanOptions(**fences))
    return str(refused.value)


def test_a_target_matching_nothing_is_told_before_an_unrelated_refusal() -> None:
    said = _refused(targets=("nope*",))
    assert "--target 'nope*' matches no address in this plan" in said
    assert "not found by its refId" not in said


def test_a_target_selection_the_exclusion_empties_is_told_before_an_unrelated_refusal() -> None:
    said = _refused(targets=("dam-b",), excludes=("dam-b",))
    assert "--exclude fences off everything --target picks" in said
    assert "not found by its refId" not in said


def test_a_shards_typo_is_told_before_a_refusal_in_that_shard() -> None:
    shard = Shard(2, 3)  # dam-a's, where logger-2 is refused
    desired = desired_state(load(WITH_LOGGER_2), shard=shard)
    with pytest.raises(PlanError, match="--target 'nope\\*' matches no address in this shard's plan"):
        make_shard_plan(
            desired, _read_by(shard), PlanOptions(targets=("nope*",)), shard, resolve_secret=lambda _: None
        )
